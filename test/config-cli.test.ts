/**
 * The configuration file through the command: where it is found, what each
 * key does to a run, how the command line combines with it, and how a
 * mistake is reported. The keys themselves: test/config.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeTree, useTempDir } from './helpers/cli.js';

// a keyword link on a host of one's own, a pixel of one's own, and a herf: none of the first two is known to blogfix
const POST = '<p><a class="keyword" href="http://d.example.jp/keyword/Rust">Rust</a> と <a herf="https://example.org/">本</a><img src="https://px.example.net/t.gif?id=7" width="1" height="1" alt=""></p>\n';
const HOSTS_AND_PIXELS = { keywordHosts: ['d.example.jp'], pixelPatterns: ['^https://px\\.example\\.net/'] };

let dir: string;
useTempDir((created) => (dir = created));

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const perPass = (stderr: string) => Object.fromEntries([...stderr.matchAll(/^ {2}([a-z-]+) +(\d+)$/gm)].map((match) => [match[1], Number(match[2])]));

describe('blogfix clean with a configuration', () => {
  it('without one, leaves unknown keyword hosts and pixel URLs alone', () => {
    writeTree(dir, { 'p.html': POST });
    const run = runCli(['clean', '--check', 'p.html'], dir);
    expect(perPass(run.stderr)).toMatchObject({ 'keyword-links': 0, herf: 1, 'affiliate-pixels': 0 });
  });

  it('blogfix.config.json in the cwd adds keyword hosts and pixel patterns', () => {
    writeTree(dir, { 'p.html': POST, 'blogfix.config.json': json(HOSTS_AND_PIXELS) });
    expect(runCli(['clean', 'p.html'], dir).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'p.html'), 'utf8')).toBe('<p>Rust と <a href="https://example.org/">本</a></p>\n');
  });

  it('is found walking up from the cwd; its ignore patterns are relative to its own folder', () => {
    writeTree(dir, {
      'blogfix.config.json': json({ ...HOSTS_AND_PIXELS, ignore: ['site/drafts/'] }),
      'site/posts/p.html': POST,
      'site/drafts/d.html': POST,
    });
    const run = runCli(['clean', '--check', '.', '../drafts'], path.join(dir, 'site/posts'));
    expect(run.stdout).toBe('p.html\n');
    expect(perPass(run.stderr)).toMatchObject({ 'keyword-links': 1, 'affiliate-pixels': 1 });
  });

  it('reads the "blogfix" key of package.json; blogfix.config.json wins in the same folder; a package.json without the key is passed over', () => {
    writeTree(dir, { 'package.json': json({ name: 'blog', blogfix: { passes: { herf: false } } }), 'inner/package.json': json({ name: 'inner' }), 'inner/p.html': POST });
    const fromPackage = runCli(['clean', '--check', 'p.html'], path.join(dir, 'inner'));
    expect(perPass(fromPackage.stderr)).toMatchObject({ herf: 0, 'blank-target': 0 });
    writeTree(dir, { 'blogfix.config.json': json({ passes: { 'keyword-links': false } }) });
    const fromFile = runCli(['clean', '--check', 'inner/p.html'], dir);
    expect(perPass(fromFile.stderr)).toMatchObject({ herf: 1 });
  });

  it('--config names the file; --no-config reads none', () => {
    writeTree(dir, { 'p.html': POST, 'blogfix.config.json': json({ passes: { herf: false } }), 'conf/other.json': json(HOSTS_AND_PIXELS) });
    const other = runCli(['clean', '--check', '--config', 'conf/other.json', 'p.html'], dir);
    expect(perPass(other.stderr)).toMatchObject({ 'keyword-links': 1, herf: 1, 'affiliate-pixels': 1 });
    const none = runCli(['clean', '--check', '--no-config', 'p.html'], dir);
    expect(perPass(none.stderr)).toMatchObject({ 'keyword-links': 0, herf: 1, 'affiliate-pixels': 0 });
  });

  it('passes off in the file; --skip adds to them; --only replaces them', () => {
    writeTree(dir, { 'p.html': POST, 'blogfix.config.json': json({ ...HOSTS_AND_PIXELS, passes: { herf: false } }) });
    expect(perPass(runCli(['clean', '--check', 'p.html'], dir).stderr)).toEqual({
      'keyword-links': 1,
      herf: 0,
      'blank-target': 0,
      'affiliate-pixels': 1,
      'pre-escaped-html': 0,
      'asin-links': 0,
      'https-images': 0,
      'blog-cards': 0,
      'fotolife-links': 0,
      'own-links': 0,
    });
    expect(perPass(runCli(['clean', '--check', '--skip', 'affiliate-pixels', 'p.html'], dir).stderr)).toMatchObject({ 'keyword-links': 1, herf: 0, 'affiliate-pixels': 0 });
    expect(perPass(runCli(['clean', '--check', '--only', 'herf', 'p.html'], dir).stderr)).toMatchObject({ 'keyword-links': 0, herf: 1, 'affiliate-pixels': 0 });
  });

  it.each([
    ['blogfix.config.json', json({ pases: {} }), /^blogfix: error blogfix\.config\.json: unknown key "pases"/],
    ['blogfix.config.json', json({ pixelPatterns: ['(x'] }), /^blogfix: error blogfix\.config\.json: "pixelPatterns"\[0\]: not a valid regular expression/],
    ['blogfix.config.json', '{ "passes": ', /^blogfix: error blogfix\.config\.json:1:13: not valid JSON/],
    ['package.json', json({ blogfix: { keywordHosts: [1] } }), /^blogfix: error package\.json#blogfix: "keywordHosts"\[0\] must be a non-empty string, not 1/],
  ])('a bad %s is an error naming the key, exit 2, nothing cleaned', (name, content, message) => {
    writeTree(dir, { 'p.html': POST, [name]: content });
    const run = runCli(['clean', 'p.html'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(fs.readFileSync(path.join(dir, 'p.html'), 'utf8')).toBe(POST);
  });

  it('a --config that does not exist is an error, exit 2', () => {
    writeTree(dir, { 'p.html': POST });
    const run = runCli(['clean', '--config', 'nope.json', 'p.html'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nope.json: cannot read: no such file');
  });
});
