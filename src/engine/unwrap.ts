/**
 * The edits that unwrap something, keeping what it holds: an element's tags
 * (its start tag and every end tag the parser gave it), or a Markdown link's
 * brackets and destination (`[text](url)` → `text`).
 */
import type { Span } from '../html/spans.js';
import type { MarkdownReference, TextEdit } from '../types.js';

/** Remove the start tag and each end tag, keeping what is between. */
export function unwrapTags(opening: Span, closings: readonly Span[]): TextEdit[] {
  const edits: TextEdit[] = [{ start: opening.start, end: opening.end, text: '' }];
  for (const closing of closings) edits.push({ start: closing.start, end: closing.end, text: '' });
  return edits;
}

/** Remove a Markdown link's `[` and `](…)`, keeping its text. */
export function unwrapMarkdownLink(reference: MarkdownReference): TextEdit[] {
  return [
    { start: reference.start, end: reference.textStart, text: '' },
    { start: reference.textEnd, end: reference.end, text: '' },
  ];
}
