/**
 * Lines of a source text around a span: for removing a line that holds
 * nothing but one piece of markup.
 */
import type { Span } from '../html/spans.js';

/**
 * When `span` is alone on its line(s) (only spaces and tabs beside it), the
 * span of the whole line(s) with one line ending, so that removing it leaves
 * no blank line; otherwise undefined. The ending removed is the line's own,
 * or the one before it for the text's last line.
 */
export function wholeLines(source: string, span: Span): Span | undefined {
  let start = span.start;
  while (start > 0 && (source[start - 1] === ' ' || source[start - 1] === '\t')) start--;
  if (start > 0 && source[start - 1] !== '\n' && source[start - 1] !== '\r') return undefined;
  let end = span.end;
  while (end < source.length && (source[end] === ' ' || source[end] === '\t')) end++;
  if (end < source.length) {
    if (source[end] === '\r' && source[end + 1] === '\n') return { start, end: end + 2 };
    if (source[end] === '\n' || source[end] === '\r') return { start, end: end + 1 };
    return undefined;
  }
  // the last line: take the line ending before it
  if (start === 0) return { start, end };
  const before = source[start - 1] === '\n' && source[start - 2] === '\r' ? 2 : 1;
  return { start: start - before, end };
}
