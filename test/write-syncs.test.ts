/**
 * Writes are atomic and last: each post is flushed before it is renamed into
 * place, and each folder a post was renamed in is flushed once at the end of
 * the run, not once per post (a folder flush per post made writing a blog of
 * 2,000 posts a third slower). Counted for real with a probe loaded into the
 * command (test/helpers/probes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree, ROOT, runCli, useTempDir, writeTree } from './helpers/cli.js';

const DIRTY = (n: number) => `<p>${n}: <a herf="https://example.com/" target="_brank">リンク</a></p>\n`;
const PROBE = path.join(ROOT, 'test/helpers/probes/count-folder-syncs.cjs');

let dir = '';
useTempDir((made) => (dir = made));

/** Folder flushes over every thread of one run. */
function folderSyncs(args: string[]): number {
  const out = path.join(dir, '..', `${path.basename(dir)}.syncs`);
  try {
    const run = runCli(['clean', ...args, '.'], dir, { NODE_OPTIONS: `--require ${PROBE}`, BLOGFIX_PROBE_OUT: out });
    expect(run.status, run.stderr).toBe(0);
    return fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .reduce((sum, line) => sum + Number(line.split(' ')[1]), 0);
  } finally {
    fs.rmSync(out, { force: true });
  }
}

describe('a run that writes many posts', () => {
  for (const jobs of ['1', '2']) {
    it(`flushes each folder it wrote in once, not once per post (--jobs ${jobs})`, () => {
      // 80 posts in two folders: past the 64 posts from which workers take part
      const posts = Object.fromEntries(Array.from({ length: 80 }, (_, n) => [`${n % 2 ? 'a' : 'b'}/${String(n).padStart(3, '0')}.html`, DIRTY(n)]));
      writeTree(dir, posts);
      const syncs = folderSyncs(['--jobs', jobs]);
      expect(syncs).toBeGreaterThanOrEqual(2);
      expect(syncs).toBeLessThanOrEqual(2);
      // and every post was written
      const after = readTree(dir);
      for (const name of Object.keys(posts)) expect(after.get(name)!.toString()).toContain('href="https://example.com/" target="_blank"');
    });
  }
});
