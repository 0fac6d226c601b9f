/**
 * Passes off by default, presets, and the settings of the leftover passes,
 * through the command line and the configuration file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useTempDir, writeTree } from './helpers/cli.js';

let dir = '';
useTempDir((made) => (dir = made));

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const perPass = (stderr: string) => Object.fromEntries([...stderr.matchAll(/^ {2}([a-z-]+) +(\d+)$/gm)].map((match) => [match[1], Number(match[2])]));

// one of each leftover: an asin link, an http image, a blog card, a Fotolife link, a link to the old blog
const POST = [
  '<ul><li>本</li><li><a href="http://d.hatena.ne.jp/asin/4000000244/example-22">この商品を含むブログを見る</a></li></ul>',
  '<p><img src="http://cdn-ak.f.st-hatena.com/images/fotolife/e/example/20150101/20150101000000.jpg" alt="海"></p>',
  '<p><iframe src="https://hatenablog-parts.com/embed?url=https%3A%2F%2Fexample.org%2F" title="例" class="embed-card embed-webcard"></iframe></p>',
  '<p><a href="http://f.hatena.ne.jp/example/20150101000000" class="hatena-fotolife"><img src="/img/a.jpg" alt="山"></a></p>',
  '<p><a href="https://example.hateblo.jp/entry/2015/01/01/120000">前の記事</a></p>',
  '<p><img src="http://img.example.net/b.jpg" alt="川"></p>',
  '',
].join('\n');
const OWN_BLOGS = [{ url: 'https://example.hateblo.jp', from: '/entry/YYYY/MM/DD/ID', to: '/posts/YYYY/MM/DD/ID/' }];

const counts = (args: string[]) => {
  const run = runCli(['clean', '--check', ...args, 'p.html'], dir);
  expect(run.status, run.stderr).toBe(1);
  const all = perPass(run.stderr);
  return { asin: all['asin-links'], https: all['https-images'], cards: all['blog-cards'], fotolife: all['fotolife-links'], own: all['own-links'] };
};

describe('passes off by default and presets', () => {
  it('by default, only asin-links and https-images of the leftover passes run', () => {
    writeTree(dir, { 'p.html': POST });
    expect(counts(['--no-config'])).toEqual({ asin: 1, https: 1, cards: 0, fotolife: 0, own: 0 });
  });

  it('--preset leaving-hatena turns blog-cards and fotolife-links on; own-links needs ownBlogs too', () => {
    writeTree(dir, { 'p.html': POST });
    expect(counts(['--no-config', '--preset', 'leaving-hatena'])).toEqual({ asin: 1, https: 1, cards: 1, fotolife: 1, own: 0 });
  });

  it('"preset" in the configuration does the same; with ownBlogs, own-links runs', () => {
    writeTree(dir, { 'p.html': POST, 'blogfix.config.json': json({ preset: 'leaving-hatena', ownBlogs: OWN_BLOGS }) });
    expect(counts([])).toEqual({ asin: 1, https: 1, cards: 1, fotolife: 1, own: 1 });
    expect(runCli(['clean', 'p.html'], dir).status).toBe(0);
    const out = fs.readFileSync(path.join(dir, 'p.html'), 'utf8');
    expect(out).toContain('<p><a href="https://example.org/">例</a></p>');
    expect(out).toContain('<p><img src="/img/a.jpg" alt="山"></p>');
    expect(out).toContain('<a href="/posts/2015/01/01/120000/">前の記事</a>');
    expect(out).toContain('<ul><li>本</li></ul>');
    expect(out).toContain('src="https://cdn-ak.f.st-hatena.com/');
    // a second run finds nothing
    expect(runCli(['clean', '--check', 'p.html'], dir).status).toBe(0);
  });

  it('"passes" in the configuration turns a preset\'s pass off, or one pass on without a preset', () => {
    writeTree(dir, { 'p.html': POST, 'blogfix.config.json': json({ preset: 'leaving-hatena', passes: { 'blog-cards': false } }) });
    expect(counts([])).toEqual({ asin: 1, https: 1, cards: 0, fotolife: 1, own: 0 });
    writeTree(dir, { 'blogfix.config.json': json({ passes: { 'blog-cards': true } }) });
    expect(counts([])).toEqual({ asin: 1, https: 1, cards: 1, fotolife: 0, own: 0 });
  });

  it('ownBlogs alone turns own-links on, and nothing else', () => {
    writeTree(dir, { 'p.html': POST, 'blogfix.config.json': json({ ownBlogs: OWN_BLOGS }) });
    expect(counts([])).toEqual({ asin: 1, https: 1, cards: 0, fotolife: 0, own: 1 });
    // --skip still wins
    expect(counts(['--skip', 'own-links'])).toEqual({ asin: 1, https: 1, cards: 0, fotolife: 0, own: 0 });
  });

  it('httpsImageHosts adds hosts to https-images', () => {
    writeTree(dir, { 'p.html': POST, 'blogfix.config.json': json({ httpsImageHosts: ['img.example.net'] }) });
    expect(counts([])).toEqual({ asin: 1, https: 2, cards: 0, fotolife: 0, own: 0 });
  });

  it('an unknown preset is a usage error (exit 2), on the command line and in the configuration', () => {
    writeTree(dir, { 'p.html': POST });
    const cli = runCli(['clean', '--no-config', '--preset', 'leaving', 'p.html'], dir);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toMatch(/unknown preset leaving \(presets: leaving-hatena\)/);
    writeTree(dir, { 'blogfix.config.json': json({ preset: 'leaving' }) });
    const file = runCli(['clean', 'p.html'], dir);
    expect(file.status).toBe(2);
    expect(file.stderr).toMatch(/blogfix\.config\.json: "preset": unknown preset "leaving"/);
    expect(fs.readFileSync(path.join(dir, 'p.html'), 'utf8')).toBe(POST);
  });
});
