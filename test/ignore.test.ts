/**
 * Ignore files: .blogfixignore, --ignore-path, the configuration's patterns,
 * and .gitignore inside a git repository, checked against git itself.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIgnoreFilter } from '../src/files/ignore.js';
import { expandPaths } from '../src/files/walk.js';
import { runCli, tempDir, writeTree, useTempDir } from './helpers/cli.js';

const DIRTY = '<p><a href="https://example.org/" target="_brank">リンク</a></p>\n';

let dir: string;
useTempDir((created) => (dir = created));

const checked = (args: string[], cwd = dir) => runCli(['clean', '--check', ...args], cwd).stdout.split('\n').filter(Boolean).sort();
const git = (args: string[], cwd = dir) => {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
};

describe('.blogfixignore', () => {
  it('skips what it matches (gitignore syntax, relative to the cwd), folders and files', () => {
    writeTree(dir, {
      '.blogfixignore': '# drafts stay as they are\ndrafts/\n*.bak.html\n/top.html\n!keep.bak.html\n',
      'posts/a.html': DIRTY,
      'posts/a.bak.html': DIRTY,
      'posts/keep.bak.html': DIRTY,
      'posts/top.html': DIRTY,
      'top.html': DIRTY,
      'drafts/b.html': DIRTY,
      'posts/drafts/c.html': DIRTY,
    });
    expect(checked(['.'])).toEqual(['posts/a.html', 'posts/keep.bak.html', 'posts/top.html']);
  });

  it('an ignored file named on the command line is skipped silently, as prettier does; an ignored folder is skipped and said', () => {
    writeTree(dir, { '.blogfixignore': 'drafts/\nold.html\n', 'drafts/b.html': DIRTY, 'old.html': DIRTY, 'new.html': DIRTY });
    const run = runCli(['clean', '--check', 'old.html', 'drafts', 'drafts/b.html', 'new.html'], dir);
    expect(run.stdout).toBe('new.html\n');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^blogfix: drafts is left out by an ignore file \(.blogfixignore, .gitignore or --ignore-path\); nothing in it is cleaned\nblogfix: 1 file scanned/);
    expect(runCli(['clean', '--check', '-q', 'drafts'], dir).stderr).toBe('');
    expect(runCli(['clean', 'old.html'], dir).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'old.html'), 'utf8')).toBe(DIRTY);
  });

  it('--ignore-path reads other files instead, relative to their own folder', () => {
    writeTree(dir, { '.blogfixignore': 'a.html\n', 'conf/ignore': '/posts/b.html\n', 'a.html': DIRTY, 'posts/b.html': DIRTY });
    expect(checked(['--ignore-path', 'conf/ignore', '.'])).toEqual(['a.html', 'posts/b.html']);
    writeTree(dir, { 'ignore2': 'posts/b.html\n' });
    expect(checked(['--ignore-path', 'ignore2', '.'])).toEqual(['a.html']);
    const missing = runCli(['clean', '--ignore-path', 'nope', '.'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--ignore-path nope: cannot read the file');
  });
});

describe('.gitignore', () => {
  const tree = {
    '.gitignore': 'build/\n*.tmp.html\n*.draft.html\nexports/*\n!exports/keep/\n',
    // a deeper .gitignore re-includes what a shallower one ignores
    'posts/.gitignore': 'private-*.md\n!private-ok.md\n!keep.draft.html\n',
    'posts/x.draft.html': DIRTY,
    'posts/keep.draft.html': DIRTY,
    'posts/a.html': DIRTY,
    'posts/x.tmp.html': DIRTY,
    'posts/private-1.md': DIRTY,
    'posts/private-ok.md': DIRTY,
    'build/b.html': DIRTY,
    'exports/old.html': DIRTY,
    'exports/keep/k.html': DIRTY,
  };

  it('inside a repository, skips what git ignores: the same files as git ls-files --others --exclude-standard', () => {
    writeTree(dir, tree);
    git(['init', '-q']);
    const gitSees = git(['ls-files', '--others', '--exclude-standard']).split('\n').filter((file) => file.endsWith('.html') || file.endsWith('.md')).sort();
    expect(gitSees).toEqual(['exports/keep/k.html', 'posts/a.html', 'posts/keep.draft.html', 'posts/private-ok.md']);
    expect(checked(['.'])).toEqual(gitSees);
    // from a folder inside the repository too, and for files named one by one
    expect(checked(['.'], path.join(dir, 'posts'))).toEqual(['a.html', 'keep.draft.html', 'private-ok.md']);
    expect(checked(Object.keys(tree).filter((file) => !file.endsWith('.gitignore')))).toEqual(gitSees);
  });

  it('outside a repository, .gitignore means nothing', () => {
    writeTree(dir, tree);
    expect(checked(['.'])).toHaveLength(9);
  });

  it('"gitignore": false in the configuration turns it off', () => {
    writeTree(dir, { ...tree, 'blogfix.config.json': '{ "gitignore": false }\n' });
    git(['init', '-q']);
    expect(checked(['.'])).toHaveLength(9);
  });
});

describe('createIgnoreFilter', () => {
  it('asks nothing when there is nothing to ignore, and never matches outside its folder', () => {
    writeTree(dir, { 'site/.blogfixignore': '*.html\n', 'site/a.html': DIRTY, 'b.html': DIRTY });
    expect(createIgnoreFilter({ cwd: dir, gitignore: false })).toBeUndefined();
    const filter = createIgnoreFilter({ cwd: path.join(dir, 'site'), gitignore: false })!;
    expect(filter(path.join(dir, 'site/a.html'), false)).toBe(true);
    expect(filter('a.html', false)).toBe(true);
    expect(filter('../b.html', false)).toBe(false);
    expect(expandPaths([path.join(dir, 'site')], { ignored: filter }).targets).toEqual([]);
  });
});
