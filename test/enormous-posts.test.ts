/**
 * Enormous and deeply nested posts, and a 5 MB one-line post through the
 * command line (stress-style: kept out of npm test, run
 * by npm run test:slow, which .ci/run calls): no stack overflow at any depth,
 * the link inside is handled, a second run changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanString } from '../src/engine/clean-string.js';
import { runCli, useTempDir, writeTree } from './helpers/cli.js';

const KEYWORD = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>';
const DIRTY = `<p>${KEYWORD} と <a herf="https://example.com/" target="_brank">リンク</a></p>\n`;
const CLEANED = '<p>Go と <a href="https://example.com/" target="_blank">リンク</a></p>\n';

describe('enormous and deeply nested posts', () => {
  const N = 100_000;
  const nestings: [string, string, string][] = [
    ['div', '<div>', '</div>'],
    ['span', '<span>', '</span>'],
    ['b (formatting elements the parser reconstructs)', '<b>', '</b>'],
    ['list items', '<ul><li>', '</li></ul>'],
    ['table cells', '<table><tr><td>', '</td></tr></table>'],
    ['blockquote with cite', '<blockquote><cite>', '</cite></blockquote>'],
    ['svg groups (foreign content)', '<svg><g>', '</g></svg>'],
    ['unclosed divs', '<div>', ''],
    ['unclosed spans in a paragraph', '<p><span>', ''],
  ];
  for (const [name, open, close] of nestings) {
    it(`${N.toLocaleString('en')} nested ${name}: no stack overflow, the link inside is handled, a second run changes nothing`, () => {
      const text = `${open.repeat(N)}x ${DIRTY}${close.repeat(N)}`;
      const once = cleanString(text, { path: 'post.html', keepFixes: false });
      expect(once.problems).toEqual([]);
      // the <p> breaks out of <svg> back into HTML; in <cite> a link with the keyword class is still an autolink
      expect(once.tally.total).toBe(3);
      expect(once.output).toBe(`${open.repeat(N)}x ${CLEANED}${close.repeat(N)}`);
      const twice = cleanString(once.output, { path: 'post.html', keepFixes: false });
      expect(twice.tally.total).toBe(0);
    });
  }

  it(`${N.toLocaleString('en')} keyword links in one post: every one unwrapped, nothing else touched`, () => {
    const result = cleanString(`<p>${KEYWORD.repeat(N)}</p>\n`, { path: 'post.html', keepFixes: false });
    expect(result.tally.total).toBe(N);
    expect(result.output).toBe(`<p>${'Go'.repeat(N)}</p>\n`);
  });
});

describe('enormous posts, through the command line', () => {
  let dir = '';
  useTempDir((created) => (dir = created));

  it('a 5 MB post on one line (cleaned from its bytes in a worker of its own, written as it is cleaned)', () => {
    const text = DIRTY.trimEnd().repeat(Math.ceil((5 << 20) / DIRTY.length));
    writeTree(dir, { 'big.html': text });
    const run = runCli(['clean', '--quiet', 'big.html'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'big.html'), 'utf8')).toBe(CLEANED.trimEnd().repeat(Math.ceil((5 << 20) / DIRTY.length)));
    expect(fs.readdirSync(dir)).toEqual(['big.html']);
  });
});
