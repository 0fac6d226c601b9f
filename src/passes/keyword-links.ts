/**
 * keyword-links: unwrap Hatena keyword autolinks, keeping their content exactly.
 *
 * `<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF...">クラウド</a>`
 * becomes `クラウド`: the start and end tags go, nothing else moves, so a
 * link that split a word (`リク<a …>エス</a>ト`) leaves the word whole.
 *
 * A link with class `keyword` or `okeyword` to a Hatena keyword page is an
 * autolink. Without the class a link was written by a person; it goes only on
 * strong evidence (Hatena Diary's keyword host, the keyword is its text, in
 * running text, not a citation) and otherwise stays, with a warning.
 */
import type { Element } from 'hast';
import { closestFinder, textOf } from '../engine/elements.js';
import { closingSpan, openingSpan, type Span } from '../html/spans.js';
import { decodeKeyword, isGarbledKeyword, parseKeywordUrl, readingMatching, type KeywordUrl } from '../hatena/keyword-url.js';
import { mayContain } from '../engine/prefilter.js';
import { unwrapMarkdownLink, unwrapTags } from '../engine/unwrap.js';
import type { MarkdownReference, Pass, PassContext } from '../types.js';

const NEEDLE = /keyword/i;
const QUOTING = ['cite', 'q', 'blockquote'];

interface Candidate {
  node: Element;
  /** The quoting element it sits in (cite, q, blockquote), if any. */
  quote: string | undefined;
  url: KeywordUrl;
  opening: Span;
  closings: Span[];
  text: string;
}


function keywordName(url: KeywordUrl, text: string): string {
  return readingMatching(url.encoded, text) ?? decodeKeyword(url.encoded) ?? text;
}

const unwrappedMessages = new Map<string, string>();

/** One message string per keyword: an export may unwrap the same keyword thousands of times. */
function unwrappedMessage(keyword: string): string {
  let message = unwrappedMessages.get(keyword);
  if (message === undefined) {
    if (unwrappedMessages.size > 10000) unwrappedMessages.clear();
    message = `unwrapped keyword link "${keyword}"`;
    unwrappedMessages.set(keyword, message);
  }
  return message;
}

const AUTOLINK_CLASS = /^o?keyword$/i;

/** Whether a link has class `keyword` or `okeyword` (any case). */
function isAutolink(node: Element): boolean {
  const classes = node.properties.className;
  return Array.isArray(classes) && classes.some((name) => AUTOLINK_CLASS.test(String(name)));
}

function decide(context: PassContext, candidate: Candidate): void {
  const { node, quote, url, opening, closings, text } = candidate;
  const keyword = keywordName(url, text);
  if (isAutolink(node)) {
    context.report({ message: unwrappedMessage(keyword), start: opening.start, end: opening.end, edits: unwrapTags(opening, closings), keyword });
    return;
  }
  let reason: string | undefined;
  if (url.kind !== 'diary') reason = `it has no keyword class and points at ${url.host || 'a relative /keyword/ path'}`;
  else if (readingMatching(url.encoded, text) === undefined) reason = 'it has no keyword class and its text is not the keyword';
  else if (quote) reason = `it is inside <${quote}>: a citation someone wrote`;
  if (reason) {
    context.report({ message: `kept link to keyword page "${keyword}": ${reason}`, ...opening, severity: 'warning', keyword });
    return;
  }
  context.report({
    message: `unwrapped keyword link "${keyword}" (no class, but its text is the keyword)`,
    start: opening.start,
    end: opening.end,
    edits: unwrapTags(opening, closings),
    keyword,
  });
}

function markdownLink(context: PassContext, reference: MarkdownReference): void {
  if (reference.kind !== 'link') return;
  const label = reference.label;
  const url = parseKeywordUrl(reference.url, context.options.keywordHosts);
  if (!url) return;
  const keyword = keywordName(url, label);
  if (url.kind !== 'diary' || readingMatching(url.encoded, label) === undefined) {
    context.report({
      message: isGarbledKeyword(url.encoded)
        ? `kept Markdown link to keyword page "${keyword}": a converter garbled its URL (U+FFFD in place of EUC-JP bytes) and what is left does not match its text`
        : `kept Markdown link to keyword page "${keyword}": its text is not the keyword or the host is not d.hatena.ne.jp`,
      start: reference.start,
      end: reference.end,
      severity: 'warning',
      keyword,
    });
    return;
  }
  context.report({
    message: `unwrapped Markdown keyword link "${keyword}"`,
    start: reference.start,
    end: reference.end,
    edits: unwrapMarkdownLink(reference),
    keyword,
  });
}

export const keywordLinks: Pass = {
  name: 'keyword-links',
  description: 'Unwrap Hatena keyword autolinks (<a class="keyword" href=".../keyword/...">), keeping their text',
  needle: NEEDLE,
  mayReport: (text) => mayContain(text, NEEDLE),
  create(context) {
    // One start tag can stand for several elements when the parser rebuilt a
    // link across block boundaries; they share the opening span.
    const byOpening = new Map<number, Candidate>();
    const quoting = closestFinder(QUOTING);
    return {
      element(node, ancestors) {
        if (node.tagName !== 'a') return;
        const href = node.properties.href;
        // every keyword page URL has "keyword" in its path: a cheap test first
        if (typeof href !== 'string' || !/keyword/i.test(href)) return;
        const url = parseKeywordUrl(href, context.options.keywordHosts);
        if (!url) return;
        const opening = openingSpan(node);
        // a start tag as written (<a ...>), not one the parser rebuilt elsewhere
        if (!opening || context.source.charCodeAt(opening.start) !== 60 || (context.source.charCodeAt(opening.start + 1) | 32) !== 97) return;
        const closing = closingSpan(node);
        const seen = byOpening.get(opening.start);
        if (seen) {
          if (closing && !seen.closings.some((span) => span.start === closing.start)) seen.closings.push(closing);
          seen.text += textOf(node);
          return;
        }
        byOpening.set(opening.start, { node, quote: quoting(ancestors)?.tagName, url, opening, closings: closing ? [closing] : [], text: textOf(node) });
      },
      markdown(reference) {
        markdownLink(context, reference);
      },
      finish() {
        for (const candidate of byOpening.values()) decide(context, candidate);
      },
    };
  },
};
