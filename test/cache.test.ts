/**
 * --cache: a post unchanged since a run with the same version, configuration
 * and passes is not read again; its warnings are still told, in its place.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli, useTempDir, writeTree } from './helpers/cli.js';

const CLEAN = (n: number) => `<p>nothing to fix in post ${String(n).padStart(3, '0')}</p>\n`;
const WARNED = '<p><cite><a href="http://d.hatena.ne.jp/keyword/Go">Go</a></cite></p>\n';
const DIRTY = '<p><a herf="https://example.com/">a</a></p>\n';

let dir: string;
useTempDir((created) => (dir = created));

/** Replace a post's bytes keeping its size and modification time: only a read would notice. */
function swapUnseen(file: string, content: string): void {
  const stat = fs.statSync(file);
  expect(Buffer.byteLength(content)).toBe(stat.size);
  fs.writeFileSync(file, content);
  fs.utimesSync(file, stat.atime, stat.mtime);
}

/** A dirty post of the same size as `clean`. */
const sameSize = (clean: string) => '<p><a herf="x">a</a></p>'.padEnd(clean.length - 1, ' ') + '\n';

function blog(count = 20): void {
  const files: Record<string, string> = { 'posts/w.html': WARNED, 'posts/d.html': DIRTY };
  for (let n = 0; n < count; n++) files[`posts/c${n}.html`] = CLEAN(n);
  writeTree(dir, files);
}

describe('--cache', () => {
  it('an unchanged post is not read again: a change that keeps size and time goes unseen, as with eslint', () => {
    blog();
    const first = runCli(['clean', '--check', '--cache', 'posts'], dir);
    expect(first.status).toBe(1);
    expect(fs.existsSync(path.join(dir, '.blogfixcache'))).toBe(true);
    // same size, same time: a herf only a reader would see
    swapUnseen(path.join(dir, 'posts/c3.html'), sameSize(CLEAN(3)));
    const second = runCli(['clean', '--check', '--cache', 'posts'], dir);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
    // without the cache the post is read
    expect(runCli(['clean', '--check', 'posts'], dir).stdout).toContain('c3.html');
  });

  it('gives the same output, in the same order, as a run without it; warnings of cached posts included', () => {
    blog(40);
    const plain = runCli(['clean', '--check', '--format', 'json', 'posts'], dir);
    runCli(['clean', '--check', '--cache', 'posts'], dir);
    const cached = runCli(['clean', '--check', '--format', 'json', '--cache', 'posts'], dir);
    expect(cached.stdout).toBe(plain.stdout);
    expect(cached.stderr).toBe(plain.stderr);
    expect(JSON.parse(cached.stdout).totals).toMatchObject({ files: 42, changed: 1, warnings: 1 });
  });

  it('a post changed since, a new configuration, other passes or another version: read again', async () => {
    blog(3);
    runCli(['clean', '--check', '--cache', 'posts'], dir);
    const c1 = path.join(dir, 'posts/c1.html');
    // a real change (new time) is seen
    fs.writeFileSync(c1, DIRTY);
    fs.utimesSync(c1, new Date(), new Date(Date.now() + 5000));
    expect(runCli(['clean', '--check', '--cache', 'posts'], dir).stdout).toContain('c1.html');
    fs.writeFileSync(c1, CLEAN(1));
    runCli(['clean', '--check', '--cache', 'posts'], dir);
    swapUnseen(path.join(dir, 'posts/c2.html'), sameSize(CLEAN(2)));
    // the cache hides c2 until the settings change
    expect(runCli(['clean', '--check', '--cache', 'posts'], dir).stdout).not.toContain('c2.html');
    expect(runCli(['clean', '--check', '--cache', '--skip', 'blank-target', 'posts'], dir).stdout).toContain('c2.html');
    writeTree(dir, { 'blogfix.config.json': JSON.stringify({ keywordHosts: ['d.example.jp'] }) });
    expect(runCli(['clean', '--check', '--cache', 'posts'], dir).stdout).toContain('c2.html');
    // the version is part of the key
    const { cacheKey } = await import('../src/cli/cache.js');
    const before = cacheKey({ only: ['herf'] });
    expect(cacheKey({ only: ['herf'] })).toBe(before);
    expect(cacheKey({ only: ['blank-target'] })).not.toBe(before);
    vi.resetModules();
    vi.doMock('../src/version.js', () => ({ version: '99.0.0' }));
    const other = await import('../src/cli/cache.js');
    expect(other.cacheKey({ only: ['herf'] })).not.toBe(before);
    vi.doUnmock('../src/version.js');
  });

  it('write mode: a written post is read once more, then kept; --cache-location names the file or its folder', () => {
    blog(2);
    const written = runCli(['clean', '--cache-location', 'cache/', 'posts'], dir);
    expect(written.stdout).toBe(`${path.join('posts', 'd.html')}\n`);
    expect(fs.existsSync(path.join(dir, 'cache/.blogfixcache'))).toBe(true);
    expect(fs.existsSync(path.join(dir, '.blogfixcache'))).toBe(false);
    runCli(['clean', '--cache-location', 'cache/', 'posts'], dir);
    const kept = JSON.stringify(fs.readFileSync(path.join(dir, 'cache/.blogfixcache'), 'utf8'));
    expect(kept).toContain('d.html');
    runCli(['clean', '--cache', '--cache-location', 'my.cache', 'posts'], dir);
    expect(fs.existsSync(path.join(dir, 'my.cache'))).toBe(true);
  });

  it('a cache file that cannot be read is started anew', () => {
    blog(2);
    writeTree(dir, { '.blogfixcache': '{not json' });
    const run = runCli(['clean', '--check', '--cache', 'posts'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(`${path.join('posts', 'd.html')}\n`);
    expect(() => JSON.parse(fs.readFileSync(path.join(dir, '.blogfixcache'), 'utf8'))).not.toThrow();
  });
});

describe('--cache costs one stat per unchanged post', () => {
  it('no read, no open, at most one stat of a cached post', async () => {
    blog(5);
    const { runClean } = await import('../src/cli/run.js');
    const said: string[] = [];
    const sink = { write: (chunk: string | Uint8Array) => said.push(String(chunk)) > 0 };
    const streams = { stdout: sink, stderr: sink, env: {} };
    const settings = { paths: [path.join(dir, 'posts')], mode: 'check' as const, cache: true, cwd: dir, jobs: 1 };
    await runClean(settings, streams);
    const post = path.join(dir, 'posts/c2.html');
    const touches = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.filter(([file]) => typeof file === 'string' && path.resolve(dir, file) === post).length;
    const spies = {
      stat: vi.spyOn(fs, 'statSync'),
      read: vi.spyOn(fs, 'readFileSync'),
      open: vi.spyOn(fs, 'openSync'),
      lstat: vi.spyOn(fs, 'lstatSync'),
    };
    try {
      expect(await runClean(settings, streams), said.join('')).toBe(1);
      expect(touches(spies.read) + touches(spies.open)).toBe(0);
      expect(touches(spies.stat) + touches(spies.lstat)).toBeLessThanOrEqual(1);
      // the dirty post is read
      expect(spies.read.mock.calls.some(([file]) => typeof file === 'string' && file.endsWith('d.html'))).toBe(true);
    } finally {
      for (const spy of Object.values(spies)) spy.mockRestore();
    }
  });
});
