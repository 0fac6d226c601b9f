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
 */
import type { Nodes, Root } from 'mdast';
import { lazyMarkdown } from '../lazy.js';
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

export function readMarkdown(text: string): MarkdownView {
  const tree: Root = lazyMarkdown().fromMarkdown(text);
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
    if ('children' in node) for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index]!);
  }
  protectedSpans.sort((a, b) => a.start - b.start);
  references.sort((a, b) => a.start - b.start);
  return { html: blank(text, protectedSpans), editable: union(editable), references };
}
