/**
 * Inspect markup recovered from an escaped `<pre>`: is it the plain markup of
 * a post (links, list items, paragraphs, inline formatting) and would it stay
 * inert once unescaped?
 *
 * Only listed elements and attributes pass, and URLs must be http(s),
 * mailto or relative; anything else keeps the `<pre>`.
 */
import { decodeHTML } from 'entities';
import { parseFragment, type DefaultTreeAdapterMap } from 'parse5';

type P5Node = DefaultTreeAdapterMap['node'];
type P5Element = DefaultTreeAdapterMap['element'];

/** Elements a post's own markup is made of. */
const POST_ELEMENTS = new Set([
  'a', 'li', 'ul', 'ol', 'p', 'br', 'b', 'strong', 'em', 'i', 'u', 's', 'strike', 'del', 'ins',
  'span', 'small', 'big', 'sub', 'sup', 'mark', 'cite', 'q', 'abbr', 'img',
]);

/** Elements that run, load or submit something, or switch the parser into foreign content. */
const ACTIVE_ELEMENTS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'input', 'button',
  'select', 'textarea', 'base', 'meta', 'link', 'svg', 'math', 'template', 'noscript', 'audio', 'video',
  'source', 'track', 'portal', 'xmp', 'plaintext', 'noembed', 'noframes', 'title', 'isindex', 'keygen',
]);

const ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'target', 'rel', 'class', 'width', 'height', 'lang', 'dir']);
const URL_ATTRIBUTES = new Set(['href', 'src']);

/** An element of the markup: its name, its attributes (values decoded), whether it is at the top level. */
export interface MarkupElement {
  tagName: string;
  attrs: readonly { name: string; value: string }[];
  topLevel: boolean;
}

export interface MarkupFacts {
  /** Elements in document order. */
  elements: MarkupElement[];
  /** Top-level text that is not whitespace. */
  strayText: string;
  /** Text not inside any `<a>`, whitespace removed. */
  prose: string;
  /** Why it cannot be restored, if it cannot. */
  refusal?: string;
  /** Set when the refusal is about active content (for the warning). */
  active?: boolean;
}

function safeUrl(value: string): boolean {
  for (const candidate of [value, decodeHTML(value)]) {
    // URL parsers drop these before reading the scheme
    const squeezed = candidate.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
    const scheme = /^([a-z][a-z0-9+.-]*):/.exec(squeezed);
    if (scheme && !['http', 'https', 'mailto'].includes(scheme[1]!)) return false;
    if (/&#|&[a-z]+;/i.test(candidate) && candidate !== value) return false;
  }
  return true;
}

function checkElement(element: P5Element): Pick<MarkupFacts, 'refusal' | 'active'> | undefined {
  const tag = element.tagName;
  if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml' || ACTIVE_ELEMENTS.has(tag)) {
    return { refusal: `unescaping would make <${tag}> live`, active: true };
  }
  if (!POST_ELEMENTS.has(tag)) return { refusal: `it holds <${tag}>, which is not a post's own markup` };
  for (const attribute of element.attrs) {
    const name = attribute.name.toLowerCase();
    if (name.startsWith('on')) return { refusal: `unescaping would make an ${name} handler live`, active: true };
    if (URL_ATTRIBUTES.has(name) && !safeUrl(attribute.value)) {
      return { refusal: `unescaping would make a live ${attribute.value.trim().slice(0, 24)} URL`, active: true };
    }
    if (!ATTRIBUTES.has(name)) return { refusal: `it has a ${name}= attribute, which is not a post's own markup` };
  }
  return undefined;
}

/** Parse `markup` (already unescaped) and collect what the decision needs. */
export function inspectMarkup(markup: string): MarkupFacts {
  const fragment = parseFragment(markup, { sourceCodeLocationInfo: true, scriptingEnabled: false });
  const facts: MarkupFacts = { elements: [], strayText: '', prose: '' };
  for (const child of fragment.childNodes) {
    if (child.nodeName === '#text' && 'value' in child) facts.strayText += child.value.trim();
    if (child.nodeName === '#comment') return { ...facts, refusal: 'it holds an HTML comment' };
  }
  const stack: [P5Node, boolean][] = fragment.childNodes.map((node) => [node, false] as [P5Node, boolean]).reverse();
  while (stack.length) {
    const [node, inLink] = stack.pop()!;
    if (node.nodeName === '#text' && 'value' in node) {
      if (!inLink) facts.prose += node.value.replace(/\s+/g, '');
      continue;
    }
    if (!('tagName' in node)) {
      if (node.nodeName === '#comment') return { ...facts, refusal: 'it holds an HTML comment' };
      continue;
    }
    const problem = checkElement(node);
    if (problem) return { ...facts, ...problem };
    facts.elements.push({ tagName: node.tagName, attrs: node.attrs, topLevel: node.parentNode === fragment });
    const children = 'content' in node && node.content ? node.content.childNodes : node.childNodes;
    for (let index = children.length - 1; index >= 0; index--) stack.push([children[index]!, inLink || node.tagName === 'a']);
  }
  return facts;
}

/** Tags left open at the end of `markup`: the rightmost path without end tags, outermost first. */
export function openAtEnd(markup: string): string[] {
  const fragment = parseFragment(markup, { sourceCodeLocationInfo: true, scriptingEnabled: false });
  const open: string[] = [];
  let node: P5Node | undefined = fragment.childNodes.at(-1);
  while (node && 'tagName' in node) {
    if (!node.sourceCodeLocation?.endTag) open.push(node.tagName);
    node = node.childNodes.at(-1);
  }
  return open;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/**
 * Whether every element of `markup` is closed by its own end tag and every end
 * tag closes an element of `markup`: such a fragment leaves the parser as it
 * found it, so nothing after it can parse differently.
 */
export function isWellNested(markup: string): boolean {
  const fragment = parseFragment(markup, { sourceCodeLocationInfo: true, scriptingEnabled: false });
  let closed = 0;
  const stack: P5Node[] = [...fragment.childNodes];
  while (stack.length) {
    const node = stack.pop()!;
    if (!('tagName' in node)) continue;
    if (!VOID.has(node.tagName)) {
      if (!node.sourceCodeLocation?.endTag) return false;
      closed++;
    }
    stack.push(...node.childNodes);
  }
  return (markup.match(/<\/[a-zA-Z]/g)?.length ?? 0) === closed;
}
