/**
 * Parse HTML with parse5, keeping source locations: offsets into the text
 * exactly as written (a CRLF counts as two), and for every element the spans
 * of its start tag, end tag and attributes. A full document (`<!DOCTYPE` or
 * `<html>` first) is parsed as a document, anything else as a fragment.
 * `<noscript>` content is parsed as markup (scripting off), as in an export.
 */
import { parse, parseFragment } from 'parse5';
import type { Root } from '../html/dom.js';

// a comment ends at its first `-->`: a body that could run on over later ones
// would give a run of n comments 2^n ways to fail
const DOCUMENT_START = /^(?:\s|<!--(?:[^-]|-(?!->))*-->)*<(?:!doctype|html[\s>])/i;

/** Whether `text` is a whole HTML document rather than a fragment. */
export function isHtmlDocument(text: string): boolean {
  return DOCUMENT_START.test(text.slice(0, 4096));
}

const OPTIONS = { sourceCodeLocationInfo: true, scriptingEnabled: false };

/** parse5's tree of `text`, with locations: a document or a fragment. */
export function parseHtml(text: string): Root {
  return isHtmlDocument(text) ? parse(text, OPTIONS) : parseFragment(text, OPTIONS);
}
