/**
 * MDX posts: what is cleaned is still MDX, what MDX keeps out stays as it
 * is, and a post that does not parse is refused whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { readMarkdown } from '../src/formats/markdown.js';
import { FIXTURES } from './helpers/fixtures.js';

const clean = (text: string, file = 'post.mdx') => cleanBytes(Buffer.from(text), file, { path: file });

describe('MDX', () => {
  it('the cleaned fixture parses as MDX, and a second run changes nothing', () => {
    const input = fs.readFileSync(path.join(FIXTURES, '_formats/mdx-post/input.mdx'));
    const once = cleanBytes(input, 'post.mdx', { path: 'post.mdx' });
    expect(once.status).toBe('changed');
    const body = once.output.toString('utf8').replace(/^---[\s\S]*?\n---\n/, '');
    expect(() => readMarkdown(body, true)).not.toThrow();
    expect(cleanBytes(once.output, 'post.mdx', { path: 'post.mdx' }).status).toBe('unchanged');
  });

  it('the same text as .md is read as Markdown: JSX there is raw HTML or text', () => {
    const text = '<Note title="x">[クラウド](http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9)</Note>\n\n{a < b}\n';
    expect(clean(text, 'post.mdx').output.toString()).toBe('<Note title="x">クラウド</Note>\n\n{a < b}\n');
    // as .md, `{a < b}` is text and the same link goes
    expect(clean(text, 'post.md').output.toString()).toBe('<Note title="x">クラウド</Note>\n\n{a < b}\n');
  });

  it('an edit that would span more than a tag (a pasted <pre> restored) is not made: a warning instead', () => {
    const pasted = '<pre>&lt;li&gt;&lt;a class="keyword" href="http://d.hatena.ne.jp/keyword/Go"&gt;Go&lt;/a&gt;の記事をまとめて読めるようにしています&lt;/li&gt;</pre>\n';
    const result = clean(pasted);
    expect(result.status).toBe('unchanged');
    expect(result.warnings.map((warning) => warning.message).join('\n')).toMatch(/^kept: Markdown reads this as text, not HTML \(would have: /m);
  });

  it('a post that does not parse is refused with the line and column in the file, front matter counted', () => {
    const text = '---\ntitle: x\n---\n\n# 見出し\n\n<Figure caption={"閉じていない} />\n';
    const result = clean(text);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^MDX does not parse at line 7, column \d+: .*; left untouched$/);
    expect(result.output.equals(Buffer.from(text))).toBe(true);
  });

  it('a post with no keyword at all is still parsed, so a broken one is still refused', () => {
    const unclosed = clean('---\ntitle: x\n---\n\n<div>\n\n閉じていない\n');
    expect(unclosed.status).toBe('failed');
    // found only at the end of the post: the place is the tag never closed
    expect(unclosed.error).toBe('MDX does not parse at line 5, column 1: Expected a closing tag for `<div>` (5:1-5:6); left untouched');
    expect(clean('<div>\n\n閉じている\n\n</div>\n').status).toBe('unchanged');
  });
});
