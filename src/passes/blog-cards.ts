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
import { CARD_NEEDLE, cardTarget, hasCardClass, hasCitationClass, samePage } from '../hatena/blog-card.js';
import { escapeAttribute, escapeText } from '../html/escape.js';
import { attribute, closestFinder, closingSpan, isElement, openingSpan, textContent, type ChildNode, type Element, type Span } from '../html/dom.js';
import { mayContain } from '../prefilter.js';
import type { Pass, PassContext } from '../types.js';

const WHITE = /^[ \t\n\f\r]*$/;

/** The element after `node` among its siblings, past white space only. */
function nextElement(node: Element): Element | undefined {
  const siblings = node.parentNode?.childNodes;
  if (!siblings) return undefined;
  for (let index = siblings.indexOf(node as ChildNode) + 1; index < siblings.length; index++) {
    const sibling = siblings[index]!;
    if (isElement(sibling)) return sibling;
    if (sibling.nodeName !== '#text' || !WHITE.test(textContent(sibling))) return undefined;
  }
  return undefined;
}

/** `<cite class="hatena-citation"><a href="URL">…</a></cite>` for this URL: its span. */
function citationFor(node: Element | undefined, url: string): Span | undefined {
  if (node?.tagName !== 'cite' || !hasCitationClass(attribute(node, 'class'))) return undefined;
  const elements = node.childNodes.filter(isElement);
  const rest = node.childNodes.filter((child) => !isElement(child));
  if (elements.length !== 1 || elements[0]!.tagName !== 'a' || rest.some((child) => child.nodeName !== '#text' || !WHITE.test(textContent(child)))) return undefined;
  const href = attribute(elements[0]!, 'href');
  if (href === undefined || !samePage(href, url)) return undefined;
  const opening = openingSpan(node);
  const closing = closingSpan(node);
  return opening && closing ? { start: opening.start, end: closing.end } : undefined;
}

function decide(context: PassContext, node: Element, inPre: boolean): void {
  const src = attribute(node, 'src');
  if (src === undefined) return;
  const target = cardTarget(src);
  if (!target || (target.form === 'embed-path' && !hasCardClass(attribute(node, 'class')))) return;
  const opening = openingSpan(node);
  const closing = closingSpan(node);
  if (!opening || !closing || !/^<iframe[\s/>]/i.test(context.source.slice(opening.start, opening.start + 8))) return;
  if (inPre) {
    context.report({ message: `kept blog card for ${target.url}: it is inside <pre>`, ...opening, severity: 'notice' });
    return;
  }
  const title = (attribute(node, 'title') ?? '').trim();
  if (title === '') {
    context.report({ message: `kept blog card for ${target.url}: it has no title to make a link of`, ...opening, severity: 'warning' });
    return;
  }
  context.report({
    message: `replaced blog card with a link to ${target.url}`,
    ...opening,
    edits: [{ start: opening.start, end: closing.end, text: `<a href="${escapeAttribute(target.url)}">${escapeText(title)}</a>` }],
  });
  const citation = citationFor(nextElement(node), target.url);
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
    return {
      element(node) {
        if (node.tagName === 'iframe') decide(context, node, pre(node) !== undefined);
      },
    };
  },
};
