/**
 * asin-links: drop the leftovers of Hatena's Amazon boxes.
 *
 * A Hatena Amazon box ended with 「この商品を含むブログ (4件) を見る」, a link
 * to `d.hatena.ne.jp/asin/<ASIN>/…`: Hatena Diary's list of posts about the
 * product, gone since Hatena Diary closed. Such a link goes whole, and so
 * does the list item (or the list, or the line) that holds nothing else.
 * Any other link into `d.hatena.ne.jp/asin/` is unwrapped: its text stays.
 * Amazon's own product links are not touched.
 */
import type { Element } from 'hast';
import { textOf, type Parent } from '../engine/elements.js';
import { ASIN_NEEDLE, isAsinLeftoverText, isAsinUrl } from '../hatena/asin.js';
import { closingSpan, openingSpan, type Span } from '../html/spans.js';
import { mayContain } from '../engine/prefilter.js';
import { unwrapMarkdownLink, unwrapTags } from '../engine/unwrap.js';
import { wholeLines } from '../text/line-span.js';
import type { MarkdownReference, Pass, PassContext } from '../types.js';

const LEFTOVER = '「この商品を含むブログを見る」';

/** The element's span from its start tag to its end tag, when both were written. */
function wholeSpan(node: Element): Span | undefined {
  const opening = openingSpan(node);
  const closing = closingSpan(node);
  return opening && closing ? { start: opening.start, end: closing.end } : undefined;
}

const asElement = (node: Parent | undefined): Element | undefined => (node?.type === 'element' ? node : undefined);

/** Whether `child` is the only element of `parent`, with nothing but white space beside it. */
function onlyChild(parent: Element, child: Element): boolean {
  return parent.children.every((node) => node === child || (node.type === 'text' && /^[ \t\n\f\r]*$/.test(node.value)));
}

/** What holds nothing but the link: its list item, and that item's list when it is the only item. */
function holder(link: Element, parent: Element | undefined, grandparent: Element | undefined): { span: Span; what: string } | undefined {
  const item = parent;
  if (item?.tagName !== 'li' || !onlyChild(item, link)) return undefined;
  const itemSpan = wholeSpan(item);
  if (!itemSpan) return undefined;
  const list = grandparent;
  const listSpan = list && (list.tagName === 'ul' || list.tagName === 'ol') && onlyChild(list, item) ? wholeSpan(list) : undefined;
  return listSpan ? { span: listSpan, what: 'the list that held only' } : { span: itemSpan, what: 'the list item that held only' };
}

function removal(source: string, span: Span): Span {
  return wholeLines(source, span) ?? span;
}

interface Candidate {
  node: Element;
  /** Its parent and grandparent elements (ancestors are only valid during the visit). */
  parent?: Element;
  grandparent?: Element;
  href: string;
  opening: Span;
  /** End tags of every element the start tag stands for (the parser may rebuild a link across blocks). */
  closings: Span[];
  rebuilt: boolean;
}

function decideElement(context: PassContext, { node, parent, grandparent, href, opening, closings, rebuilt }: Candidate): void {
  const { source } = context;
  const closing = rebuilt ? undefined : closings[0];
  const around = closing ? holder(node, parent, grandparent) : undefined;
  if (around) {
    const span = removal(source, around.span);
    context.report({ message: `removed ${around.what} a link into d.hatena.ne.jp/asin/ (Hatena Diary has closed)`, ...opening, edits: [{ ...span, text: '' }] });
    return;
  }
  if (closing && isAsinLeftoverText(textOf(node))) {
    const span = removal(source, { start: opening.start, end: closing.end });
    context.report({ message: `removed Hatena's ${LEFTOVER} link (d.hatena.ne.jp/asin/ has closed)`, ...opening, edits: [{ ...span, text: '' }] });
    return;
  }
  context.report({ message: `unwrapped link to ${shortUrl(href)} (Hatena Diary has closed), keeping its text`, ...opening, edits: unwrapTags(opening, closings) });
}

function shortUrl(href: string): string {
  return href.trim().replace(/^(?:https?:)?\/\//i, '');
}

function decideMarkdown(context: PassContext, reference: MarkdownReference): void {
  if (reference.kind !== 'link' || !isAsinUrl(reference.url)) return;
  const span = { start: reference.start, end: reference.end };
  if (isAsinLeftoverText(reference.label)) {
    context.report({ message: `removed Hatena's ${LEFTOVER} Markdown link (d.hatena.ne.jp/asin/ has closed)`, ...span, edits: [{ ...span, text: '' }] });
    return;
  }
  context.report({
    message: `unwrapped Markdown link to ${shortUrl(reference.url)} (Hatena Diary has closed), keeping its text`,
    ...span,
    edits: unwrapMarkdownLink(reference),
  });
}

export const asinLinks: Pass = {
  name: 'asin-links',
  description: 'Remove Hatena\'s 「この商品を含むブログを見る」 links and unwrap other links into d.hatena.ne.jp/asin/ (a closed service)',
  needle: ASIN_NEEDLE,
  mayReport: (text) => mayContain(text, ASIN_NEEDLE),
  create(context) {
    const byOpening = new Map<number, Candidate>();
    return {
      element(node, ancestors) {
        if (node.tagName !== 'a') return;
        const href = node.properties.href;
        if (typeof href !== 'string' || !isAsinUrl(href)) return;
        const opening = openingSpan(node);
        // a start tag as written (<a ...>), not one the parser rebuilt elsewhere
        if (!opening || !/^<a[\s/>]/i.test(context.source.slice(opening.start, opening.start + 3))) return;
        const closing = closingSpan(node);
        const seen = byOpening.get(opening.start);
        if (seen) {
          seen.rebuilt = true;
          if (closing && !seen.closings.some((span) => span.start === closing.start)) seen.closings.push(closing);
          return;
        }
        byOpening.set(opening.start, {
          node,
          parent: asElement(ancestors.at(-1)),
          grandparent: asElement(ancestors.at(-2)),
          href,
          opening,
          closings: closing ? [closing] : [],
          rebuilt: false,
        });
      },
      markdown(reference) {
        decideMarkdown(context, reference);
      },
      finish() {
        for (const candidate of byOpening.values()) decideElement(context, candidate);
      },
    };
  },
};
