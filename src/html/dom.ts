/**
 * Read-only helpers over parse5's tree, parsed with source locations.
 *
 * parse5 keeps, for every element, the span of its start tag, of its end tag
 * (when one was written) and of each attribute, and gives attribute values
 * with character references decoded. Offsets always come from those spans,
 * never from the length of a value (references and CRLF make them differ).
 */
import type { DefaultTreeAdapterMap } from 'parse5';

export type Element = DefaultTreeAdapterMap['element'];
export type ChildNode = DefaultTreeAdapterMap['childNode'];
export type ParentNode = DefaultTreeAdapterMap['parentNode'];
export type Root = DefaultTreeAdapterMap['document'] | DefaultTreeAdapterMap['documentFragment'];

export interface Span {
  start: number;
  end: number;
}

export function isElement(node: ChildNode | ParentNode): node is Element {
  return 'tagName' in node;
}

/** The start tag as written, or undefined for elements the parser implied. */
export function openingSpan(node: Element): Span | undefined {
  const location = node.sourceCodeLocation?.startTag;
  return location ? { start: location.startOffset, end: location.endOffset } : undefined;
}

/** The end tag as written, or undefined when there is none. */
export function closingSpan(node: Element): Span | undefined {
  const location = node.sourceCodeLocation?.endTag;
  return location ? { start: location.startOffset, end: location.endOffset } : undefined;
}

/** An attribute's value (character references decoded), or undefined. Names are lowercase. */
export function attribute(node: Element, name: string): string | undefined {
  for (const attr of node.attrs) if (attr.name === name && !attr.prefix) return attr.value;
  return undefined;
}

/** The span of one attribute (`name="value"`) as written. */
export function attributeSpan(node: Element, name: string): Span | undefined {
  const location = node.sourceCodeLocation?.attrs?.[name];
  return location ? { start: location.startOffset, end: location.endOffset } : undefined;
}

export interface AttributeParts {
  name: Span;
  /** Value without its quotes; undefined for a bare attribute. */
  value?: Span;
  quote: '"' | "'" | '';
}

const ATTRIBUTE = /^([^\s"'>/=][^\s/>=]*)(?:(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/;

/** Split the source of an attribute into name and value spans. */
export function attributeParts(source: string, span: Span): AttributeParts | undefined {
  const match = ATTRIBUTE.exec(source.slice(span.start, span.end));
  if (!match) return undefined;
  const name = { start: span.start, end: span.start + match[1]!.length };
  if (match[2] === undefined) return { name, quote: '' };
  const quote = match[3] !== undefined ? '"' : match[4] !== undefined ? "'" : '';
  const raw = match[3] ?? match[4] ?? match[5] ?? '';
  const valueStart = name.end + match[2].length + (quote ? 1 : 0);
  return { name, value: { start: valueStart, end: valueStart + raw.length }, quote };
}

const CODE_ELEMENTS = new Set(['code', 'kbd', 'samp', 'script', 'style', 'textarea', 'template', 'xmp', 'listing', 'plaintext']);

/** A `<pre>` that Hatena (or a highlighter) made for code: it carries a class or a data-* attribute. */
export function isCodePre(node: Element): boolean {
  return node.tagName === 'pre' && node.attrs.some((attr) => attr.name === 'class' || attr.name.startsWith('data-'));
}

/** An element whose content is a code sample and must never be edited. */
export function isCodeSample(node: Element): boolean {
  return CODE_ELEMENTS.has(node.tagName) || isCodePre(node);
}

/** The nearest ancestor with one of these tag names. */
export function closest(node: Element, tagNames: readonly string[]): Element | undefined {
  for (let parent = node.parentNode; parent && isElement(parent); parent = parent.parentNode) {
    if (tagNames.includes(parent.tagName)) return parent;
  }
  return undefined;
}

/**
 * `closest` for many nodes of one tree. Every ancestor's answer is kept once
 * found, so asking for each of n elements nested n deep costs O(n), not
 * O(n²). Make one per tree (per pass visitor).
 */
export function closestFinder(tagNames: readonly string[]): (node: Element) => Element | undefined {
  // node -> the node itself or its nearest ancestor with one of the names (null: none)
  const known = new Map<ParentNode, Element | null>();
  return (node) => {
    const path: ParentNode[] = [];
    let found: Element | null = null;
    for (let current = node.parentNode; current && isElement(current); current = current.parentNode) {
      const cached = known.get(current);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      if (tagNames.includes(current.tagName)) {
        found = current;
        break;
      }
      path.push(current);
    }
    for (const visited of path) known.set(visited, found);
    return found ?? undefined;
  };
}

/** The text content of a node, as the parser decoded it (iterative: any depth). */
export function textContent(node: ChildNode | ParentNode): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  if (!('childNodes' in node)) return '';
  // the usual case: one text child
  if (node.childNodes.length === 1 && node.childNodes[0]!.nodeName === '#text') return (node.childNodes[0] as DefaultTreeAdapterMap['textNode']).value;
  let out = '';
  const stack: ChildNode[] = [...node.childNodes].reverse();
  while (stack.length) {
    const child = stack.pop()!;
    if (child.nodeName === '#text') out += (child as DefaultTreeAdapterMap['textNode']).value;
    else if ('childNodes' in child) for (let index = child.childNodes.length - 1; index >= 0; index--) stack.push(child.childNodes[index]!);
  }
  return out;
}
