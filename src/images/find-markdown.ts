/**
 * Markdown images `![alt](url "title")` outside code, and the Markdown link
 * around one (`[![alt](url)](url)`) when it points at the same file. The
 * engine hands over each inline image and link (its span, its decoded URL);
 * here the destination is found as written inside that span.
 */
import { decodeHTML } from 'entities';
import type { MarkdownReference } from '../types.js';
import type { Emit } from './find.js';
import type { ImageFile } from './locate.js';

/** The destination of an inline link or image as written: its span (inside `<…>` when so written). */
export function destinationSpan(source: string, reference: MarkdownReference): { start: number; end: number; angle: boolean } | undefined {
  let at = reference.start + (reference.kind === 'image' ? 1 : 0);
  if (source[at] !== '[') return undefined;
  // the matching `]`: brackets nest, backslash escapes a bracket (code in the label is blanked already)
  let depth = 0;
  for (; at < reference.end; at++) {
    const char = source[at];
    if (char === '\\') at++;
    else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) break;
  }
  if (source[at] !== ']' || source[at + 1] !== '(') return undefined;
  at += 2;
  while (at < reference.end && /[ \t\r\n]/.test(source[at]!)) at++;
  if (source[at] === '<') {
    const start = at + 1;
    for (at = start; at < reference.end && source[at] !== '>'; at++) if (source[at] === '\\') at++;
    return source[at] === '>' ? { start, end: at, angle: true } : undefined;
  }
  const start = at;
  let parens = 0;
  for (; at < reference.end; at++) {
    const char = source[at]!;
    if (char === '\\') at++;
    else if (char === '(') parens++;
    else if (char === ')') {
      if (parens === 0) break;
      parens--;
    } else if (/[\s\u0000-\u001f]/.test(char)) break;
  }
  return at > start ? { start, end: at, angle: false } : undefined;
}

/** A destination as written, read as CommonMark reads it: backslash escapes, then character references. */
function readDestination(raw: string): string {
  return decodeHTML(raw.replace(/\\([!-/:-@[-`{-~])/g, '$1'));
}

/** A new URL written as a Markdown destination (in `<…>` or bare, as the old one was), or why it cannot be. */
function escapeFor(angle: boolean) {
  return (url: string): string | { cannot: string } => {
    if (angle ? /[\r\n<>]/.test(url) : /[\s<>]/.test(url)) return { cannot: 'the new URL has characters this Markdown destination cannot hold as written' };
    const escaped = url.replace(/\\/g, '\\\\');
    return angle ? escaped : escaped.replace(/[()]/g, '\\$&');
  };
}

interface Link {
  reference: MarkdownReference;
  image: ImageFile;
}

export function markdownVisitor(source: string, locate: (url: string) => ImageFile | undefined, emit: Emit) {
  const links: Link[] = [];
  const images: { reference: MarkdownReference; image: ImageFile }[] = [];
  const found = (reference: MarkdownReference, image: ImageFile) => {
    const span = destinationSpan(source, reference);
    // written some other way than the parser read it (should not happen): leave it
    if (!span || readDestination(source.slice(span.start, span.end)) !== reference.url) return;
    emit({ url: reference.url, image, start: span.start, end: span.end }, escapeFor(span.angle));
  };
  return {
    markdown(reference: MarkdownReference) {
      const image = locate(reference.url);
      if (!image) return;
      if (reference.kind === 'image') {
        images.push({ reference, image });
        found(reference, image);
      } else links.push({ reference, image });
    },
    finish() {
      // a link moves with the picture it wraps, when it is the same file
      for (const link of links) {
        const { textStart, textEnd } = link.reference;
        const wraps = images.some(({ reference, image }) => reference.start >= textStart && reference.end <= textEnd && image.filePath === link.image.filePath);
        if (wraps) found(link.reference, link.image);
      }
    },
  };
}
