/**
 * The library: `import { cleanText, cleanFile, passes } from 'blogfix'`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import { cleanFile, cleanText, passes } from '../src/index.js';
import { ROOT, tempDir, writeTree, useTempDir } from './helpers/cli.js';

const POST = '---\ntitle: t\n---\n<p><a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">クラウド</a>と<a herf="https://example.org/">本</a></p>\n';
const CLEANED = '---\ntitle: t\n---\n<p>クラウドと<a href="https://example.org/">本</a></p>\n';

let dir: string;
useTempDir((created) => (dir = created));

describe('the public api', () => {
  it('should expose cleanText, cleanFile and passes, and nothing else', async () => {
    expect(Object.keys(api).sort()).toEqual(['cleanFile', 'cleanText', 'passes']);
    // the built library, which package.json's exports name, says the same
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const built = await import(pathToFileURL(path.join(ROOT, pkg.exports['.'].default)).href);
    expect(Object.keys(built).sort()).toEqual(['cleanFile', 'cleanText', 'passes']);
    expect(fs.existsSync(path.join(ROOT, pkg.exports['.'].types))).toBe(true);
  });

  it('passes: name and description of each, in order, read-only', () => {
    expect(passes.map((pass) => pass.name)).toEqual([
      'keyword-links',
      'herf',
      'blank-target',
      'affiliate-pixels',
      'pre-escaped-html',
      'asin-links',
      'https-images',
      'blog-cards',
      'fotolife-links',
      'own-links',
    ]);
    expect(passes.filter((pass) => !pass.onByDefault).map((pass) => pass.name)).toEqual(['blog-cards', 'fotolife-links', 'own-links']);
    expect(passes.find((pass) => pass.name === 'blog-cards')!.presets).toEqual(['leaving-hatena']);
    expect(passes.every((pass) => pass.description.length > 10)).toBe(true);
    expect(Object.isFrozen(passes) && Object.isFrozen(passes[0])).toBe(true);
  });
});

describe('cleanText', () => {
  it('cleans a string and says what it did, where, with the decoded keyword', () => {
    const result = cleanText(POST);
    expect(result).toEqual({
      output: CLEANED,
      changed: true,
      format: 'html',
      edits: [
        { pass: 'keyword-links', severity: 'fix', line: 4, column: 4, message: 'unwrapped keyword link "クラウド"', keyword: 'クラウド' },
        { pass: 'herf', severity: 'fix', line: 4, column: 97, message: '<a herf=…> renamed to href' },
      ],
      warnings: [],
    });
  });

  it('takes only/skip, extra keyword hosts and pixel patterns, and the file name for the format', () => {
    expect(cleanText(POST, { only: ['herf'] }).output).toBe(POST.replace('herf=', 'href='));
    expect(cleanText(POST, { skip: ['herf', 'keyword-links'] }).changed).toBe(false);
    expect(() => cleanText(POST, { only: ['nope'] })).toThrow(/unknown pass "nope"/);
    const own = '<p><a class="keyword" href="https://kw.example.jp/keyword/Rust">Rust</a><img src="https://px.example.net/p.gif" width="1" height="1"></p>';
    expect(cleanText(own).changed).toBe(false);
    expect(cleanText(own, { keywordHosts: ['kw.example.jp'], pixelPatterns: [/^https:\/\/px\.example\.net\//] }).output).toBe('<p>Rust</p>');
    expect(cleanText(own, { pixelPatterns: ['^HTTPS://PX\\.example\\.net/'] }).output).toContain('keyword');
    expect(cleanText(own, { pixelPatterns: ['^HTTPS://PX\\.example\\.net/'] }).output).not.toContain('<img');
    const markdown = 'A `<a herf="x">code</a>` span\n';
    expect(cleanText(markdown, { filepath: 'post.md' })).toMatchObject({ changed: false, format: 'markdown' });
    expect(cleanText(markdown, { format: 'html' }).changed).toBe(true);
  });
});

describe('cleanFile', () => {
  it('rewrites a post on disk and reports it', async () => {
    writeTree(dir, { 'a.html': POST });
    const file = path.join(dir, 'a.html');
    const result = await cleanFile(file);
    expect(result).toMatchObject({ path: file, status: 'changed', written: true, encoding: 'utf-8' });
    expect(result.edits.map((edit) => edit.pass)).toEqual(['keyword-links', 'herf']);
    expect(result.output).toBeUndefined();
    expect(fs.readFileSync(file, 'utf8')).toBe(CLEANED);
    expect(await cleanFile(file)).toMatchObject({ status: 'unchanged', written: false, edits: [] });
  });

  it('with write: false, writes nothing and gives the cleaned bytes in the file\'s own encoding', async () => {
    const euc = path.join(ROOT, 'fixtures/_formats/euc-jp-post');
    writeTree(dir, { 'e.html': fs.readFileSync(path.join(euc, 'input.html')) });
    const file = path.join(dir, 'e.html');
    const result = await cleanFile(file, { write: false });
    expect(result).toMatchObject({ status: 'changed', written: false, encoding: 'euc-jp' });
    expect(result.output).toEqual(fs.readFileSync(path.join(euc, 'expected.html')));
    expect(fs.readFileSync(file)).toEqual(fs.readFileSync(path.join(euc, 'input.html')));
  });

  it('never throws for a bad file: the result says why', async () => {
    expect(await cleanFile(path.join(dir, 'missing.html'))).toMatchObject({ status: 'failed', error: 'no such file', written: false });
    expect(await cleanFile(path.join(dir, 'missing.html'), { write: false })).toMatchObject({ status: 'failed', error: 'no such file' });
    writeTree(dir, { 'b.html': Buffer.from([0x3c, 0x00]) });
    expect(await cleanFile(path.join(dir, 'b.html'))).toMatchObject({ status: 'failed', error: expect.stringContaining('binary file') });
  });
});

describe('the library and issue 12', () => {
  it('cleanText names Hatena notation left in a post, with every construct', () => {
    const result = cleanText('[f:id:yama:20191103101500j:image]\n\n>|perl|\nprint 1;\n||<\n', { filepath: 'post.md' });
    const warning = result.warnings.find((item) => item.pass === 'hatena-notation');
    expect(warning?.notation).toEqual([
      { construct: '[f:id:…]', line: 1 },
      { construct: '>|perl|', line: 3 },
    ]);
  });

  it('cleanFile with toUtf8 writes an EUC-JP post as UTF-8', async () => {
    const { lazyIconv } = await import('../src/lazy.js');
    const file = path.join(dir, 'a.html');
    fs.writeFileSync(file, lazyIconv().encode('<meta charset="euc-jp"><p>山</p>\n', 'euc-jp'));
    const result = await cleanFile(file, { toUtf8: true });
    expect(result).toMatchObject({ status: 'changed', written: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('<meta charset="utf-8"><p>山</p>\n');
  });
});
