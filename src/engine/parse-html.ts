/**
 * Parse HTML with parse5, keeping source locations, into hast: offsets into the text
 * exactly as written (a CRLF counts as two), and for every element the spans
 * of its start tag, end tag and attributes. A full document (`<!DOCTYPE` or
 * `<html>` first) is parsed as a document, anything else as a fragment.
 * `<noscript>` content is parsed as markup (scripting off), as in an export.
 *
 * The tree of a huge region can outgrow the JavaScript heap, and running out
 * of heap kills the process, not just the post. So a region whose tree would
 * not fit is refused before parsing, with the heap it would need.
 */
import v8 from 'node:v8';
import type { Root } from 'hast';
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { toHast } from './to-hast.js';

/** parse5's tree: a document or a fragment. */
export type Parse5Root = DefaultTreeAdapterMap['document'] | DefaultTreeAdapterMap['documentFragment'];

// a comment ends at its first `-->`: a body that could run on over later ones
// would give a run of n comments 2^n ways to fail
const DOCUMENT_START = /^(?:\s|<!--(?:[^-]|-(?!->))*-->)*<(?:!doctype|html[\s>])/i;

/** Whether `text` is a whole HTML document rather than a fragment. */
export function isHtmlDocument(text: string): boolean {
  return DOCUMENT_START.test(text.slice(0, 4096));
}

const OPTIONS = { sourceCodeLocationInfo: true, scriptingEnabled: false };

/**
 * Heap a clean takes, per `<`, per `=` and per character: the smallest
 * --max-old-space-size that cleaned 8 to 25 MB of dense one-line markup,
 * tags with many attributes, comments, tables, runs of <br>, ASCII and CJK
 * prose and 100 000 nested elements was 9 % to 3.7 times under this estimate.
 */
const PER_TAG = 600;
const PER_ATTRIBUTE = 40;
const PER_CHAR = 32;
/** Heap kept for everything else the process holds meanwhile. */
const HEAP_RESERVE = 64 << 20;

export class TooBigError extends Error {
  override readonly name = 'TooBigError';
}

function count(text: string, char: string): number {
  let n = 0;
  for (let index = text.indexOf(char); index !== -1; index = text.indexOf(char, index + 1)) n++;
  return n;
}

let heapLimit: number | undefined;

/** Bytes of heap parsing `text` may take (an upper estimate). */
export function parseHeapEstimate(text: string): number {
  return count(text, '<') * PER_TAG + count(text, '=') * PER_ATTRIBUTE + text.length * PER_CHAR;
}

/** Refuse a text whose tree would not fit in this thread's heap. */
export function checkParseFits(text: string, limit = (heapLimit ??= v8.getHeapStatistics().heap_size_limit)): void {
  const budget = limit - HEAP_RESERVE;
  // the quick answer for every ordinary post: even all tags would fit
  if (text.length * (PER_TAG + PER_CHAR) <= budget) return;
  const need = parseHeapEstimate(text);
  if (need <= budget) return;
  const mb = (bytes: number) => Math.ceil(bytes / (1 << 20));
  throw new TooBigError(
    `too big to parse in memory: ${(text.length / 1e6).toFixed(1)} million characters of HTML in one piece need about ${mb(need)} MB of heap, ` +
      `more than the ${mb(budget)} MB this process may use (NODE_OPTIONS=--max-old-space-size=${Math.ceil((mb(need + HEAP_RESERVE) * 1.1) / 100) * 100} raises it)`,
  );
}

/** parse5's tree of `text`, with locations: a document or a fragment. */
export function parseTree(text: string): Parse5Root {
  checkParseFits(text);
  return isHtmlDocument(text) ? parse(text, OPTIONS) : parseFragment(text, OPTIONS);
}

/**
 * The hast tree of `text` the passes see. Every element keeps parse5's
 * location (start tag, end tag, attributes: offsets into `text`) on
 * `data.sourceCodeLocation` (see src/html/spans.ts and src/engine/to-hast.ts).
 */
export function parseHtml(text: string): Root {
  return toHast(parseTree(text));
}
