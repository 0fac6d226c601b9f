/**
 * Check that replacing `text.slice(start, end)` leaves the rest of the text
 * parsing exactly as before: every node after the replaced span keeps its
 * name, its ancestors and its (shifted) position.
 */
import type { DefaultTreeAdapterMap } from 'parse5';
import { parseTree } from '../../src/engine/parse-html.js';

type P5Node = DefaultTreeAdapterMap['node'];

function signaturesAfter(text: string, cut: number, shift: number): string[] {
  const fragment = parseTree(text);
  const out: string[] = [];
  const stack: [P5Node, string][] = [];
  for (let index = fragment.childNodes.length - 1; index >= 0; index--) stack.push([fragment.childNodes[index]!, '']);
  while (stack.length) {
    const [node, path] = stack.pop()!;
    const location = node.sourceCodeLocation;
    const name = node.nodeName;
    if (location) {
      // text next to the span may merge with text from it: compare text by where it ends
      if (name === '#text') {
        if (location.endOffset > cut) out.push(`${path}/#text~${location.endOffset - shift}`);
      } else if (location.startOffset >= cut) out.push(`${path}/${name}@${location.startOffset - shift}`);
    }
    if ('childNodes' in node) {
      const inner = `${path}/${name}`;
      for (let index = node.childNodes.length - 1; index >= 0; index--) stack.push([node.childNodes[index]!, inner]);
    }
  }
  return out;
}

export function sameParseAfter(text: string, start: number, end: number, replacement: string): boolean {
  const next = text.slice(0, start) + replacement + text.slice(end);
  const shift = replacement.length - (end - start);
  const before = signaturesAfter(text, end, 0);
  const after = signaturesAfter(next, start + replacement.length, shift);
  if (before.length !== after.length) return false;
  return before.every((signature, index) => signature === after[index]);
}
