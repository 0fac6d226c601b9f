/**
 * What the engine and the passes ask of a hast element, on top of the hast
 * utilities: which elements are code samples, their text at any depth, and
 * the nearest ancestor of a kind for many elements of one tree.
 */
import type { Element, Nodes, Root } from 'hast';
import { convertElement } from 'hast-util-is-element';
import { toString } from 'hast-util-to-string';
import { find, html } from 'property-information';

/** A node that holds others: what a visitor's `ancestors` are made of. */
export type Parent = Root | Element;

// made once: isElement(node, names) would build this test again on every call
const isCodeElement = convertElement(['code', 'kbd', 'samp', 'script', 'style', 'textarea', 'template', 'xmp', 'listing', 'plaintext']);

/** The attribute a property was written as (`className` → `class`, `dataLang` → `data-lang`). */
export function attributeName(property: string): string {
  let name = attributeNames.get(property);
  if (name === undefined) {
    name = find(html, property).attribute;
    if (attributeNames.size < 10_000) attributeNames.set(property, name);
  }
  return name;
}

// find() normalizes the name and may build an Info each time: asked per attribute of every link, keep its answers
const attributeNames = new Map<string, string>();

/** A `<pre>` that Hatena (or a highlighter) made for code: it carries a class or a data-* attribute. */
export function isCodePre(node: Element): boolean {
  if (node.tagName !== 'pre') return false;
  for (const property in node.properties) {
    if (property === 'className' || (property.startsWith('data') && attributeName(property).startsWith('data-'))) return true;
  }
  return false;
}

/** An element whose content is a code sample and must never be edited. */
export function isCodeSample(node: Element): boolean {
  return isCodeElement(node) || isCodePre(node);
}

/** Text content, iteratively (for subtrees too deep for recursion). */
function textDeep(node: Nodes): string {
  let out = '';
  const stack: Nodes[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'text') out += current.value;
    else if ('children' in current) for (let index = current.children.length - 1; index >= 0; index--) stack.push(current.children[index]!);
  }
  return out;
}

/** The text content of a node (hast-util-to-string), at any depth. */
export function textOf(node: Nodes): string {
  try {
    return toString(node);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return textDeep(node);
  }
}

/**
 * The nearest of a node's `ancestors` (root first, parent last) that is an
 * element with one of these tag names. Every ancestor's answer is kept once
 * found, so asking for each of n elements nested n deep costs O(n), not
 * O(n²). Make one per tree (per pass visitor).
 */
export function closestFinder(tagNames: readonly string[]): (ancestors: readonly Parent[]) => Element | undefined {
  // an ancestor -> itself or its nearest ancestor with one of the names (null: none)
  const known = new Map<Parent, Element | null>();
  return (ancestors) => {
    let found: Element | null = null;
    let index = ancestors.length - 1;
    for (; index >= 0; index--) {
      const current = ancestors[index]!;
      const cached = known.get(current);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      if (current.type === 'element' && tagNames.includes(current.tagName)) {
        found = current;
        break;
      }
    }
    for (let above = Math.max(index, 0); above < ancestors.length; above++) if (!known.has(ancestors[above]!)) known.set(ancestors[above]!, found);
    return found ?? undefined;
  };
}
