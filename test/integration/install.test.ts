/**
 * blogfix is not on the npm registry: the ways the README gives to install
 * it, run as written (with this tree standing in for the repository): from
 * the repository with npm, from a tarball made by `npm pack`, and the GitHub
 * Actions step on a blog with no package.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { commitWorkingTree, NPM_FLAGS, readmeBlock, run } from './helpers.js';

const DIRTY = '<p><a herf="https://example.org/" target="_brank">資料</a></p>\n';
const REPOSITORY_SPEC = /github:OWNER\/blogfix#v[\d.]+/;

let work: string;
let source: string;
let rev: string;
let spec: string;

/** A fresh blog with one post to repair; with a package.json unless told otherwise. */
function blog(name: string, withPackage = true): string {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'content/posts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'content/posts/a.html'), DIRTY);
  if (withPackage) fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: name, private: true }, null, 2)}\n`);
  return dir;
}

/** The lines of a README sh block that are commands (comments and blank lines dropped). */
const commandsOf = (block: string) => block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line && !line.startsWith('#'));

beforeAll(() => {
  work = tempDir('blogfix-install-');
  // the repository stands here; the README's `git clone` makes ./blogfix from it
  source = path.join(work, 'repository');
  fs.mkdirSync(source);
  rev = commitWorkingTree(source);
  spec = `git+file://${source}#${rev}`;
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the README says plainly that blogfix is not on the npm registry', () => {
  it('and its install line for a blog is not the registry one', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/not on the npm registry/);
    expect(readme).not.toMatch(/npm install --save-dev blogfix(\s|$)/);
  });
});

describe('installing as the README says', () => {
  it('from the repository: npm install --save-dev github:OWNER/blogfix#TAG, then npx blogfix', () => {
    const block = readmeBlock('sh', 'npm install --save-dev github:');
    const line = commandsOf(block).find((command) => command.startsWith('npm install --save-dev github:'))!;
    expect(line).toMatch(REPOSITORY_SPEC);
    const project = blog('from-repository');
    const [, , ...args] = line.replace(REPOSITORY_SPEC, spec).split(/\s+/);
    run('npm', ['install', ...args, ...NPM_FLAGS], { cwd: project });
    const dry = run('npx', ['blogfix', 'clean', '--dry-run', 'content/'], { cwd: project, expectStatus: 1 });
    expect(dry.stdout).toContain('+<p><a href="https://example.org/" target="_blank">資料</a></p>');
  });

  it('from a tarball: npm pack in a clone, npm install --save-dev of the .tgz', () => {
    const block = readmeBlock('sh', 'git clone');
    const commands = commandsOf(block);
    const project = blog('my-blog');
    let cwd = work;
    for (const command of commands) {
      const words = command.split(/\s+/);
      if (words[0] === 'git' && words[1] === 'clone') run('git', ['clone', '-q', source, path.basename(words[2]!)], { cwd });
      else if (words[0] === 'cd') cwd = path.resolve(cwd, words[1]!);
      else if (words[0] === 'npm') run('npm', [...words.slice(1), ...NPM_FLAGS], { cwd });
      else if (words[0] === 'npx') run('npx', words.slice(1), { cwd, expectStatus: null });
      else throw new Error(`the test does not know how to run: ${command}`);
    }
    expect(commands.some((command) => /^npm install --save-dev \S+\.tgz$/.test(command))).toBe(true);
    expect(fs.existsSync(path.join(project, 'node_modules/blogfix/package.json'))).toBe(true);
    run('npx', ['blogfix', 'clean', 'content/'], { cwd: project });
    expect(fs.readFileSync(path.join(project, 'content/posts/a.html'), 'utf8')).toBe('<p><a href="https://example.org/" target="_blank">資料</a></p>\n');
  });
});

describe('examples/github-actions.yml', () => {
  it('its step runs on a blog with no package.json, blogfix fetched by npx --yes', () => {
    const workflow = fs.readFileSync(path.join(ROOT, 'examples/github-actions.yml'), 'utf8');
    const step = /^\s+- run: (npx .*?)\s+#/m.exec(workflow)![1]!;
    expect(/^ {6}BLOGFIX: (\S+)/m.exec(workflow)![1]).toMatch(REPOSITORY_SPEC);
    const project = blog('no-package', false);
    const ran = run('bash', ['-c', step], { cwd: project, expectStatus: 1, env: { ...process.env, BLOGFIX: spec, CI: 'true', GITHUB_ACTIONS: 'true', NO_COLOR: '1' } });
    expect(ran.stdout).toMatch(/^::error file=content\/posts\/a\.html,line=1,col=\d+,title=blogfix would fix/m);
    expect(fs.existsSync(path.join(project, 'package.json'))).toBe(false);
  });
});
