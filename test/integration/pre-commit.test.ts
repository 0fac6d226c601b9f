/**
 * The pre-commit framework for real (Debian's pre-commit; .ci/run installs
 * it): a blog repository whose .pre-commit-config.yaml points at this
 * project, committed to a git repository of its own as pre-commit needs;
 * pre-commit builds it (npm install, npm pack) and runs the hooks on commit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { commitWorkingTree, gitInit, readmeBlock, run } from './helpers.js';

const DIRTY = '<ul>\n  <li><a herf="https://example.org/talk" target="_brank">発表資料</a></li>\n</ul>\n';
const CLEANED = '<ul>\n  <li><a href="https://example.org/talk" target="_blank">発表資料</a></li>\n</ul>\n';
const CLEAN = '# 記事\n\nそのままの記事。\n';

let work: string;
let blog: string;
let env: NodeJS.ProcessEnv;
let rev: string;
let source: string;

/** The README's .pre-commit-config.yaml, pointed at the copy of this project. */
function configWith(hook: 'blogfix' | 'blogfix-check'): string {
  const yaml = readmeBlock('yaml', 'id: blogfix');
  expect(yaml).toMatch(/^ {4}rev: /m);
  return yaml
    .replace(/^( {2}- repo: ).*$/m, `$1${source}`)
    .replace(/^( {4}rev: ).*$/m, `$1${rev}`)
    .replace(/^( {6}- id: )blogfix\b.*$/m, `$1${hook}`);
}

function commit(message: string, expectStatus = 0) {
  return run('git', ['commit', '-m', message], { cwd: blog, env, expectStatus });
}

beforeAll(() => {
  run('pre-commit', ['--version'], { expectStatus: 0 });
  work = tempDir('blogfix-pre-commit-');
  source = path.join(work, 'blogfix');
  fs.mkdirSync(source);
  rev = commitWorkingTree(source);
  blog = path.join(work, 'blog');
  fs.mkdirSync(blog);
  gitInit(blog);
  // pre-commit's own cache, so that this run builds the hook from this tree
  env = { ...process.env, PRE_COMMIT_HOME: path.join(work, 'cache'), NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' };
  fs.writeFileSync(path.join(blog, '.pre-commit-config.yaml'), configWith('blogfix'));
  run('git', ['add', '.pre-commit-config.yaml'], { cwd: blog });
  run('pre-commit', ['install'], { cwd: blog, env });
  const install = run('pre-commit', ['install-hooks'], { cwd: blog, env });
  console.log(`pre-commit install-hooks (npm install, npm pack, npm install -g of this tree): ${install.ms} ms`);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the pre-commit hook', () => {
  it('blocks a commit of a dirty post and leaves the post repaired', () => {
    fs.writeFileSync(path.join(blog, 'post.html'), DIRTY);
    run('git', ['add', 'post.html'], { cwd: blog });
    const blocked = commit('a dirty post', 1);
    console.log(`git commit with the hook: ${blocked.ms} ms`);
    expect(blocked.output).toMatch(/blogfix\.+Failed/);
    expect(blocked.output).toContain('files were modified by this hook');
    expect(fs.readFileSync(path.join(blog, 'post.html'), 'utf8')).toBe(CLEANED);
    expect(run('git', ['rev-list', '--all', '--count'], { cwd: blog, expectStatus: null }).stdout.trim()).toBe('0');
    // the repaired post, staged, commits
    run('git', ['add', 'post.html'], { cwd: blog });
    expect(commit('a repaired post').output).toMatch(/blogfix\.+Passed/);
    expect(run('git', ['show', 'HEAD:post.html'], { cwd: blog }).stdout).toBe(CLEANED);
  });

  it('lets a clean post through, and skips files that are not posts', () => {
    fs.writeFileSync(path.join(blog, 'clean.md'), CLEAN);
    fs.writeFileSync(path.join(blog, 'data.json'), '{"note": "<a herf=\\"x\\">y</a>"}\n');
    run('git', ['add', 'clean.md', 'data.json'], { cwd: blog });
    expect(commit('a clean post').output).toMatch(/blogfix\.+Passed/);
    expect(run('git', ['show', 'HEAD:data.json'], { cwd: blog }).stdout).toContain('herf');
  });

  it('blogfix-check refuses the commit, names the post, and changes nothing', () => {
    fs.writeFileSync(path.join(blog, '.pre-commit-config.yaml'), configWith('blogfix-check'));
    fs.writeFileSync(path.join(blog, 'second.html'), DIRTY);
    run('git', ['add', '.pre-commit-config.yaml', 'second.html'], { cwd: blog });
    const refused = commit('a second dirty post', 1);
    expect(refused.output).toMatch(/blogfix \(check only\)\.+Failed/);
    expect(refused.output).toContain('second.html');
    expect(fs.readFileSync(path.join(blog, 'second.html'), 'utf8')).toBe(DIRTY);
    // under pre-commit, blogfix says what to run there (it is not on the PATH)
    expect(refused.output).toContain('To repair it: pre-commit run blogfix --files second.html');
    expect(refused.output).not.toContain('npx blogfix');
  });

  it('runs once on all the files (require_serial): one summary for a whole blog', () => {
    // without require_serial, pre-commit would split these over one process per core, each with its summary
    for (let n = 0; n < 40; n++) fs.writeFileSync(path.join(blog, `many-${n}.html`), DIRTY);
    run('git', ['add', '.'], { cwd: blog });
    const all = run('pre-commit', ['run', 'blogfix-check', '--all-files'], { cwd: blog, env, expectStatus: 1 });
    expect(all.output.match(/files? scanned/g)).toHaveLength(1);
    expect(all.output).toContain('To repair them: pre-commit run blogfix --all-files');
  });
});
