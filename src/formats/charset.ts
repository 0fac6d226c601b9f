/**
 * Charset declarations in a post, for `--to-utf8`: once an EUC-JP or
 * Shift_JIS post is written as UTF-8, what it says about its encoding must
 * say UTF-8 too:
 * - `<meta charset="EUC-JP">`
 * - `<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">`
 * - `<?xml version="1.0" encoding="EUC-JP"?>`
 * - `@charset "Shift_JIS";` in a style sheet
 * Only the label changes (its letter case kept: `EUC-JP` becomes `UTF-8`,
 * `euc-jp` becomes `utf-8`). Declarations shown inside code (Markdown code,
 * `<pre>`, `<code>`, `<textarea>`, comments) are text and stay.
 */
import type { TextEdit } from '../types.js';
import { findFrontMatter } from './front-matter.js';
import { formatOf } from './layout.js';
import { readMarkdown } from './markdown.js';

const LABEL = String.raw`(?:x-)?euc-?jp|(?:x-)?shift[_-]?jis|(?:x-)?sjis|windows-31j|cp932|ms_kanji|csshiftjis|cseucpkdfmtjapanese`;

const DECLARATIONS = [
  new RegExp(String.raw`<meta\b[^<>]*?\bcharset\s*=\s*["']?\s*(${LABEL})(?![\w-])`, 'gid'),
  new RegExp(String.raw`<\?xml\b[^<>]*?\bencoding\s*=\s*["'](${LABEL})["']`, 'gid'),
  new RegExp(String.raw`@charset\s+["'](${LABEL})["']`, 'gid'),
];

const spaces = (text: string) => text.replace(/[^\r\n]/g, ' ');

function visible(text: string, path: string | undefined): string {
  const format = formatOf(text, path);
  let view = text;
  if (format === 'markdown' || format === 'mdx') {
    // the body is Markdown; front matter (never a declaration) is not
    const start = findFrontMatter(text)?.end ?? 0;
    try {
      view = text.slice(0, start) + readMarkdown(text.slice(start), format === 'mdx').html;
    } catch {
      // an MDX post that does not parse is refused anyway
    }
  }
  return view.replace(/<(pre|code|textarea|xmp)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, spaces).replace(/<!--[\s\S]*?-->/g, spaces);
}

/** The edits that make every charset declaration of `text` say UTF-8. */
export function utf8DeclarationEdits(text: string, path?: string): TextEdit[] {
  if (!/charset|encoding/i.test(text)) return [];
  const view = visible(text, path);
  const edits: TextEdit[] = [];
  for (const pattern of DECLARATIONS) {
    for (const match of view.matchAll(pattern)) {
      const label = match[1]!;
      const start = match.indices![1]![0];
      edits.push({ start, end: start + label.length, text: label === label.toLowerCase() ? 'utf-8' : 'UTF-8' });
    }
  }
  return edits.sort((a, b) => a.start - b.start);
}
