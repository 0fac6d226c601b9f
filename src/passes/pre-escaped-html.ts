/**
 * pre-escaped-html: a bare `<pre>` holding a post's own markup that was
 * escaped by mistake (`<pre> &lt;li&gt;&lt;a target="_blank" …&gt;…`) is
 * replaced by that markup, unescaped.
 *
 * Code samples stay. Only a `<pre>` with no class or data-* attribute and
 * nothing but text inside qualifies, and only when:
 * - its content is escaped with `&lt;`/`&gt;` but quotes are literal inside
 *   tags (a highlighter or Markdown renderer writes `&quot;`/`&#34;`);
 * - it shows no document, script or template code, and the text before it
 *   does not introduce code;
 * - unescaped, it is a post's markup (links, list items, paragraphs, inline
 *   formatting) with nothing active (script, handlers, javascript: URLs);
 * - it shows a sign of a paste: escaped keyword autolinks, the attribute
 *   pattern of the post's live links, or prose between the tags together
 *   with literal quotes.
 *
 * The result, exactly: the element from `<pre` to `</pre>` becomes the
 * unescaped content with its whitespace as it was; list items at the top
 * level get `<ul>` before and `</ul>` after; elements left open are closed at
 * the end, innermost first, before that `</ul>`. The result must be well
 * nested (every element closed by its own end tag, no stray end tag), so
 * nothing after the old `</pre>` can parse differently; otherwise the `<pre>`
 * stays, with a warning.
 */
import { decodeHTML } from 'entities';
import { attribute, closest, closingSpan, isCodePre, isElement, openingSpan, textContent, type Element, type Span } from '../html/dom.js';
import { parseKeywordUrl } from '../hatena/keyword-url.js';
import { inspectMarkup, isWellNested, openAtEnd } from '../html/escaped-markup.js';
import type { Pass, PassContext } from '../types.js';

const ESCAPED_TAG = /&lt;(\/?)([a-z][a-z0-9]*)\b([\s\S]*?)&gt;/gi;
const MARKUP_TAGS = new Set(['a', 'li', 'ul', 'ol', 'p']);
const RENDERER_QUOTE = /&(?:quot|apos|#0*3[49]|#x0*2[27]);/i;
const CODE_SYNTAX = /&lt;(?:!doctype|!--|html|head|body|\?|%)|\{\{|\{%|@\{|<\?php/i;
const INTRODUCES_CODE =
  /(?:html|xml|css|javascript|タグ|コード|ソース|記述|以下|下記|次の|例えば|例|書き方|書く|code|markup|snippet|example|sample|:|：)\s*[。．.]?$/i;
/** Ancestors a restored list or paragraph may sit in. */
const FLOW_PARENTS = new Set(['div', 'li', 'blockquote', 'td', 'th', 'section', 'article', 'main', 'aside', 'dd', 'body', 'center', 'figure', 'details', 'header', 'footer', 'nav']);

interface Candidate {
  node: Element;
  opening: Span;
  closing: Span;
}

function isBare(node: Element): boolean {
  if (isCodePre(node) || attribute(node, 'lang') !== undefined) return false;
  return node.childNodes.every((child) => child.nodeName === '#text');
}

/** Tag name and attribute names of an element, the shape of a post's links. */
function signature(tag: string, names: readonly string[]): string | undefined {
  return names.length >= 2 ? `${tag}[${[...names].map((name) => name.toLowerCase()).sort().join(',')}]` : undefined;
}

function textBefore(node: Element): string {
  const siblings = node.parentNode?.childNodes ?? [];
  const index = siblings.indexOf(node);
  let text = '';
  for (let i = index - 1; i >= 0 && text.trim().length < 40; i--) text = textContent(siblings[i]!) + text;
  return text.trim();
}

interface Decision {
  replacement?: string;
  refusal?: string;
  /** how many list items and links were restored */
  summary?: string;
}

function decide(context: PassContext, candidate: Candidate, liveSignatures: ReadonlySet<string>, tables: readonly Span[]): Decision | undefined {
  const { source } = context;
  const raw = source.slice(candidate.opening.end, candidate.closing.start);
  const escaped = [...raw.matchAll(ESCAPED_TAG)];
  // not markup at all (a shell prompt's &lt;placeholder&gt;): nothing to say
  if (!escaped.some((match) => MARKUP_TAGS.has(match[2]!.toLowerCase()))) return undefined;

  if (escaped.some((match) => RENDERER_QUOTE.test(match[0]))) return { refusal: 'quotes inside its tags are escaped, as a code renderer writes them' };
  if (CODE_SYNTAX.test(raw)) return { refusal: 'it shows document or template code' };
  if (closest(candidate.node, ['a'])) return { refusal: 'it sits inside a link' };
  const parent = candidate.node.parentNode;
  if (parent && isElement(parent) && !FLOW_PARENTS.has(parent.tagName)) return { refusal: `it sits inside <${parent.tagName}>` };
  const inTable = tables.some((table) => table.start < candidate.opening.start && candidate.opening.start < table.end);
  if (inTable && !closest(candidate.node, ['td', 'th'])) {
    return { refusal: 'it sits inside a table but outside any cell' };
  }
  const intro = textBefore(candidate.node);
  if (INTRODUCES_CODE.test(intro)) return { refusal: `the text before it ("…${intro.slice(-12)}") introduces code` };

  const markup = decodeHTML(raw);
  const facts = inspectMarkup(markup);
  if (facts.refusal) return { refusal: facts.refusal };
  if (facts.strayText) return { refusal: 'it has text outside any element, as a code sample does' };

  const tags = facts.elements.map((element) => element.tagName);
  const keywordLinks = facts.elements.filter((element) => {
    if (element.tagName !== 'a') return false;
    const href = element.attrs.find((attribute) => attribute.name === 'href')?.value;
    const classes = element.attrs.find((attribute) => attribute.name === 'class')?.value.toLowerCase().split(/\s+/) ?? [];
    return classes.includes('keyword') || classes.includes('okeyword') || (href !== undefined && parseKeywordUrl(href) !== undefined);
  }).length;
  const ownPattern = facts.elements.some((element) => {
    const key = signature(element.tagName, element.attrs.map((attribute) => attribute.name));
    const rel = element.attrs.find((attribute) => attribute.name === 'rel')?.value;
    return (key !== undefined && liveSignatures.has(key)) || (rel !== undefined && liveSignatures.has(`rel=${rel.trim().toLowerCase()}`));
  });
  const literalQuotes = escaped.some((match) => /["']/.test(match[3]!));
  const cjkProse = (facts.prose.match(/[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]/g) ?? []).length;
  const prose = cjkProse >= 10 || facts.prose.length >= 40;
  if (!(keywordLinks > 0 || ownPattern || (prose && literalQuotes))) {
    return { refusal: 'nothing shows it was pasted by mistake (no escaped keyword links, no attribute pattern of this post, no prose with literal quotes)' };
  }

  const topLevel = facts.elements.filter((element) => element.parentNode?.nodeName === '#document-fragment');
  const wrap = topLevel.length > 0 && topLevel.every((element) => element.tagName === 'li');
  const closers = openAtEnd(markup).reverse().map((tag) => `</${tag}>`).join('');
  const replacement = (wrap ? '<ul>' : '') + markup + closers + (wrap ? '</ul>' : '');
  // a well-nested fragment leaves the parser as it found it: nothing after it can change
  if (!isWellNested(replacement)) return { refusal: 'its markup is not well nested, so the rest of the post could parse differently' };
  const items = tags.filter((tag) => tag === 'li').length;
  const links = tags.filter((tag) => tag === 'a').length;
  return { replacement, summary: `${items} list item${items === 1 ? '' : 's'}, ${links} link${links === 1 ? '' : 's'}` };
}

export const preEscapedHtml: Pass = {
  name: 'pre-escaped-html',
  description: 'Restore a post\'s markup that was pasted escaped into a bare <pre>; code samples stay',
  needle: /<pre[\s/>]/i,
  mayReport: (text) => /&lt;/i.test(text) && hasBarePre(text),
  create(context) {
    const candidates: Candidate[] = [];
    const liveSignatures = new Set<string>();
    const tables: Span[] = [];
    return {
      element(node) {
        if (node.tagName === 'table') {
          const start = openingSpan(node)?.start;
          const end = closingSpan(node)?.end ?? node.sourceCodeLocation?.endOffset;
          if (start !== undefined && end !== undefined) tables.push({ start, end });
        }
        if (node.tagName === 'a' || node.tagName === 'img' || node.tagName === 'li') {
          const key = signature(node.tagName, node.attrs.map((attr) => attr.name));
          if (key) liveSignatures.add(key);
          const rel = attribute(node, 'rel');
          if (rel) liveSignatures.add(`rel=${rel.trim().toLowerCase()}`);
        }
        if (node.tagName !== 'pre' || !isBare(node)) return;
        const opening = openingSpan(node);
        const closing = closingSpan(node);
        if (!opening || !closing || closing.start < opening.end) return;
        if (!/&lt;/i.test(context.source.slice(opening.end, closing.start))) return;
        candidates.push({ node, opening, closing });
      },
      finish() {
        for (const candidate of candidates) {
          const decision = decide(context, candidate, liveSignatures, tables);
          if (!decision) continue;
          const span = { start: candidate.opening.start, end: candidate.closing.end };
          if (decision.replacement !== undefined) {
            context.report({
              message: `restored markup pasted escaped into <pre> (${decision.summary})`,
              ...span,
              edits: [{ ...span, text: decision.replacement }],
            });
          } else {
            context.report({ message: `kept <pre> of escaped markup: ${decision.refusal}`, ...span, severity: 'warning' });
          }
        }
      },
    };
  },
};

const PRE_START = /<pre(?=[\s/>])/gi;
const PRE_TAG = /^<pre((?:\s*[^\s"'>/=][^\s"'>/=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/i;
const PRE_ATTRIBUTE = /([^\s"'>/=][^\s"'>/=]*)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/**
 * Whether the text may hold a `<pre>` without class or data-* attributes.
 * Sound: a start tag it cannot read counts as bare.
 */
export function hasBarePre(text: string): boolean {
  for (const match of text.matchAll(PRE_START)) {
    const tag = PRE_TAG.exec(text.slice(match.index, match.index + 2048));
    if (!tag) return true;
    const names = [...tag[1]!.matchAll(PRE_ATTRIBUTE)].map((attribute) => attribute[1]!.toLowerCase());
    if (!names.some((name) => name === 'class' || name.startsWith('data'))) return true;
  }
  return false;
}
