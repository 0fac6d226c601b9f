/**
 * Hostile and odd inputs: what is not a post is skipped with a message that
 * names the reason; odd posts (empty, only front matter, front matter never
 * closed, enormous or deeply nested) neither crash nor change what they must
 * not. How time grows with size is in linear-time.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanBytes } from '../src/engine/clean-file.js';
import { selectPasses } from '../src/passes/index.js';
import { readTree, runCli, useTempDir, writeTree } from './helpers/cli.js';

const KEYWORD = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>';
const DIRTY = `<p>${KEYWORD} と <a herf="https://example.com/" target="_brank">リンク</a></p>\n`;
const CLEANED = '<p>Go と <a href="https://example.com/" target="_blank">リンク</a></p>\n';
const passes = selectPasses();
const clean = (bytes: Buffer | string, file = 'post.html') => cleanBytes(Buffer.from(bytes), file, { passes, path: file });

let dir: string;
useTempDir((created) => (dir = created));

describe('what is not a post is skipped, with the reason', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  const cases: [string, Buffer, RegExp][] = [
    ['an image', png, /^binary file \(NUL byte at offset 8\); left untouched$/],
    ['a NUL first', Buffer.concat([Buffer.from([0]), Buffer.from(DIRTY)]), /^binary file \(NUL byte at offset 0\)/],
    ['a NUL after 2 MB of post (the byte path)', Buffer.concat([Buffer.from(DIRTY.repeat(30000)), Buffer.from([0])]), /^binary file \(NUL byte at offset \d{7}\)/],
    ['UTF-16 with its byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DIRTY, 'utf16le')]), /^UTF-16 text is not supported/],
    ['bytes no Japanese encoding reads back', Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x41, 0xa4, 0x0a]), /^cannot decode without loss/],
  ];
  for (const [name, bytes, message] of cases) {
    it(name, () => {
      const result = clean(bytes);
      expect(result.status).toBe('failed');
      expect(result.error).toMatch(message);
      expect(result.output.equals(bytes)).toBe(true);
    });
  }

  it('on the command line: each named with its reason, the posts beside them cleaned, exit 2, nothing else written', () => {
    writeTree(dir, { 'a.html': DIRTY, 'b.html': png, 'c.html': cases[3]![1], 'd.html': DIRTY });
    const run = runCli(['clean', '.'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/b\.html\n\s+error\s+binary file \(NUL byte at offset 8\); left untouched/);
    expect(run.stderr).toMatch(/c\.html\n\s+error\s+UTF-16 text is not supported/);
    expect(run.stderr).toMatch(/4 files scanned, 2 changed, 2 failed/);
    const after = readTree(dir);
    expect(after.get('a.html')!.toString()).toBe(CLEANED);
    expect(after.get('d.html')!.toString()).toBe(CLEANED);
    expect(after.get('b.html')).toEqual(png);
    expect([...after.keys()].sort()).toEqual(['a.html', 'b.html', 'c.html', 'd.html']);
  });
});

describe('empty posts and posts that are only front matter', () => {
  const unchanged: [string, string][] = [
    ['empty', ''],
    ['only a newline', '\n'],
    ['YAML front matter only', '---\ntitle: "x"\n---\n'],
    ['YAML front matter without a final newline', '---\ntitle: "x"\n---'],
    ['YAML front matter closed by ...', '---\ntitle: "x"\n...\n'],
    ['TOML front matter only', '+++\ntitle = "x"\n+++\n'],
    ['front matter with CRLF', '---\r\ntitle: x\r\n---\r\n'],
    ['front matter holding what would be defects in HTML', `---\ndescription: '${KEYWORD} <a herf="x" target="_brank">'\n---\n`],
  ];
  for (const [name, text] of unchanged) {
    it(`${name}: unchanged, nothing reported`, () => {
      for (const file of ['post.html', 'post.md']) {
        const result = clean(text, file);
        expect(result.status).toBe('unchanged');
        expect(result.output.toString()).toBe(text);
        expect([...result.warnings, ...result.problems]).toEqual([]);
      }
    });
  }

  it('a byte order mark before the front matter: still front matter', () => {
    const text = `\ufeff---\ntitle: ${KEYWORD}\n---\n${DIRTY}`;
    expect(clean(text).output.toString()).toBe(`\ufeff---\ntitle: ${KEYWORD}\n---\n${CLEANED}`);
  });

  it('an empty post on the command line is neither failed nor written', () => {
    writeTree(dir, { 'empty.html': '', 'fm.md': '---\ntitle: x\n---\n' });
    const before = fs.statSync(path.join(dir, 'empty.html')).mtimeMs;
    const run = runCli(['clean', '.'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/2 files scanned, 0 changed, 0 failed/);
    expect(fs.statSync(path.join(dir, 'empty.html')).mtimeMs).toBe(before);
  });
});

describe('front matter is recognised only at the very top', () => {
  it('a front matter block that never closes leaves the whole post alone, with a warning', () => {
    const text = `---\ntitle: x\n${DIRTY}`;
    const result = clean(text);
    expect(result.output.toString()).toBe(text);
    expect(result.problems.map((problem) => problem.message)).toEqual(['front matter is never closed: the post was left alone']);
    writeTree(dir, { 'a.html': text });
    const run = runCli(['clean', 'a.html'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/a\.html\n\s+1:1\s+warning\s+front matter is never closed: the post was left alone/);
    expect(fs.readFileSync(path.join(dir, 'a.html'), 'utf8')).toBe(text);
  });

  const notFrontMatter: [string, string][] = [
    ['after a blank line', '\n---\ntitle: x\n---\n'],
    ['after leading spaces', '  ---\ntitle: x\n---\n'],
    ['after text', '<p>上</p>\n---\ntitle: x\n---\n'],
    ['a fence with text after it', '--- x\ntitle: x\n---\n'],
  ];
  for (const [name, top] of notFrontMatter) {
    it(`dashes ${name} are text: the post is cleaned, the dashes stay`, () => {
      expect(clean(top + DIRTY).output.toString()).toBe(top + CLEANED);
    });
  }
});

describe('enormous posts, through the command line', () => {
  // 100 000 nested elements and keyword links, and a 5 MB post on one line: test/enormous-posts.test.ts (npm run test:slow)
  it('a post whose parse would not fit in the heap is skipped with the heap it needs, not a crash; the others are cleaned', () => {
    // 6 MB of dense markup needs some 400 MB of heap; this run may use 128
    const big = DIRTY.trimEnd().repeat(Math.ceil((6 << 20) / DIRTY.length));
    writeTree(dir, { 'big.html': big, 'small.html': DIRTY });
    const run = runCli(['clean', '--jobs', '1', 'big.html', 'small.html'], dir, { NODE_OPTIONS: '--max-old-space-size=128' });
    expect(run.stderr).toMatch(/big\.html\n\s+error\s+cannot clean: too big to parse in memory: 6\.\d million characters of HTML in one piece need about \d+ MB of heap, more than the \d+ MB this process may use \(NODE_OPTIONS=--max-old-space-size=\d+ raises it\); left untouched/);
    expect(run.status).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'big.html'), 'utf8')).toBe(big);
    expect(fs.readFileSync(path.join(dir, 'small.html'), 'utf8')).toBe(CLEANED);
    expect(fs.readdirSync(dir).sort()).toEqual(['big.html', 'small.html']);
  });
});
