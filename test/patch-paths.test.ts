/**
 * The names in a --dry-run patch: relative to the top of the git work tree
 * whatever path was given, relative to the current folder elsewhere, and
 * written as git writes them with core.quotePath=false.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitQuote, patchPath } from '../src/report/patch-path.js';
import { runCli, useTempDir, writeTree } from './helpers/cli.js';

const DIRTY = '<p>line one</p>\n<p><a herf="https://example.com/">a</a></p>\n<p>line three</p>\n';

let dir: string;
useTempDir((created) => (dir = created));

function git(args: string[], cwd: string): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

function repo(files: Record<string, string>): void {
  writeTree(dir, files);
  git(['init', '-q'], dir);
  git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '-A'], dir);
  git(['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', 'commit', '-qm', 'posts'], dir);
}

/** The header lines git writes: diff --git, ---, +++ (not index). */
const headers = (patch: string) => patch.split('\n').filter((line) => /^(diff --git|--- |\+\+\+ )/.test(line));

describe('patch paths', () => {
  it('inside a git work tree: relative to its top, so git apply at the top takes it, from a subfolder or with an absolute path', () => {
    repo({ 'content/posts/post-2.md': DIRTY, 'sub/.keep': '' });
    const given = ['../content/posts/post-2.md', path.join(dir, 'content/posts/post-2.md')];
    for (const file of given) {
      const run = runCli(['clean', '--dry-run', file], path.join(dir, 'sub'));
      expect(run.status).toBe(1);
      expect(headers(run.stdout)).toEqual(['diff --git a/content/posts/post-2.md b/content/posts/post-2.md', '--- a/content/posts/post-2.md', '+++ b/content/posts/post-2.md']);
      fs.writeFileSync(path.join(dir, 'fix.patch'), run.stdout);
      git(['apply', '--check', 'fix.patch'], dir);
    }
    git(['apply', 'fix.patch'], dir);
    expect(fs.readFileSync(path.join(dir, 'content/posts/post-2.md'), 'utf8')).toBe(DIRTY.replace('herf', 'href'));
  });

  it('outside a git work tree: relative to the current folder', () => {
    writeTree(dir, { 'blog/posts/a.html': DIRTY });
    const run = runCli(['clean', '--dry-run', path.join(dir, 'blog/posts/a.html')], path.join(dir, 'blog'));
    expect(headers(run.stdout)).toEqual(['diff --git a/posts/a.html b/posts/a.html', '--- a/posts/a.html', '+++ b/posts/a.html']);
    expect(patchPath('posts/a.html', path.join(dir, 'blog'))).toBe('posts/a.html');
  });

  it('names are written as git writes them with core.quotePath=false: Japanese as it is, quoted only where git must', () => {
    const names = ['記事/系OSの話.html', 'with space.html', 'quote"d.html', 'back\\slash.html', 'tab\there.html', 'plain.html'];
    repo(Object.fromEntries(names.map((name) => [name, DIRTY])));
    for (const name of names) {
      const run = runCli(['clean', '--dry-run', name], dir);
      expect(run.status, name).toBe(1);
      runCli(['clean', name], dir);
      const expected = git(['-c', 'core.quotePath=false', 'diff', '--', name], dir);
      expect(headers(run.stdout), name).toEqual(headers(expected));
      git(['checkout', '-q', '--', name], dir);
      fs.writeFileSync(path.join(dir, 'fix.patch'), run.stdout);
      git(['apply', 'fix.patch'], dir);
      expect(fs.readFileSync(path.join(dir, name), 'utf8')).toBe(DIRTY.replace('herf', 'href'));
    }
  });

  it('gitQuote escapes control characters, " and \\ only', () => {
    expect(gitQuote('a/日本語.html')).toBe('a/日本語.html');
    expect(gitQuote('a/x"y\\z\x01\x7f.html')).toBe('"a/x\\"y\\\\z\\001\\177.html"');
  });
});
