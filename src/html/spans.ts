/**
 * Source spans of a hast element: its start tag, its end tag and each
 * attribute, as written in the text that was parsed.
 *
 * hast's own `position` gives an element's start and end only. The engine
 * keeps parse5's location of every element on `node.data.sourceCodeLocation`
 * (see src/engine/tree.ts), which also holds the start and end tag and one
 * span per attribute, keyed by the attribute's name as parsed (lowercase).
 * Offsets always come from those spans, never from the length of a value
 * (character references and CRLF make them differ).
 *
 * Attribute values are read from hast's `properties` (decoded, with
 * property-information's names: `className`, `dataFoo`); what no library
 * gives is where an attribute is written and where its name and value are.
 */
import type { Comment, Element } from 'hast';
import type { Token } from 'parse5';

declare module 'hast' {
  interface ElementData {
    /**
     * parse5's location of the element: start tag, end tag (when written),
     * and attributes by name. Absent for elements the parser implied.
     */
    sourceCodeLocation?: Token.ElementLocation | null;
  }
  interface CommentData {
    /** parse5's location of the comment, `<!--` to `-->`. */
    sourceCodeLocation?: Token.Location | null;
  }
}

export interface Span {
  start: number;
  end: number;
}

/** The start tag as written, or undefined for elements the parser implied. */
export function openingSpan(node: Element): Span | undefined {
  const location = node.data?.sourceCodeLocation?.startTag;
  return location ? { start: location.startOffset, end: location.endOffset } : undefined;
}

/** The end tag as written, or undefined when there is none. */
export function closingSpan(node: Element): Span | undefined {
  const location = node.data?.sourceCodeLocation?.endTag;
  return location ? { start: location.startOffset, end: location.endOffset } : undefined;
}

/**
 * The element from its start to where parse5 ended it (for an element closed
 * by something else, where that happened), or undefined when implied.
 */
export function elementSpan(node: Element): Span | undefined {
  const location = node.data?.sourceCodeLocation;
  return location ? { start: location.startOffset, end: location.endOffset } : undefined;
}

/** A comment as written, `<!--` to `-->`. */
export function commentSpan(node: Comment): Span | undefined {
  const location = node.data?.sourceCodeLocation;
  return location ? { start: location.startOffset, end: location.endOffset } : undefined;
}

/** The span of one attribute (`name="value"`) as written; `name` as parsed (lowercase, `data-foo`, not `dataFoo`). */
export function attributeSpan(node: Element, name: string): Span | undefined {
  const location = node.data?.sourceCodeLocation?.attrs?.[name];
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
