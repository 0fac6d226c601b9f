/**
 * What may differ between a post and its cleaned version: checks shared by
 * the property tests and the malformed-HTML run.
 */
import { decodeHTML } from 'entities';
import { parseHtml } from '../../src/engine/parse-html.js';
import { textOf } from '../../src/engine/elements.js';

/**
 * The text a reader sees, as the parser reads it (comments are not text), and
 * with markup that was escaped into text taken out as well: a restored paste
 * turns `&lt;li&gt;` shown as text into a list item, which is no change of
 * text. References are decoded once more for the same reason (`&amp;amp;` in
 * the paste is `&amp;` in the markup). Whitespace does not count.
 */
export function visibleText(html: string): string {
  return decodeHTML(textOf(parseHtml(html)))
    .replace(/<[a-zA-Z/!][^<>]*>/g, '')
    .replace(/\s+/g, '');
}

/**
 * Whether `output` is `input` with only the spans changed: the pieces of the
 * input outside every span must stand in the output, in order, the first at
 * its start and the last at its end (each span may have become anything).
 */
export function changedOnlyInside(input: string, output: string, spans: readonly { start: number; end: number }[]): boolean {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const pieces: string[] = [];
  let from = 0;
  for (const span of sorted) {
    if (span.start < from) {
      // overlapping spans: the piece between is empty
      from = Math.max(from, span.end);
      continue;
    }
    pieces.push(input.slice(from, span.start));
    from = span.end;
  }
  pieces.push(input.slice(from));
  if (pieces.length === 1) return output === input;
  const first = pieces[0]!;
  const last = pieces.at(-1)!;
  if (!output.startsWith(first) || !output.endsWith(last)) return false;
  const limit = output.length - last.length;
  let position = first.length;
  for (const piece of pieces.slice(1, -1)) {
    const at = output.indexOf(piece, position);
    if (at === -1 || at + piece.length > limit) return false;
    position = at + piece.length;
  }
  return position <= limit;
}
