/**
 * Parse HTML into hast with source positions.
 *
 * parse5 gives offsets into the text exactly as written (a CRLF counts as
 * two), hast-util-from-parse5 with `verbose` keeps the spans of start tags,
 * end tags and attributes. A full document (`<!DOCTYPE` or `<html>` first) is
 * parsed as a document, anything else as a fragment.
 */
import type { Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { VFile } from 'vfile';

/** Deeper trees are refused: converting and walking them is recursive. */
export const MAX_DEPTH = 1500;

export class TooDeepError extends Error {
  constructor(readonly depth: number) {
    super(`elements nested more than ${MAX_DEPTH} deep`);
  }
}

const DOCUMENT_START = /^(?:\s|<!--[\s\S]*?-->)*<(?:!doctype|html[\s>])/i;

/** Whether `text` is a whole HTML document rather than a fragment. */
export function isHtmlDocument(text: string): boolean {
  return DOCUMENT_START.test(text.slice(0, 4096));
}

type P5Node = DefaultTreeAdapterMap['node'];

function depthOf(root: P5Node): number {
  let max = 0;
  const stack: [P5Node, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if ('childNodes' in node) for (const child of node.childNodes) stack.push([child, depth + 1]);
    if ('content' in node && node.content) stack.push([node.content, depth + 1]);
  }
  return max;
}

const OPTIONS = { sourceCodeLocationInfo: true, scriptingEnabled: false };

/** parse5's tree of `text`, with locations: a document or a fragment. */
export function parseP5(text: string): DefaultTreeAdapterMap['document'] | DefaultTreeAdapterMap['documentFragment'] {
  return isHtmlDocument(text) ? parse(text, OPTIONS) : parseFragment(text, OPTIONS);
}

/** Parse `text` into hast with verbose positions (offsets into `text`). */
export function parseHtml(text: string): Root {
  const p5 = parseP5(text);
  const depth = depthOf(p5);
  if (depth > MAX_DEPTH) throw new TooDeepError(depth);
  return fromParse5(p5, { file: new VFile(text), verbose: true }) as Root;
}
