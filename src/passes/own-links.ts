/**
 * own-links (off until `ownBlogs` is configured): links to the owner's own
 * old posts point at the new site.
 *
 * `ownBlogs` names each old blog and how its permalinks map to the new site
 * (see src/hatena/own-blogs.ts):
 *
 *     "ownBlogs": [{ "url": "https://example.hateblo.jp", "from": "/entry/YYYY/MM/DD/ID", "to": "/posts/YYYY/MM/DD/ID/" }]
 *
 * Rewritten: `<a href>`, Markdown links, and blog cards (`hatenablog-parts.com/embed?url=`)
 * when the new address is a full URL (a card needs one; with a path the card
 * stays, with a warning: blog-cards turns it into a link, which this pass then
 * rewrites). A link to the old blog that no pattern maps stays, with a warning.
 */
import { markdownDestination } from '../formats/markdown-destination.js';
import { cardTarget, partsSrc } from '../hatena/blog-card.js';
import { OwnBlogs, type OwnBlog } from '../hatena/own-blogs.js';
import { escapeAttributeFor } from '../html/escape.js';
import type { Element } from 'hast';
import { attributeParts, attributeSpan } from '../html/spans.js';
import { mayContain } from '../engine/prefilter.js';
import type { MarkdownReference, Pass, PassContext } from '../types.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ABSOLUTE = /^https?:\/\//i;

function rewriteAttribute(context: PassContext, node: Element, name: string, value: string, message: string): void {
  const span = attributeSpan(node, name);
  const parts = span && attributeParts(context.source, span);
  if (!span || !parts?.value) return;
  context.report({ message, ...span, edits: [{ ...parts.value, text: escapeAttributeFor(value, parts.quote) }] });
}

function link(context: PassContext, blogs: OwnBlogs, node: Element): void {
  const href = node.properties.href;
  if (typeof href !== 'string') return;
  const result = blogs.map(href);
  if (!result) return;
  const span = attributeSpan(node, 'href')!;
  if (result.kind === 'unmapped') {
    context.report({ message: `kept link to the old blog ${href.trim()}: ${result.reason}`, ...span, severity: 'warning' });
    return;
  }
  rewriteAttribute(context, node, 'href', result.to, `link to the old post ${href.trim()} now points at ${result.to}`);
}

function card(context: PassContext, blogs: OwnBlogs, node: Element): void {
  const src = node.properties.src;
  const target = typeof src === 'string' ? cardTarget(src) : undefined;
  if (!target) return;
  const result = blogs.map(target.url);
  if (!result) return;
  const span = attributeSpan(node, 'src')!;
  if (result.kind === 'unmapped') {
    context.report({ message: `kept blog card for the old blog ${target.url}: ${result.reason}`, ...span, severity: 'warning' });
    return;
  }
  if (!ABSOLUTE.test(result.to)) {
    context.report({
      message: `kept blog card for the old post ${target.url}: its new address ${result.to} is a path, and a card needs a full URL (blog-cards makes it a link)`,
      ...span,
      severity: 'warning',
    });
    return;
  }
  rewriteAttribute(context, node, 'src', partsSrc(result.to), `blog card for the old post ${target.url} now shows ${result.to}`);
}

function markdownLink(context: PassContext, blogs: OwnBlogs, reference: MarkdownReference): void {
  if (reference.kind !== 'link') return;
  const result = blogs.map(reference.url);
  if (!result) return;
  const span = { start: reference.start, end: reference.end };
  if (result.kind === 'unmapped') {
    context.report({ message: `kept Markdown link to the old blog ${reference.url.trim()}: ${result.reason}`, ...span, severity: 'warning' });
    return;
  }
  const destination = markdownDestination(context.source, reference);
  const angled = destination !== undefined && context.source[destination.url.start - 1] === '<';
  // a destination outside <…> ends at white space and must keep its parentheses balanced
  if (!destination || (!angled && (/[\s<>]/.test(result.to) || (result.to.match(/\(/g)?.length ?? 0) !== (result.to.match(/\)/g)?.length ?? 0)))) {
    context.report({ message: `kept Markdown link to the old post ${reference.url.trim()}: its destination is not written plainly`, ...span, severity: 'warning' });
    return;
  }
  context.report({ message: `Markdown link to the old post ${reference.url.trim()} now points at ${result.to}`, ...span, edits: [{ ...destination.url, text: result.to }] });
}

export function createOwnLinks(ownBlogs: readonly OwnBlog[]): Pass {
  const blogs = new OwnBlogs(ownBlogs);
  // a card's URL is percent-encoded: its host shows as written in the src, dots and all
  const needle = blogs.size === 0 ? /(?!)/ : new RegExp(blogs.hosts.map(escapeRegExp).join('|'), 'i');
  return {
    name: 'own-links',
    description: 'Point links (and blog cards) to your own old Hatena posts at the new site, as ownBlogs in the configuration maps them',
    needle,
    mayReport: (text) => blogs.size > 0 && mayContain(text, needle),
    create(context) {
      return {
        element(node) {
          if (node.tagName === 'a') link(context, blogs, node);
          else if (node.tagName === 'iframe') card(context, blogs, node);
        },
        markdown(reference) {
          markdownLink(context, blogs, reference);
        },
      };
    },
  };
}

/** The pass as it is without ownBlogs: it finds nothing. */
export const ownLinks: Pass = createOwnLinks([]);
