/**
 * Where, in the source, a Markdown link or image keeps its destination and
 * title: `[text](destination "title")`, `![alt](<destination>)`. The
 * reader gives the whole span and the destination as CommonMark reads it
 * (escapes and character references decoded); an edit needs the span of the
 * destination as written. Only a destination written exactly as it reads
 * (no escapes, no references) is found: the others are left alone.
 */
import type { Span } from '../html/spans.js';
import type { MarkdownReference } from '../types.js';

export interface MarkdownDestination {
  /** The destination as written, without its angle brackets. */
  url: Span;
  /** The title with its quotes or parentheses, when there is one. */
  title?: Span;
  /** The title's text, as written. */
  titleText?: string;
}

/** The destination (and title) of an inline link or image, or undefined when it is not written plainly. */
export function markdownDestination(source: string, reference: MarkdownReference): MarkdownDestination | undefined {
  const { start, end } = reference;
  if (source.charCodeAt(end - 1) !== 41 /* ) */) return undefined;
  // the destination follows the last "](" before it: a title holding "](" is not handled
  const open = source.lastIndexOf('](', end - 1);
  if (open < start) return undefined;
  let cursor = open + 2;
  while (cursor < end - 1 && /[ \t\r\n]/.test(source[cursor]!)) cursor++;
  let url: Span;
  if (source[cursor] === '<') {
    const close = source.indexOf('>', cursor + 1);
    if (close < 0 || close >= end - 1) return undefined;
    url = { start: cursor + 1, end: close };
    cursor = close + 1;
  } else {
    let stop = cursor;
    while (stop < end - 1 && !/[ \t\r\n]/.test(source[stop]!)) stop++;
    url = { start: cursor, end: stop };
    cursor = stop;
  }
  if (source.slice(url.start, url.end) !== reference.url) return undefined;
  while (cursor < end - 1 && /[ \t\r\n]/.test(source[cursor]!)) cursor++;
  if (cursor === end - 1) return { url };
  const quote = source[cursor];
  const closer = quote === '(' ? ')' : quote;
  if ((quote !== '"' && quote !== "'" && quote !== '(') || source.lastIndexOf(closer!, end - 2) <= cursor) return undefined;
  const titleEnd = source.lastIndexOf(closer!, end - 2) + 1;
  if (source.slice(titleEnd, end - 1).trim() !== '') return undefined;
  return { url, title: { start: cursor, end: titleEnd }, titleText: source.slice(cursor + 1, titleEnd - 1) };
}

/**
 * The span of an image's alt as written (`![alt](…)`), when the alt is
 * written exactly as it reads; undefined otherwise.
 */
export function markdownAlt(source: string, reference: MarkdownReference): Span | undefined {
  if (reference.kind !== 'image' || !source.startsWith('![', reference.start)) return undefined;
  const start = reference.start + 2;
  const end = start + reference.label.length;
  if (source.slice(start, end) !== reference.label || !source.startsWith('](', end)) return undefined;
  return { start, end };
}
