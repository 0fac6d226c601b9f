/**
 * pre-escaped-html: a bare `<pre>` holding a post's own markup that was
 * escaped by mistake (`<pre> &lt;li&gt;&lt;a target="_blank" …&gt;…`) is
 * replaced by that markup, unescaped.
 *
 * Code samples stay. Only a `<pre>` with no class or data-* attribute and
 * nothing but text inside qualifies, and only when:
 * - its content is escaped with `&lt;`/`&gt;` but quotes are literal inside
 *   tags (a highlighter or Markdown renderer writes `&quot;`/`&#34;`);
 * - it shows no document, script or template code, and the text before it
 *   does not introduce code;
 * - unescaped, it is a post's markup (links, list items, paragraphs, inline
 *   formatting) with nothing active (script, handlers, javascript: URLs);
 * - it shows a sign of a paste: escaped keyword autolinks, the attribute
 *   pattern of the post's live links, or prose between the tags together
 *   with literal quotes.
 *
 * The result, exactly: the element from `<pre` to `</pre>` becomes the
 * unescaped content with its whitespace as it was; list items at the top
 * level get `<ul>` before and `</ul>` after; elements left open are closed at
 * the end, innermost first, before that `</ul>`. The result must be well
 * nested (every element closed by its own end tag, no stray end tag), so
 * nothing after the old `</pre>` can parse differently; otherwise the `<pre>`
 * stays, with a warning.
 */
import { decodeHTML } from 'entities';
import type { Element, ElementContent } from 'hast';
import { hasProperty } from 'hast-util-has-property';
import { attributeName, closestFinder, isCodePre, textOf, type Parent } from '../engine/elements.js';
import { closingSpan, elementSpan, openingSpan, type Span } from '../html/spans.js';
import { parseKeywordUrl } from '../hatena/keyword-url.js';
import { inspectMarkup, isWellNested, openAtEnd } from '../html/escaped-markup.js';
import type { Pass, PassContext } from '../types.js';

const ESCAPED_TAG_START = /&lt;(\/?)([a-z][a-z0-9]*)\b/gi;
const MARKUP_TAGS = new Set(['a', 'li', 'ul', 'ol', 'p']);
const RENDERER_QUOTE = /&(?:quot|apos|#0*3[49]|#x0*2[27]);/i;
const CODE_SYNTAX = /&lt;(?:!doctype|!--|html|head|body|\?|%)|\{\{|\{%|@\{|<\?php/i;
const INTRODUCES_CODE =
  /(?:html|xml|css|javascript|タグ|コード|ソース|記述|以下|下記|次の|例えば|例|書き方|書く|code|markup|snippet|example|sample|:|：)\s*[。．.]?$/i;
/** Ancestors a restored list or paragraph may sit in. */
const FLOW_PARENTS = new Set(['div', 'li', 'blockquote', 'td', 'th', 'section', 'article', 'main', 'aside', 'dd', 'body', 'center', 'figure', 'details', 'header', 'footer', 'nav']);

interface Candidate {
  node: Element;
  opening: Span;
  closing: Span;
  /** Its parent, and whether it sits inside a link or a table cell. */
  parent: Parent;
  insideLink: boolean;
  insideCell: boolean;
}

function isBare(node: Element): boolean {
  if (isCodePre(node) || hasProperty(node, 'lang')) return false;
  return node.children.every((child) => child.type === 'text');
}

/** The `rel` of an element, its tokens joined by one space (hast splits it), lowercase. */
function relOf(value: unknown): string | undefined {
  const tokens = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\t\n\f\r ]+/).filter(Boolean) : [];
  return tokens.length > 0 ? tokens.join(' ').toLowerCase() : undefined;
}

/** Tag name and attribute names of an element, the shape of a post's links. */
function signature(tag: string, names: readonly string[]): string | undefined {
  return names.length >= 2 ? `${tag}[${[...names].map((name) => name.toLowerCase()).sort().join(',')}]` : undefined;
}

interface EscapedTag {
  /** The whole escaped tag, `&lt;` to `&gt;`. */
  text: string;
  name: string;
  /** What stands between the name and `&gt;`. */
  rest: string;
}

/**
 * The escaped tags in `raw`: `&lt;name` up to the first `&gt;` after it, as
 * the pattern /&lt;(\/?)([a-z][a-z0-9]*)\b([\s\S]*?)&gt;/gi finds them, but
 * in linear time: the next `&gt;` is looked up once for all the tag starts
 * before it, and the scan stops when none is left.
 */
function escapedTags(raw: string): EscapedTag[] {
  const out: EscapedTag[] = [];
  const lower = raw.toLowerCase();
  let close = -1;
  ESCAPED_TAG_START.lastIndex = 0;
  for (let match = ESCAPED_TAG_START.exec(raw); match; match = ESCAPED_TAG_START.exec(raw)) {
    const from = match.index + match[0].length;
    if (close < from) close = lower.indexOf('&gt;', from);
    if (close === -1) break;
    out.push({ text: raw.slice(match.index, close + 4), name: match[2]!, rest: raw.slice(from, close) });
    ESCAPED_TAG_START.lastIndex = close + 4;
  }
  return out;
}

/** What a candidate is checked against: the whole region, read once. */
interface Surroundings {
  liveSignatures: ReadonlySet<string>;
  /** Whether an offset lies inside a `<table>` as written (a foster-parented `<pre>` is not inside it in the tree). */
  inTable(offset: number): boolean;
  textBefore(node: Element, parent: Parent): string;
}

/** Spans of tables; inTable answers by binary search over the running maximum of their ends. */
function tableLookup(tables: Span[]): (offset: number) => boolean {
  const sorted = [...tables].sort((a, b) => a.start - b.start);
  const reach: number[] = [];
  for (const table of sorted) reach.push(Math.max(table.end, reach.at(-1) ?? -1));
  return (offset) => {
    // the last table starting before offset: some table before it reaches past offset iff the maximum does
    let lo = 0;
    let hi = sorted.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.start < offset) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return last >= 0 && reach[last]! > offset;
  };
}

/** The trimmed text of the siblings just before a node (at least 40 characters when there are). */
function textBeforeFinder(): (node: Element, parent: Parent) => string {
  // a parent's children are indexed once, however many candidates it holds
  const indexes = new Map<Parent, Map<ElementContent, number>>();
  return (node, parent) => {
    let index = indexes.get(parent);
    if (!index) {
      index = new Map((parent.children as ElementContent[]).map((child, position) => [child, position]));
      indexes.set(parent, index);
    }
    const siblings = parent.children;
    let text = '';
    for (let i = (index.get(node) ?? 0) - 1; i >= 0 && text.trim().length < 40; i--) {
      const sibling = siblings[i]!;
      // a comment is no text a reader sees (hast-util-to-string gives its value)
      if (sibling.type !== 'comment') text = textOf(sibling) + text;
    }
    return text.trim();
  };
}

interface Decision {
  replacement?: string;
  refusal?: string;
  /** how many list items and links were restored */
  summary?: string;
}

function decide(context: PassContext, candidate: Candidate, around: Surroundings): Decision | undefined {
  const { source } = context;
  const { liveSignatures } = around;
  const raw = source.slice(candidate.opening.end, candidate.closing.start);
  const escaped = escapedTags(raw);
  // not markup at all (a shell prompt's &lt;placeholder&gt;): nothing to say
  if (!escaped.some((tag) => MARKUP_TAGS.has(tag.name.toLowerCase()))) return undefined;

  if (escaped.some((tag) => RENDERER_QUOTE.test(tag.text))) return { refusal: 'quotes inside its tags are escaped, as a code renderer writes them' };
  if (CODE_SYNTAX.test(raw)) return { refusal: 'it shows document or template code' };
  if (candidate.insideLink) return { refusal: 'it sits inside a link' };
  const parent = candidate.parent;
  if (parent.type === 'element' && !FLOW_PARENTS.has(parent.tagName)) return { refusal: `it sits inside <${parent.tagName}>` };
  if (around.inTable(candidate.opening.start) && !candidate.insideCell) {
    return { refusal: 'it sits inside a table but outside any cell' };
  }
  const intro = around.textBefore(candidate.node, parent);
  if (INTRODUCES_CODE.test(intro)) return { refusal: `the text before it ("…${intro.slice(-12)}") introduces code` };

  const markup = decodeHTML(raw);
  const facts = inspectMarkup(markup);
  if (facts.refusal) return { refusal: facts.refusal };
  if (facts.strayText) return { refusal: 'it has text outside any element, as a code sample does' };

  const tags = facts.elements.map((element) => element.tagName);
  const keywordLinks = facts.elements.filter((element) => {
    if (element.tagName !== 'a') return false;
    const href = element.attrs.find((attribute) => attribute.name === 'href')?.value;
    const classes = element.attrs.find((attribute) => attribute.name === 'class')?.value.toLowerCase().split(/\s+/) ?? [];
    return classes.includes('keyword') || classes.includes('okeyword') || (href !== undefined && parseKeywordUrl(href) !== undefined);
  }).length;
  const ownPattern = facts.elements.some((element) => {
    const key = signature(element.tagName, element.attrs.map((attribute) => attribute.name));
    const rel = relOf(element.attrs.find((attribute) => attribute.name === 'rel')?.value);
    return (key !== undefined && liveSignatures.has(key)) || (rel !== undefined && liveSignatures.has(`rel=${rel}`));
  });
  const literalQuotes = escaped.some((tag) => /["']/.test(tag.rest));
  const cjkProse = (facts.prose.match(/[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/g) ?? []).length;
  const prose = cjkProse >= 10 || facts.prose.length >= 40;
  if (!(keywordLinks > 0 || ownPattern || (prose && literalQuotes))) {
    return { refusal: 'nothing shows it was pasted by mistake (no escaped keyword links, no attribute pattern of this post, no prose with literal quotes)' };
  }

  const topLevel = facts.elements.filter((element) => element.topLevel);
  const wrap = topLevel.length > 0 && topLevel.every((element) => element.tagName === 'li');
  const closers = openAtEnd(markup).reverse().map((tag) => `</${tag}>`).join('');
  const replacement = (wrap ? '<ul>' : '') + markup + closers + (wrap ? '</ul>' : '');
  // a well-nested fragment leaves the parser as it found it: nothing after it can change
  if (!isWellNested(replacement)) return { refusal: 'its markup is not well nested, so the rest of the post could parse differently' };
  const items = tags.filter((tag) => tag === 'li').length;
  const links = tags.filter((tag) => tag === 'a').length;
  return { replacement, summary: `${items} list item${items === 1 ? '' : 's'}, ${links} link${links === 1 ? '' : 's'}` };
}

export const preEscapedHtml: Pass = {
  name: 'pre-escaped-html',
  description: 'Restore a post\'s markup that was pasted escaped into a bare <pre>; code samples stay',
  needle: /<pre[\s/>]/i,
  mayReport: (text) => /&lt;/i.test(text) && hasBarePre(text),
  create(context) {
    const candidates: Candidate[] = [];
    // the post's links, images and list items: their shapes are worked out only for a post with a candidate
    const shaped: Element[] = [];
    const tables: Span[] = [];
    const link = closestFinder(['a']);
    const cell = closestFinder(['td', 'th']);
    return {
      element(node, ancestors) {
        if (node.tagName === 'table') {
          const start = openingSpan(node)?.start;
          const end = closingSpan(node)?.end ?? elementSpan(node)?.end;
          if (start !== undefined && end !== undefined) tables.push({ start, end });
        }
        if (node.tagName === 'a' || node.tagName === 'img' || node.tagName === 'li') shaped.push(node);
        if (node.tagName !== 'pre' || !isBare(node)) return;
        const opening = openingSpan(node);
        const closing = closingSpan(node);
        if (!opening || !closing || closing.start < opening.end) return;
        if (!/&lt;/i.test(context.source.slice(opening.end, closing.start))) return;
        const parent = ancestors[ancestors.length - 1]!;
        candidates.push({ node, opening, closing, parent, insideLink: link(ancestors) !== undefined, insideCell: cell(ancestors) !== undefined });
      },
      finish() {
        if (candidates.length === 0) return;
        const liveSignatures = new Set<string>();
        for (const node of shaped) {
          const key = signature(node.tagName, Object.keys(node.properties).map(attributeName));
          if (key) liveSignatures.add(key);
          const rel = relOf(node.properties.rel);
          if (rel) liveSignatures.add(`rel=${rel}`);
        }
        const around: Surroundings = {
          liveSignatures,
          inTable: tableLookup(tables),
          textBefore: textBeforeFinder(),
        };
        for (const candidate of candidates) {
          const decision = decide(context, candidate, around);
          if (!decision) continue;
          const span = { start: candidate.opening.start, end: candidate.closing.end };
          if (decision.replacement !== undefined) {
            context.report({
              message: `restored markup pasted escaped into <pre> (${decision.summary})`,
              ...span,
              edits: [{ ...span, text: decision.replacement }],
            });
          } else {
            context.report({ message: `kept <pre> of escaped markup: ${decision.refusal}`, ...span, severity: 'warning' });
          }
        }
      },
    };
  },
};

const PRE_START = /<pre(?=[\s/>])/gi;
// Each attribute name and unquoted value is matched whole (the lookaheads), so
// a tag that never closes fails in linear time instead of trying every way of
// cutting a long name into several.
const PRE_TAG = /^<pre((?:[\s/]*[^\s"'>/=]+(?![^\s"'>/=])(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+(?![^\s"'=<>`])))?)*)[\s/]*>/i;
const PRE_ATTRIBUTE = /([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/**
 * Whether the text may hold a `<pre>` without class or data-* attributes.
 * Sound: a start tag it cannot read counts as bare.
 */
export function hasBarePre(text: string): boolean {
  for (const match of text.matchAll(PRE_START)) {
    const tag = PRE_TAG.exec(text.slice(match.index, match.index + 2048));
    if (!tag) return true;
    const names = [...tag[1]!.matchAll(PRE_ATTRIBUTE)].map((attribute) => attribute[1]!.toLowerCase());
    if (!names.some((name) => name === 'class' || name.startsWith('data'))) return true;
  }
  return false;
}
