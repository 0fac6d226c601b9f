/**
 * Read a Markdown post with a CommonMark parser (mdast-util-from-markdown):
 * where its code is, and its links and images.
 *
 * The HTML passes then see the post with every code block, indented code and
 * code span blanked out (each character but line endings becomes a space), so
 * offsets stay the same and nothing inside code can be matched or edited.
 * Autolinks (`<https://…>`) are blanked too: they are Markdown, not tags.
 */
import type { Nodes, Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Span } from '../hast.js';
import type { MarkdownReference } from '../types.js';

export interface MarkdownView {
  /** The post with code and autolinks blanked: what the HTML parser sees. */
  html: string;
  /** Spans no edit may touch, sorted. */
  protectedSpans: Span[];
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

export function readMarkdown(text: string): MarkdownView {
  const tree: Root = fromMarkdown(text);
  const protectedSpans: Span[] = [];
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
    if ((node.type === 'link' || node.type === 'image') && span && text[span.end - 1] === ')') {
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
  return { html: blank(text, protectedSpans), protectedSpans, references };
}
