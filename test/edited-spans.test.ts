/**
 * Each fix says which span of the input its edits replaced (`edited`), as
 * well as what it is about (`start`/`end`, for line and column): the union
 * of those spans covers every change. fuzz.test.ts checks that on generated
 * posts; these are the cases by hand.
 */
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { cleanString } from '../src/engine/clean-string.js';
import { selectPasses } from '../src/passes/index.js';

const KEYWORD = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>';

function spans(input: string, path = 'post.html') {
  return cleanString(input, { path }).fixes.map((fix) => ({ pass: fix.pass, round: fix.round, about: input.slice(fix.start, fix.end), edited: input.slice(fix.edited.start, fix.edited.end) }));
}

describe('the span a fix edited', () => {
  it('a keyword link: about its start tag, edits through its end tag', () => {
    expect(spans(`<p>x${KEYWORD}y</p>`)).toEqual([{ pass: 'keyword-links', round: 1, about: KEYWORD.slice(0, KEYWORD.indexOf('>') + 1), edited: KEYWORD }]);
  });

  it('a herf repeating href: the space before it goes too', () => {
    expect(spans('<a href="x" herf="x">l</a>')).toEqual([{ pass: 'herf', round: 1, about: 'herf="x"', edited: ' herf="x"' }]);
  });

  it('a misspelt target name and its value: one span from name to value', () => {
    expect(spans('<a href="x" taraget="_brank">l</a>')).toEqual([{ pass: 'blank-target', round: 1, about: 'taraget="_brank"', edited: 'taraget="_brank' }]);
  });

  it('a fix of a second round, in markup the first restored, lies inside the first one\'s span', () => {
    const pre = '<pre>&lt;li&gt;&lt;a class="keyword" href="http://d.hatena.ne.jp/keyword/Go"&gt;Go&lt;/a&gt; を試した話を書いた&lt;/li&gt;</pre>';
    const input = `${KEYWORD}\n${pre}\n`;
    const fixes = cleanString(input, { path: 'post.html' }).fixes;
    expect(fixes.map((fix) => [fix.pass, fix.round])).toEqual([
      ['keyword-links', 1],
      ['pre-escaped-html', 1],
      ['keyword-links', 2],
    ]);
    const [, restore, second] = fixes;
    expect(input.slice(restore!.edited.start, restore!.edited.end)).toBe(pre);
    expect(second!.edited.start).toBeGreaterThanOrEqual(restore!.edited.start);
    expect(second!.edited.end).toBeLessThanOrEqual(restore!.edited.end);
  });

  it('a fix of a second round on text the first left alone maps back exactly, past the first round\'s shorter text', () => {
    // herf becomes href in round 1; only then is the link an autolink, unwrapped in round 2
    const link = '<a class="keyword" herf="http://d.hatena.ne.jp/keyword/Go">Go</a>';
    const input = `${KEYWORD}${KEYWORD}<p>${link}</p>`;
    expect(spans(input).at(-1)).toEqual({ pass: 'keyword-links', round: 2, about: link.slice(0, link.indexOf('>') + 1), edited: link });
  });

  it('moves with its region: after front matter, in a Markdown post, in the byte path', () => {
    const front = '---\ntitle: 日本語のタイトル\n---\n';
    expect(spans(`${front}<p>${KEYWORD}</p>`)[0]!.edited).toBe(KEYWORD);
    expect(spans(`${front}段落 ${KEYWORD} です\n`, 'post.md')[0]!.edited).toBe(KEYWORD);
    const text = `${front}<p>日本語 ${KEYWORD}</p>\n`;
    const fromBytes = cleanBytes(Buffer.from(text), 'post.html', { passes: selectPasses(), byteRegionsFrom: 0 });
    expect(fromBytes.fixes.map((fix) => text.slice(fix.edited.start, fix.edited.end))).toEqual([KEYWORD]);
  });
});
