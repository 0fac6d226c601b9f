/**
 * Small read-only helpers over hast elements parsed with verbose positions.
 * Offsets always come from positions, never from the length of a value.
 */
import type { Element, Nodes, Parents } from 'hast';

export interface Span {
  start: number;
  end: number;
}

type Position = { start: { offset?: number | undefined }; end: { offset?: number | undefined } } | undefined;

function spanOf(position: Position): Span | undefined {
  const start = position?.start.offset;
  const end = position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** The start tag as written, or undefined for elements the parser implied. */
export function openingSpan(node: Element): Span | undefined {
  return spanOf(node.data?.position?.opening);
}

/** The end tag as written, or undefined when there is none. */
export function closingSpan(node: Element): Span | undefined {
  return spanOf(node.data?.position?.closing);
}

/** The whole element as written. */
export function elementSpan(node: Nodes): Span | undefined {
  return spanOf(node.position);
}

/** The span of one attribute (`name="value"`), by hast property name. */
export function attributeSpan(node: Element, property: string): Span | undefined {
  return spanOf(node.data?.position?.properties?.[property]);
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
  const text = source.slice(span.start, span.end);
  const match = ATTRIBUTE.exec(text);
  if (!match) return undefined;
  const name = { start: span.start, end: span.start + match[1]!.length };
  if (match[2] === undefined) return { name, quote: '' };
  const quote = match[3] !== undefined ? '"' : match[4] !== undefined ? "'" : '';
  const raw = match[3] ?? match[4] ?? match[5] ?? '';
  const valueStart = name.end + match[2].length + (quote ? 1 : 0);
  return { name, value: { start: valueStart, end: valueStart + raw.length }, quote };
}

/** Class tokens, lowercased. */
export function classTokens(node: Element): string[] {
  const value: unknown = node.properties.className;
  if (Array.isArray(value)) return value.map((token) => String(token).toLowerCase());
  if (typeof value === 'string') return value.toLowerCase().split(/\s+/).filter(Boolean);
  return [];
}

/** A property as a string ('' for a bare attribute, undefined when absent). */
export function stringProperty(node: Element, property: string): string | undefined {
  const value = node.properties[property];
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) return '';
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

const CODE_ELEMENTS = new Set(['code', 'kbd', 'samp', 'script', 'style', 'textarea', 'template', 'xmp', 'listing', 'plaintext']);

/** A `<pre>` that Hatena (or a highlighter) made for code: it carries a class or data-lang/data-unlink. */
export function isCodePre(node: Element): boolean {
  if (node.tagName !== 'pre') return false;
  return Object.keys(node.properties).some((key) => key === 'className' || key.startsWith('data'));
}

/** An element whose content is a code sample and must never be edited. */
export function isCodeSample(node: Element): boolean {
  return CODE_ELEMENTS.has(node.tagName) || isCodePre(node);
}

/** Whether any ancestor is the given element. */
export function hasAncestor(ancestors: readonly Parents[], tagName: string): boolean {
  for (let index = ancestors.length - 1; index >= 0; index--) {
    const ancestor = ancestors[index]!;
    if (ancestor.type === 'element' && ancestor.tagName === tagName) return true;
  }
  return false;
}

/** The text content of a node, as the parser decoded it. */
export function textContent(node: Nodes): string {
  if (node.type === 'text' || node.type === 'comment') return node.type === 'text' ? node.value : '';
  if (!('children' in node)) return '';
  let out = '';
  for (const child of node.children) out += textContent(child);
  return out;
}
