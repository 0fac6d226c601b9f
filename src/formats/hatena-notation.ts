/**
 * Hatena notation (はてな記法) left in a post: `[http://…:title]`,
 * `>|perl|` … `||<`, `[f:id:…:image]`, `((footnote))`, `*見出し`,
 * `[twitter:@id]`. Hatena rendered it; a static site shows it as it is.
 * blogfix changes none of it, but says so: one warning per post (per entry
 * of a Movable Type export) naming the first few constructs and their lines.
 *
 * Only text outside code counts: code blocks, code spans and autolinks of
 * Markdown, and `<pre>`, `<code>`, `<script>`, `<style>`, `<textarea>`,
 * comments and the tags themselves in HTML. It is conservative where the
 * notation looks like something else:
 * - a bracket followed by `(`, `[` or `:` is a Markdown link or reference;
 * - a superpre (`>|perl|`, `>||`) or quote (`>>`, `>http://…>`) counts only
 *   with its closing line (`||<`, `<<`) after it;
 * - a footnote `((…))` counts only when it holds Japanese (`f((x))` is code-ish text);
 * - a heading line (`*見出し`; `* item` is a Markdown list item, `*a*` emphasis)
 *   is named only beside one of the others, never alone.
 * Everything is matched in one scan first; a post without a candidate costs nothing more.
 */
import type { Report } from '../types.js';
import { layoutOf, type PostFormat } from './layout.js';
import { readMarkdown } from './markdown.js';
import { LineIndex } from '../text/line-index.js';

/** One construct found, at its offset in the text looked at. */
export interface NotationHit {
  /** The construct as named to people: `[f:id:…]`, `>|perl|`, `((…))` … */
  construct: string;
  start: number;
}

/** What a warning lists in full (JSON): each construct and its line. */
export interface NotationItem {
  construct: string;
  line: number;
}

const BRACKET_KEYWORDS = 'f:id|d:id|b:id|g|asin|isbn|tex|twitter|instagram|youtube|gist|google|amazon|wikipedia|niconico|map|keyword|search|jan|ean|uke|ugomemo|question|idea|rakuten';

/** Cheap and ASCII-only (it runs on byte views too): false means no notation. */
const CANDIDATE = new RegExp(
  String.raw`\[(?:(?:${BRACKET_KEYWORDS}):|https?://[^\s\]]*:(?:title|embed|bookmark|barcode|image|detail|movie)|:contents\])|^>\|[\w+#.-]*\|[ \t]*\r?$|^>>[ \t]*\r?$|^>https?://|\(\([^()\n]+\)\)`,
  'im',
);

const BRACKET = new RegExp(String.raw`\[(?:(${BRACKET_KEYWORDS}):[^\]\n]{1,300}|https?://[^\s\]]{1,2000}?:(title|embed|bookmark|barcode|image|detail|movie)(?:[=:][^\]\n]{0,300})?|:contents)\](?![([:])`, 'gi');
const SUPERPRE = /^>\|([\w+#.-]*)\|[ \t]*$/gm;
const SUPERPRE_END = /^\|\|<[ \t]*$/gm;
const QUOTE = /^>(?:>|https?:\/\/[^\s>]+>)[ \t]*$/gm;
const QUOTE_END = /^<<[ \t]*$/gm;
const FOOTNOTE = /(?<![(\w])\(\(([^()\n]{1,300})\)\)(?!\))/g;
const HEADING = /^(\*{1,3})(?:(?:\d{9,10}|p\d+)\*)?(?=[^\s*])[^*\n]+$/gm;
const NON_ASCII = /[^\x00-\x7f]/;

/** Whether `text` may hold Hatena notation at all (one scan). */
export const mayHoldNotation = (text: string): boolean => CANDIDATE.test(text);

const spaces = (text: string) => text.replace(/[^\r\n]/g, ' ');

/** HTML with code, comments and the tags themselves blanked (offsets kept). */
function blankHtml(text: string): string {
  return text
    .replace(/<(pre|code|script|style|textarea|xmp|listing)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, spaces)
    .replace(/<!--[\s\S]*?-->/g, spaces)
    .replace(/<[A-Za-z/!?][^<>]*>/g, spaces);
}

/** Where the last match of a global pattern starts, or -1. */
function lastMatch(text: string, pattern: RegExp): number {
  let last = -1;
  for (const match of text.matchAll(pattern)) last = match.index;
  return last;
}

/** The constructs in one region's text (`kind` as the engine reads it), in order. */
export function findNotation(text: string, kind: 'html' | 'markdown' | 'mdx'): NotationHit[] {
  if (!mayHoldNotation(text)) return [];
  let view = text;
  if (kind !== 'html') {
    try {
      view = readMarkdown(text, kind === 'mdx').html;
    } catch {
      return [];
    }
  }
  view = blankHtml(view).replace(/\r(?!\n)/g, '\n');
  const strong: NotationHit[] = [];
  for (const match of view.matchAll(BRACKET)) {
    const construct = match[1] ? `[${match[1].toLowerCase()}:…]` : match[2] ? `[http://…:${match[2].toLowerCase()}]` : '[:contents]';
    strong.push({ construct, start: match.index });
  }
  // an opener counts when a closing line comes after it: after it, before the last closer
  const lastSuperpreEnd = lastMatch(view, SUPERPRE_END);
  for (const match of view.matchAll(SUPERPRE)) {
    if (match.index < lastSuperpreEnd) strong.push({ construct: `>|${match[1]}|`, start: match.index });
  }
  const lastQuoteEnd = lastMatch(view, QUOTE_END);
  for (const match of view.matchAll(QUOTE)) {
    if (match.index < lastQuoteEnd) strong.push({ construct: match[0].startsWith('>>') ? '>>' : '>http://…>', start: match.index });
  }
  for (const match of view.matchAll(FOOTNOTE)) {
    if (NON_ASCII.test(match[1]!)) strong.push({ construct: '((…))', start: match.index });
  }
  if (strong.length === 0) return [];
  for (const match of view.matchAll(HEADING)) strong.push({ construct: `${match[1]}見出し`, start: match.index });
  return strong.sort((a, b) => a.start - b.start);
}

const SHOWN = 3;

/** The one warning for the constructs of a post or an entry. */
export function notationReport(hits: readonly NotationHit[], lines: LineIndex, offset = 0): (Report & { notation: NotationItem[] }) | undefined {
  if (hits.length === 0) return undefined;
  const notation = hits.map((hit) => ({ construct: hit.construct, line: lines.locate(hit.start + offset).line }));
  const named = notation
    .slice(0, SHOWN)
    .map((item) => `${item.construct} (line ${item.line})`)
    .join(', ');
  const more = notation.length > SHOWN ? ` and ${notation.length - SHOWN} more` : '';
  return {
    pass: 'hatena-notation',
    message: `Hatena notation, which a static site shows as it is: ${named}${more}; left unchanged`,
    start: hits[0]!.start + offset,
    end: hits[0]!.start + offset,
    severity: 'warning',
    edits: [],
    notation,
  };
}

/** The warnings for a whole post (one per Movable Type entry), offsets in `text`. */
export function notationReports(text: string, format: PostFormat | 'auto', path?: string): Report[] {
  if (!mayHoldNotation(text)) return [];
  let layout;
  try {
    layout = layoutOf(text, format, path);
  } catch {
    return [];
  }
  const lines = new LineIndex(text);
  const out: Report[] = [];
  for (const region of layout.regions) {
    const report = notationReport(findNotation(text.slice(region.start, region.end), region.kind), lines, region.start);
    if (!report) continue;
    if (region.label !== undefined) report.entry = region.label;
    out.push(report);
  }
  return out;
}
