/**
 * blog-cards (off by default): a Hatena blog card becomes a plain link.
 *
 * `<iframe src="https://hatenablog-parts.com/embed?url=…" title="T" class="embed-card …"></iframe>`
 * (or the `https://<blog>/embed/YYYY/MM/DD/ID` form) becomes
 * `<a href="URL">T</a>`, URL being the page the card shows. The
 * `<cite class="hatena-citation">` Hatena put after it, a link to the same
 * page, goes. An embed is a choice, so the pass is off until turned on (it is
 * in the leaving-hatena preset): hatenablog-parts.com serves cards only while
 * Hatena does.
 *
 * Left alone: a card with no title (nothing to make a link of), one inside a
 * `<pre>` (someone showing the markup), and any other iframe.
 */
import type { Element, ElementContent } from 'hast';
import { closestFinder, type Parent } from '../engine/elements.js';
import { CARD_NEEDLE, cardTarget, hasCardClass, hasCitationClass, samePage } from '../hatena/blog-card.js';
import { escapeAttribute, escapeText } from '../html/escape.js';
import { closingSpan, openingSpan, type Span } from '../html/spans.js';
import { mayContain } from '../engine/prefilter.js';
import type { Pass, PassContext } from '../types.js';

const WHITE = /^[ \t\n\f\r]*$/;

const isWhite = (node: ElementContent) => node.type === 'text' && WHITE.test(node.value);

/** The class attribute as written (hast keeps it as a list). */
const classOf = (node: Element): string | undefined => {
  const value = node.properties.className;
  return Array.isArray(value) ? value.join(' ') : typeof value === 'string' ? value : undefined;
};

/** The element after `node` among its parent's children, past white space only. */
function nextElement(node: Element, parent: Parent | undefined, positions: WeakMap<Parent, Map<ElementContent, number>>): Element | undefined {
  const siblings = parent?.children as ElementContent[] | undefined;
  if (!parent || !siblings) return undefined;
  // each parent's children are indexed once: a parent with many cards costs linear time, not quadratic
  let position = positions.get(parent);
  if (!position) positions.set(parent, (position = new Map(siblings.map((child, index) => [child, index]))));
  for (let index = (position.get(node) ?? siblings.length) + 1; index < siblings.length; index++) {
    const sibling = siblings[index]!;
    if (sibling.type === 'element') return sibling;
    if (!isWhite(sibling)) return undefined;
  }
  return undefined;
}

/** `<cite class="hatena-citation"><a href="URL">…</a></cite>` for this URL: its span. */
function citationFor(node: Element | undefined, url: string): Span | undefined {
  if (node?.tagName !== 'cite' || !hasCitationClass(classOf(node))) return undefined;
  const elements = node.children.filter((child): child is Element => child.type === 'element');
  if (elements.length !== 1 || elements[0]!.tagName !== 'a' || node.children.some((child) => child.type !== 'element' && !isWhite(child))) return undefined;
  const href = elements[0]!.properties.href;
  if (typeof href !== 'string' || !samePage(href, url)) return undefined;
  const opening = openingSpan(node);
  const closing = closingSpan(node);
  return opening && closing ? { start: opening.start, end: closing.end } : undefined;
}

function decide(context: PassContext, node: Element, parent: Parent | undefined, inPre: boolean, positions: WeakMap<Parent, Map<ElementContent, number>>): void {
  const src = node.properties.src;
  if (typeof src !== 'string') return;
  const target = cardTarget(src);
  if (!target || (target.form === 'embed-path' && !hasCardClass(classOf(node)))) return;
  const opening = openingSpan(node);
  const closing = closingSpan(node);
  if (!opening || !closing || !/^<iframe[\s/>]/i.test(context.source.slice(opening.start, opening.start + 8))) return;
  if (inPre) {
    context.report({ message: `kept blog card for ${target.url}: it is inside <pre>`, ...opening, severity: 'notice' });
    return;
  }
  const title = typeof node.properties.title === 'string' ? node.properties.title.trim() : '';
  if (title === '') {
    context.report({ message: `kept blog card for ${target.url}: it has no title to make a link of`, ...opening, severity: 'warning' });
    return;
  }
  context.report({
    message: `replaced blog card with a link to ${target.url}`,
    ...opening,
    edits: [{ start: opening.start, end: closing.end, text: `<a href="${escapeAttribute(target.url)}">${escapeText(title)}</a>` }],
  });
  const citation = citationFor(nextElement(node, parent, positions), target.url);
  if (citation) {
    // a report of its own: in Markdown, a citation in running text is not raw HTML as a whole and stays
    context.report({ message: `removed the hatena-citation repeating the blog card for ${target.url}`, ...citation, edits: [{ ...citation, text: '' }] });
  }
}

export const blogCards: Pass = {
  name: 'blog-cards',
  description: 'Replace Hatena blog cards (hatenablog-parts.com iframes) with a plain link titled as the card, and drop the hatena-citation after them',
  needle: CARD_NEEDLE,
  mayReport: (text) => mayContain(text, CARD_NEEDLE),
  create(context) {
    const pre = closestFinder(['pre']);
    const positions = new WeakMap<Parent, Map<ElementContent, number>>();
    return {
      element(node, ancestors) {
        if (node.tagName === 'iframe') decide(context, node, ancestors.at(-1), pre(ancestors) !== undefined, positions);
      },
    };
  },
};
