/**
 * fotolife-links (off by default): what Hatena Fotolife left around pictures.
 *
 * - The link to the picture's Fotolife page (`<a href="http://f.hatena.ne.jp/<id>/<timestamp>"
 *   class="hatena-fotolife" itemprop="url">`) around an image is unwrapped: the image
 *   stays, the link to a page of Hatena's goes. Markdown `[![…](…)](http://f.hatena.ne.jp/…)` too.
 * - An `f:id:<id>:<timestamp>p:plain` alt (an id, not a description) is emptied and
 *   such a title dropped, in HTML and in Markdown images.
 * - The `<span itemscope itemtype="http://schema.org/Photograph">` wrapper goes
 *   when it holds nothing but the image (and the Fotolife link going with it).
 *
 * A Fotolife link with text, or around more than the image, stays; so does a
 * wrapper with attributes of its own or with text in it.
 */
import { FOTOLIFE_NEEDLE, isFotolifeId, isFotolifePageUrl, isPhotographType } from '../hatena/fotolife.js';
import { markdownAlt, markdownDestination } from '../formats/markdown-destination.js';
import type { Element } from 'hast';
import { attributeParts, attributeSpan, closingSpan, openingSpan } from '../html/spans.js';
import { mayContain } from '../engine/prefilter.js';
import { unwrapMarkdownLink, unwrapTags } from '../engine/unwrap.js';
import { linksAroundImages } from '../formats/markdown-images.js';
import type { MarkdownReference, Pass, PassContext, TextEdit } from '../types.js';

const WHITE = /^[ \t\n\f\r]*$/;

/** The one element child of `node`, when everything else in it is white space. */
function soleElement(node: Element): Element | undefined {
  let found: Element | undefined;
  for (const child of node.children) {
    if (child.type === 'element') {
      if (found) return undefined;
      found = child;
    } else if (child.type !== 'text' || !WHITE.test(child.value)) {
      return undefined;
    }
  }
  return found;
}

const writtenAs = (source: string, node: Element, tag: string) => {
  const opening = openingSpan(node);
  return opening !== undefined && new RegExp(`^<${tag}[\\s/>]`, 'i').test(source.slice(opening.start, opening.start + tag.length + 2));
};

/** A Fotolife page link around nothing but one image. */
function isFotolifeWrapper(source: string, node: Element): boolean {
  if (node.tagName !== 'a') return false;
  const href = node.properties.href;
  if (typeof href !== 'string' || !isFotolifePageUrl(href)) return false;
  return soleElement(node)?.tagName === 'img' && writtenAs(source, node, 'a') && closingSpan(node) !== undefined;
}

/** Tags of the element go, its content stays. */
function unwrap(node: Element): TextEdit[] {
  return unwrapTags(openingSpan(node)!, [closingSpan(node)!]);
}

function isPhotographWrapper(source: string, node: Element): boolean {
  if (node.tagName !== 'span' || !writtenAs(source, node, 'span') || !closingSpan(node)) return false;
  // the attributes as written, by name: itemscope and itemtype, nothing else
  const written = Object.keys(node.data?.sourceCodeLocation?.attrs ?? {});
  if (written.length !== 2 || !written.includes('itemscope') || !written.includes('itemtype')) return false;
  const itemtype = node.properties.itemType;
  if (!isPhotographType(Array.isArray(itemtype) ? itemtype.join(' ') : String(itemtype ?? ''))) return false;
  const inner = soleElement(node);
  return inner !== undefined && (inner.tagName === 'img' || isFotolifeWrapper(source, inner));
}

function image(context: PassContext, node: Element): void {
  const { source } = context;
  const alt = node.properties.alt;
  if (typeof alt === 'string' && isFotolifeId(alt)) {
    const span = attributeSpan(node, 'alt');
    const parts = span && attributeParts(source, span);
    if (span && parts?.value) {
      const edit = parts.quote ? { ...parts.value, text: '' } : { ...parts.value, text: '""' };
      context.report({ message: `emptied alt "${alt.trim()}": a Fotolife id, not a description`, ...span, edits: [edit] });
    }
  }
  const title = node.properties.title;
  if (typeof title === 'string' && isFotolifeId(title)) {
    const span = attributeSpan(node, 'title');
    if (span) {
      let start = span.start;
      while (start > 0 && /[ \t\n\f\r]/.test(source[start - 1]!)) start--;
      context.report({ message: `dropped title "${title.trim()}": a Fotolife id`, ...span, edits: [{ start, end: span.end, text: '' }] });
    }
  }
}

function markdownImage(context: PassContext, reference: MarkdownReference): void {
  const { source } = context;
  const span = { start: reference.start, end: reference.end };
  if (isFotolifeId(reference.label)) {
    const alt = markdownAlt(source, reference);
    if (alt) context.report({ message: `emptied Markdown image alt "${reference.label.trim()}": a Fotolife id, not a description`, ...span, edits: [{ ...alt, text: '' }] });
  }
  const destination = markdownDestination(source, reference);
  if (destination?.title && destination.titleText !== undefined && isFotolifeId(destination.titleText)) {
    let start = destination.title.start;
    while (start > 0 && /[ \t\r\n]/.test(source[start - 1]!)) start--;
    context.report({ message: `dropped Markdown image title "${destination.titleText.trim()}": a Fotolife id`, ...span, edits: [{ start, end: destination.title.end, text: '' }] });
  }
}

export const fotolifeLinks: Pass = {
  name: 'fotolife-links',
  description: 'Unwrap links to Hatena Fotolife pages around images, drop f:id: alt and title, and the schema.org Photograph wrapper',
  needle: FOTOLIFE_NEEDLE,
  mayReport: (text) => mayContain(text, FOTOLIFE_NEEDLE),
  create(context) {
    const { source } = context;
    const images: MarkdownReference[] = [];
    const links: MarkdownReference[] = [];
    return {
      element(node) {
        if (node.tagName === 'img') image(context, node);
        else if (isFotolifeWrapper(source, node)) {
          context.report({ message: `unwrapped link to the Fotolife page ${String(node.properties.href).trim()} around an image`, ...openingSpan(node)!, edits: unwrap(node) });
        } else if (isPhotographWrapper(source, node)) {
          context.report({ message: 'dropped the schema.org Photograph wrapper around an image', ...openingSpan(node)!, edits: unwrap(node) });
        }
      },
      markdown(reference) {
        if (reference.kind === 'image') images.push(reference);
        else links.push(reference);
      },
      finish() {
        for (const reference of images) markdownImage(context, reference);
        for (const { link } of linksAroundImages(images, links)) {
          if (!isFotolifePageUrl(link.url)) continue;
          context.report({
            message: `unwrapped Markdown link to the Fotolife page ${link.url.trim()} around an image`,
            start: link.start,
            end: link.end,
            edits: unwrapMarkdownLink(link),
          });
        }
      },
    };
  },
};
