/**
 * Read a Markdown post with a CommonMark parser (mdast-util-from-markdown):
 * where its code is, and its links and images.
 *
 * The HTML passes then see the post with every code block, indented code and
 * code span blanked out (each character but line endings becomes a space), so
 * offsets stay the same and nothing inside code can be matched. Autolinks
 * (`<https://…>`) are blanked too: they are Markdown, not tags.
 *
 * Edits may only fall inside what CommonMark itself reads as raw HTML, or
 * inside an inline link or image: text that merely looks like a tag to the
 * HTML parser (`\<a …>`) is never changed.
 *
 * Links inside an image's description (`![[四国山地](…/keyword/…)の険しさ](x.jpg)`,
 * how Hatena's photo captions came out of converters) are references too:
 * CommonMark parses them, mdast drops them into the image's `alt`; here they
 * are kept.
 *
 * MDX (`.mdx`, read with micromark-extension-mdxjs): ESM, `{expressions}` and
 * the tags of JSX components are blanked like code. A JSX element written
 * like HTML (a lowercase name, only `name="text"` attributes: `<a class="keyword"
 * href="…">`) is what MDX makes of raw HTML: its tags stay for the HTML passes
 * and may be edited; its content, like any JSX element's, is Markdown.
 */
import type { Nodes, Root } from 'mdast';
import type { Extension as MdastExtension } from 'mdast-util-from-markdown';
import { lazyMarkdown, lazyMdx } from '../lazy.js';
import type { Span } from '../html/spans.js';
import type { MarkdownReference } from '../types.js';

export interface MarkdownView {
  /** The post with code and autolinks blanked: what the HTML parser sees. */
  html: string;
  /** The only spans edits may fall in (raw HTML, inline links and images), sorted. */
  editable: Span[];
  /** Inline links and images outside code, in document order. */
  references: MarkdownReference[];
}

/** A post whose MDX does not parse: where (1-based, in the text given) and why. */
export class MdxSyntaxError extends Error {
  override readonly name = 'MdxSyntaxError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
  }
}

interface Token {
  start: { offset: number };
  end: { offset: number };
}

interface CompileContext {
  stack: Nodes[];
  data: { inReference?: boolean };
  resume(): string;
}

type Handle = (this: CompileContext, token: Token) => void;

/**
 * mdast-util-from-markdown's own handler for the end of a label, except that
 * an image keeps what its description parsed to (links included), in
 * `data.description`, instead of only the plain-text `alt`.
 */
function exitLabel(this: CompileContext): void {
  const fragment = this.stack[this.stack.length - 1] as { children: Nodes[] };
  const value = this.resume();
  const node = this.stack[this.stack.length - 1] as Nodes & { children?: Nodes[]; alt?: string; data?: { description?: Nodes[] } };
  this.data.inReference = true;
  if (node.type === 'link') node.children = fragment.children as typeof node.children;
  else {
    node.alt = value;
    (node.data ??= {}).description = fragment.children;
  }
}

const LABEL_EXTENSION = { exit: { label: exitLabel } } as unknown as MdastExtension;

const descriptionOf = (node: Nodes): Nodes[] | undefined => (node.data as { description?: Nodes[] } | undefined)?.description;

function offsets(node: Nodes): Span | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if (!('children' in node)) return '';
  let out = '';
  for (const child of node.children) out += plainText(child);
  return out;
}

function blank(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const chunks: string[] = [];
  let cursor = 0;
  for (const span of spans) {
    chunks.push(text.slice(cursor, span.start), text.slice(span.start, span.end).replace(/[^\r\n]/g, ' '));
    cursor = span.end;
  }
  chunks.push(text.slice(cursor));
  return chunks.join('');
}

/** Sorted, disjoint spans covering the same offsets (nested and touching spans merge). */
function union(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

interface JsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: { type: string; value?: unknown }[];
  children: Nodes[];
}

/** A JSX element MDX made of what is written as HTML: `<a href="…" class="keyword">`. */
function htmlLike(element: JsxElement): boolean {
  return (
    element.name !== null &&
    /^[a-z][a-z0-9]*$/.test(element.name) &&
    element.attributes.every((attribute) => attribute.type === 'mdxJsxAttribute' && (attribute.value === null || attribute.value === undefined || typeof attribute.value === 'string'))
  );
}

function parse(text: string, mdx: boolean, tags: Span[]): Root {
  if (!mdx) return lazyMarkdown().fromMarkdown(text, { mdastExtensions: [LABEL_EXTENSION] });
  const { mdxjs, mdxFromMarkdown } = lazyMdx();
  const jsx = mdxFromMarkdown();
  // every JSX tag, as written: where an element's start and end tags are
  const record = (exit: Handle | undefined): Handle =>
    function (this: CompileContext, token: Token) {
      tags.push({ start: token.start.offset, end: token.end.offset });
      exit?.call(this, token);
    };
  const exits = (jsx as unknown as { exit?: Record<string, Handle> }[]).map((extension) => extension.exit ?? {});
  const find = (name: string) => exits.find((exit) => exit[name])?.[name];
  const recorder = { exit: { mdxJsxFlowTag: record(find('mdxJsxFlowTag')), mdxJsxTextTag: record(find('mdxJsxTextTag')) } };
  try {
    return lazyMarkdown().fromMarkdown(text, { extensions: [mdxjs()], mdastExtensions: [jsx, recorder as unknown as MdastExtension, LABEL_EXTENSION] });
  } catch (error) {
    // a VFileMessage: where, as a point, or as the start of a span (errors at the end of the post carry only that)
    type Point = { line?: number; column?: number };
    const message = error as Point & { reason?: string; message?: string; place?: Point & { start?: Point } };
    const reason = message.reason ?? String(message.message);
    const point = typeof message.line === 'number' ? message : (message.place?.start ?? message.place);
    if (typeof point?.line === 'number' && typeof point.column === 'number') throw new MdxSyntaxError(reason, point.line, point.column);
    // a tag never closed is found at the end of the post, with no place: the reason names the tag's
    const named = /\((\d+):(\d+)-\d+:\d+\)/.exec(reason);
    if (named) throw new MdxSyntaxError(reason, Number(named[1]), Number(named[2]));
    if (error instanceof Error && error.constructor.name === 'VFileMessage') throw new MdxSyntaxError(reason, 1, 1);
    throw error;
  }
}

let lastMdx: { text: string; view: MarkdownView } | undefined;

/**
 * Read a Markdown post (`mdx`: an MDX post, which throws MdxSyntaxError when
 * it does not parse). The last MDX view is kept: a post is checked when its
 * layout is read and cleaned right after.
 */
export function readMarkdown(text: string, mdx = false): MarkdownView {
  if (mdx && lastMdx?.text === text) return lastMdx.view;
  const tags: Span[] = [];
  const tree = parse(text, mdx, tags);
  const tagAt = new Map<number, Span>();
  const tagEndingAt = new Map<number, Span>();
  for (const tag of tags) {
    tagAt.set(tag.start, tag);
    tagEndingAt.set(tag.end, tag);
  }
  const protectedSpans: Span[] = [];
  const editable: Span[] = [];
  const references: MarkdownReference[] = [];
  const stack: Nodes[] = [tree];
  while (stack.length) {
    const node = stack.pop()!;
    const span = offsets(node);
    if (node.type === 'code' || node.type === 'inlineCode') {
      if (span) protectedSpans.push(span);
      continue;
    }
    const type: string = node.type;
    if (type === 'mdxjsEsm' || type === 'mdxFlowExpression' || type === 'mdxTextExpression') {
      if (span) protectedSpans.push(span);
      continue;
    }
    if ((type === 'mdxJsxFlowElement' || type === 'mdxJsxTextElement') && span) {
      const element = node as unknown as JsxElement;
      const opening = tagAt.get(span.start);
      const closing = tagEndingAt.get(span.end);
      const into = htmlLike(element) ? editable : protectedSpans;
      if (opening) into.push(opening);
      if (closing && closing !== opening) into.push(closing);
      for (let index = element.children.length - 1; index >= 0; index--) stack.push(element.children[index]!);
      continue;
    }
    if (node.type === 'link' && span && text[span.start] === '<') {
      protectedSpans.push(span);
      continue;
    }
    if (node.type === 'html' && span) editable.push(span);
    if ((node.type === 'link' || node.type === 'image') && span && text[span.end - 1] === ')') {
      editable.push(span);
      const first = node.type === 'link' ? node.children[0] : undefined;
      const last = node.type === 'link' ? node.children.at(-1) : undefined;
      const textStart = (first && offsets(first)?.start) ?? span.start + (node.type === 'image' ? 2 : 1);
      const textEnd = (last && offsets(last)?.end) ?? textStart;
      references.push({ kind: node.type, url: node.url, start: span.start, end: span.end, textStart, textEnd, label: plainText(node) });
    }
    const description = descriptionOf(node);
    if (description) for (let index = description.length - 1; index >= 0; index--) stack.push(description[index]!);
    if ('children' in node) for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index]!);
  }
  references.sort((a, b) => a.start - b.start);
  const view = { html: blank(text, union(protectedSpans)), editable: union(editable), references };
  if (mdx) lastMdx = { text, view };
  return view;
}
