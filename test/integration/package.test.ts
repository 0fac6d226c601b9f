/**
 * The npm package for real: `npm pack`, installed into a fresh project with
 * husky and lint-staged from the registry; `npx blogfix`, the library and its
 * types, a read-only install, and lint-staged committing repaired posts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';
import { gitInit, NPM_FLAGS, readmeBlock, run } from './helpers.js';
import { passNames } from '../../src/passes/index.js';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const DIRTY = '<p>今日は<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">クラウド</a>の話。<a herf="https://example.org/" target="_brank">資料</a></p>\n';
const CLEANED = '<p>今日はクラウドの話。<a href="https://example.org/" target="_blank">資料</a></p>\n';

let work: string;
let project: string;
let tarball: string;
let packed: { path: string; size: number }[];

beforeAll(() => {
  work = tempDir('blogfix-package-');
  // dist is built by `npm run test:integration`; the package is what it holds
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work, ...NPM_FLAGS], { cwd: ROOT });
  const [info] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string; size: number }[]; size: number }];
  tarball = path.join(work, info.filename);
  packed = info.files;
  console.log(`npm pack: ${info.filename}, ${info.size} bytes, ${info.files.length} files`);

  project = path.join(work, 'blog');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'my-blog', private: true, type: 'module' }, null, 2)}\n`);
  const install = run('npm', ['install', ...NPM_FLAGS, tarball, 'husky@^9', 'lint-staged@^16'], { cwd: project });
  console.log(`npm install of the tarball, husky and lint-staged: ${install.ms} ms`);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds what users need and nothing else: the bundle, the library with its types, bin, the schema, both READMEs, LICENSE', () => {
    const files = packed.map((file) => file.path).sort();
    for (const needed of ['LICENSE', 'README.md', 'package.json', 'bin/blogfix.js', 'bin/package.json', 'dist/blogfix.cjs', 'dist/index.js', 'dist/index.d.ts', 'dist/api.js', 'dist/api.d.ts', 'schema/blogfix.config.schema.json']) expect(files).toContain(needed);
    const unexpected = files.filter((file) => !/^(LICENSE|README(\.ja)?\.md|package\.json|bin\/(blogfix\.js|package\.json)|dist\/blogfix\.cjs|dist\/.+\.(js|d\.ts)|schema\/blogfix\.config\.schema\.json)$/.test(file));
    expect(unexpected).toEqual([]);
    // every module of the library comes with its types
    const modules = files.filter((file) => file.startsWith('dist/') && file.endsWith('.js'));
    for (const module of modules) expect(files).toContain(module.replace(/\.js$/, '.d.ts'));
    expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('declares bin, exports, types, files and engines', () => {
    expect(pkg.bin).toEqual({ blogfix: 'bin/blogfix.js' });
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.types).toBe('./dist/index.d.ts');
    expect(pkg.engines.node).toBe('>=20.19');
    expect(pkg.license).toBe('MIT');
    const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/blogfix/package.json'), 'utf8'));
    expect(installed.version).toBe(pkg.version);
  });
});

describe('installed into a fresh project', () => {
  it('npx blogfix clean --dry-run works, and keeps its code cache in the project, not in the package', () => {
    fs.writeFileSync(path.join(project, 'post.html'), DIRTY);
    fs.rmSync(path.join(project, 'node_modules/.cache'), { recursive: true, force: true });
    const dry = run('npx', ['blogfix', 'clean', '--dry-run', 'post.html'], { cwd: project, expectStatus: 1, env: { ...process.env, NO_COLOR: '1' } });
    expect(dry.stdout).toContain(`-${DIRTY}`);
    expect(dry.stdout).toContain(`+${CLEANED}`);
    expect(fs.readFileSync(path.join(project, 'post.html'), 'utf8')).toBe(DIRTY);
    const cache = path.join(project, 'node_modules/.cache/blogfix');
    expect(fs.readdirSync(cache)).toEqual([`${pkg.version}-${process.version}-${process.arch}.bin`]);
    expect(fs.existsSync(path.join(project, 'node_modules/blogfix/node_modules'))).toBe(false);
    // and the next run reads it
    run('npx', ['blogfix', 'clean', '--check', 'post.html'], { cwd: project, expectStatus: 1 });
  });

  it('works from a read-only install, without a cache', () => {
    fs.rmSync(path.join(project, 'node_modules/.cache'), { recursive: true, force: true });
    const bin = path.join(project, 'node_modules/blogfix/bin/blogfix.js');
    let ran;
    if (process.getuid?.() === 0) {
      // root writes anywhere: run as nobody, for whom the install is read-only
      for (let dir = project; dir !== path.dirname(dir) && dir.startsWith(os.tmpdir()) && dir !== os.tmpdir(); dir = path.dirname(dir)) fs.chmodSync(dir, 0o755);
      ran = run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, 'clean', '--dry-run', 'post.html'], { cwd: project, expectStatus: 1 });
    } else {
      run('chmod', ['-R', 'a-w', path.join(project, 'node_modules')]);
      try {
        ran = run(process.execPath, [bin, 'clean', '--dry-run', 'post.html'], { cwd: project, expectStatus: 1 });
      } finally {
        run('chmod', ['-R', 'u+w', path.join(project, 'node_modules')]);
      }
    }
    expect(ran.stdout).toContain(`+${CLEANED}`);
    expect(ran.stderr).not.toMatch(/EACCES|EPERM|Error/);
    expect(fs.existsSync(path.join(project, 'node_modules/.cache/blogfix'))).toBe(false);
  });

  it("the library: import { cleanText, cleanFile, passes } from 'blogfix'", () => {
    const script = `
      import { cleanText, cleanFile, passes } from 'blogfix';
      const text = cleanText(process.argv[1]);
      const file = await cleanFile('post.html', { write: false });
      console.log(JSON.stringify({ output: text.output, keyword: text.edits[0].keyword, file: file.status, passes: passes.length }));`;
    const ran = run(process.execPath, ['--input-type=module', '-e', script, DIRTY], { cwd: project });
    expect(JSON.parse(ran.stdout)).toEqual({ output: CLEANED, keyword: 'クラウド', file: 'changed', passes: passNames.length });
  });

  it('is typed: TypeScript finds the types through exports, and they catch a mistake', () => {
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(ROOT, 'node_modules/@types')];
    fs.writeFileSync(
      path.join(project, 'good.ts'),
      `import { cleanText, cleanFile, passes, type CleanTextResult, type Message, type JsonReport } from 'blogfix';
const result: CleanTextResult = cleanText('<p>x</p>', { only: ['herf'], keywordHosts: ['d.example.jp'] });
const first: Message | undefined = result.edits[0];
const line: number | undefined = first?.line;
const names: string[] = passes.map((pass) => pass.name);
const report: JsonReport | undefined = undefined;
export const all = [line, names, report, cleanFile('a.html', { write: false }).then((file) => file.output?.length)];
`,
    );
    run(process.execPath, [tsc, ...flags, 'good.ts'], { cwd: project });
    fs.writeFileSync(path.join(project, 'bad.ts'), "import { cleanText } from 'blogfix';\nexport const n: number = cleanText('<p>x</p>').output;\n");
    const bad = run(process.execPath, [tsc, ...flags, 'bad.ts'], { cwd: project, expectStatus: 2 });
    expect(bad.stdout).toContain("Type 'string' is not assignable to type 'number'");
  });
});

describe('husky + lint-staged, as the README sets them up', () => {
  it('a commit of a dirty post commits it repaired; a post blogfix cannot read stops the commit', () => {
    gitInit(project);
    const setup = readmeBlock('sh', 'husky init');
    expect(setup).toContain('echo "npx lint-staged" > .husky/pre-commit');
    run('npx', ['husky', 'init'], { cwd: project });
    fs.writeFileSync(path.join(project, '.husky/pre-commit'), 'npx lint-staged\n');
    const config = JSON.parse(readmeBlock('json', '"lint-staged"'));
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ ...manifest, ...config }, null, 2)}\n`);
    fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n*.ts\n');
    fs.writeFileSync(path.join(project, 'post.html'), DIRTY);
    fs.writeFileSync(path.join(project, 'clean.md'), CLEANED);
    run('git', ['add', '-A'], { cwd: project });

    const commit = run('git', ['commit', '-m', 'two posts'], { cwd: project });
    console.log(`git commit through husky and lint-staged: ${commit.ms} ms`);
    expect(run('git', ['show', 'HEAD:post.html'], { cwd: project }).stdout).toBe(CLEANED);
    expect(run('git', ['show', 'HEAD:clean.md'], { cwd: project }).stdout).toBe(CLEANED);
    expect(fs.readFileSync(path.join(project, 'post.html'), 'utf8')).toBe(CLEANED);
    expect(run('git', ['status', '--porcelain'], { cwd: project }).stdout).toBe('');

    fs.writeFileSync(path.join(project, 'broken.html'), Buffer.from([0x3c, 0x70, 0x3e, 0x00]));
    run('git', ['add', 'broken.html'], { cwd: project });
    const refused = run('git', ['commit', '-m', 'broken'], { cwd: project, expectStatus: 1 });
    expect(refused.output).toContain('binary file');
    expect(run('git', ['log', '--format=%s'], { cwd: project }).stdout).toBe('two posts\n');
  });
});
