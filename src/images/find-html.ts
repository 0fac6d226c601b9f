/**
 * Images in HTML: `<img src>`, `srcset` on `<img>` and on `<source>` in a
 * `<picture>`, and the `<a href>` around an image when it points at the same
 * file. The engine walks the hast tree's elements outside code samples, as
 * for every pass; offsets come from the parser's attribute spans (spans.ts),
 * never from decoded values. This is the only module of the finder that
 * knows the tree's shape.
 */
import { decodeHTMLAttribute } from 'entities';
import type { Element } from 'hast';
import { closestFinder } from '../engine/elements.js';
import { attributeParts, attributeSpan, type AttributeParts, type Span } from '../html/spans.js';
import type { Ancestors } from '../types.js';
import type { Emit } from './find.js';
import type { ImageFile } from './locate.js';

/** A new URL written as an attribute value inside `quote`, or why it cannot be. */
function escapeIn(quote: AttributeParts['quote'], inSrcset: boolean) {
  return (url: string): string | { cannot: string } => {
    if (inSrcset && (/\s/.test(url) || url.endsWith(','))) return { cannot: 'the new URL has spaces or ends in a comma, which srcset cannot hold' };
    let text = url.replace(/&/g, '&amp;');
    if (quote === '"') return text.replace(/"/g, '&quot;');
    if (quote === "'") return text.replace(/'/g, '&#39;');
    text = text.replace(/"/g, '&quot;');
    // unquoted: quote it when it would end the value early
    return /[\s'=<>`]/.test(text) || text === '' ? `"${text}"` : text;
  };
}

/** The candidates of a srcset value as written: each URL's span in `raw`. */
export function srcsetUrls(raw: string): Span[] {
  const urls: Span[] = [];
  let at = 0;
  while (at < raw.length) {
    while (at < raw.length && /[\s,]/.test(raw[at]!)) at++;
    if (at >= raw.length) break;
    const start = at;
    while (at < raw.length && !/\s/.test(raw[at]!)) at++;
    let end = at;
    const trailing = /,+$/.exec(raw.slice(start, end));
    if (trailing) end -= trailing[0].length;
    if (end > start) urls.push({ start, end });
    if (trailing) continue;
    // descriptors, up to the comma that ends the candidate (commas in parentheses do not)
    let parens = 0;
    for (; at < raw.length; at++) {
      const char = raw[at];
      if (char === '(') parens++;
      else if (char === ')') parens = Math.max(0, parens - 1);
      else if (char === ',' && parens === 0) break;
    }
  }
  return urls;
}

interface Link {
  node: Element;
  url: string;
  image: ImageFile;
  value: Span;
  quote: AttributeParts['quote'];
}

export function htmlVisitor(source: string, locate: (url: string) => ImageFile | undefined, emit: Emit) {
  const closestLink = closestFinder(['a']);
  const links = new Map<Element, Link>();
  // the files of the images inside each link on an image host
  const inside = new Map<Element, Set<string>>();

  const valueOf = (node: Element, name: string) => {
    const span = attributeSpan(node, name);
    const parts = span && attributeParts(source, span);
    return parts?.value ? { value: parts.value, quote: parts.quote } : undefined;
  };

  /** The images of one element (its src and srcset): emitted, and their files returned. */
  const images = (node: Element, names: readonly ('src' | 'srcset')[]): string[] => {
    const files: string[] = [];
    for (const name of names) {
      const written = valueOf(node, name);
      if (!written) continue;
      const { value, quote } = written;
      if (name === 'src') {
        const url = String(node.properties.src ?? '');
        const image = locate(url);
        if (!image) continue;
        files.push(image.filePath);
        emit({ url, image, start: value.start, end: value.end }, escapeIn(quote, false));
        continue;
      }
      const raw = source.slice(value.start, value.end);
      for (const span of srcsetUrls(raw)) {
        const url = decodeHTMLAttribute(raw.slice(span.start, span.end));
        const image = locate(url);
        if (!image) continue;
        files.push(image.filePath);
        emit({ url, image, start: value.start + span.start, end: value.start + span.end }, escapeIn(quote, true));
      }
    }
    return files;
  };

  return {
    element(node: Element, ancestors: Ancestors) {
      const parent = ancestors.at(-1);
      if (node.tagName === 'img' || (node.tagName === 'source' && parent?.type === 'element' && parent.tagName === 'picture')) {
        const files = images(node, node.tagName === 'img' ? ['src', 'srcset'] : ['srcset']);
        const link = files.length > 0 ? closestLink(ancestors) : undefined;
        if (link) {
          const set = inside.get(link) ?? new Set<string>();
          for (const file of files) set.add(file);
          inside.set(link, set);
        }
        return;
      }
      if (node.tagName === 'a' && typeof node.properties.href === 'string') {
        const url = node.properties.href;
        const image = locate(url);
        const written = image && valueOf(node, 'href');
        if (image && written) links.set(node, { node, url, image, value: written.value, quote: written.quote });
      }
    },
    finish() {
      // a link moves with the picture it wraps, when it is the same file (links come in document order)
      for (const [node, link] of links) {
        if (!inside.get(node)?.has(link.image.filePath)) continue;
        emit({ url: link.url, image: link.image, start: link.value.start, end: link.value.end }, escapeIn(link.quote, false));
      }
    },
  };
}
