/**
 * Count what would run, load or submit something in a piece of HTML, as a
 * browser would parse it: elements that execute or fetch (script, iframe,
 * object, embed, form, style, base, meta, link, and the like, SVG and MathML
 * included), on* handler attributes, and javascript:, vbscript: and data:
 * URLs, read after decoding character references twice (the parser decodes
 * once; a second decoding catches `&amp;#x09;` hidden a level deeper) and
 * dropping the control characters and spaces URL parsers ignore. A repair
 * must never make this number grow.
 */
import { decodeHTML } from 'entities';
import { parse, parseFragment, type DefaultTreeAdapterMap } from 'parse5';
import { isHtmlDocument } from '../../src/engine/parse-html.js';

type Node = DefaultTreeAdapterMap['node'];

export const ACTIVE_ELEMENTS = new Set([
  'script', 'iframe', 'object', 'embed', 'form', 'style', 'base', 'meta', 'link',
  'frame', 'frameset', 'applet', 'portal', 'svg', 'math', 'input', 'button', 'select', 'textarea',
]);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc', 'codebase']);
const ACTIVE_SCHEME = /^(?:javascript|vbscript|data):/;

/** The active things found, one string each (for messages); their number is the count. */
export function activeMarkup(html: string): string[] {
  const root = isHtmlDocument(html) ? parse(html) : parseFragment(html);
  const found: string[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if ('tagName' in node) {
      if (ACTIVE_ELEMENTS.has(node.tagName)) found.push(`<${node.tagName}>`);
      for (const attribute of node.attrs) {
        const name = (attribute.prefix ? `${attribute.prefix}:` : '') + attribute.name.toLowerCase();
        if (name.startsWith('on')) found.push(`${name}=`);
        if (URL_ATTRIBUTES.has(name)) {
          const url = decodeHTML(attribute.value).replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
          if (ACTIVE_SCHEME.test(url)) found.push(`${name}="${url.slice(0, 16)}"`);
        }
      }
      if (node.tagName === 'template' && 'content' in node) stack.push(node.content as Node);
    }
    if ('childNodes' in node) stack.push(...node.childNodes);
  }
  return found;
}
