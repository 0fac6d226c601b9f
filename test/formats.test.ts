/**
 * What stdout carries: --check (prettier's conventions), --format json,
 * --format github, and --stdin for editors.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { command, escapeData, escapeProperty } from '../src/report/github.js';
import type { JsonReport } from '../src/report/json.js';
import { ROOT, runCli, runCliBytes, tempDir, writeTree, useTempDir } from './helpers/cli.js';

const formats = path.join(ROOT, 'fixtures/_formats');
const EXPORT = fs.readFileSync(path.join(formats, 'movable-type-export/input.export.txt'));
const KEYWORD_AND_BLANK = '<p>今日は<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">クラウド</a>の話。</p>\n<p><a href="https://example.org/" target="_brank">link</a> <a href="https://example.org/b" target="blank">b</a></p>\n';
const CLEAN = '<p>nothing to fix</p>\n';

let dir: string;
useTempDir((created) => (dir = created));

describe('--check, as prettier --check / --list-different', () => {
  it('prints only the paths that would change on stdout, a summary and what to run on stderr, exit 1; writes nothing', () => {
    writeTree(dir, { 'a.html': KEYWORD_AND_BLANK, 'b.html': CLEAN, 'sub/c.html': KEYWORD_AND_BLANK });
    const run = runCli(['clean', '--check', '.'], dir);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('a.html\nsub/c.html\n');
    expect(run.stderr).toContain('blogfix: 3 files scanned, 2 would change, 0 failed');
    expect(run.stderr).toContain('Run blogfix clean without --check to repair them: npx blogfix clean a.html sub/c.html\n');
    expect(fs.readFileSync(path.join(dir, 'a.html'), 'utf8')).toBe(KEYWORD_AND_BLANK);
    expect(runCli(['clean', '-l', '.'], dir)).toEqual(run);
    expect(runCli(['clean', '--list-different', '.'], dir)).toEqual(run);
  });

  it('exits 0 with nothing on stdout when nothing would change', () => {
    writeTree(dir, { 'b.html': CLEAN });
    const run = runCli(['clean', '--check', '.'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('Run blogfix');
  });

  it('--quiet keeps the paths and drops the chatter; an error still wins with exit 2', () => {
    writeTree(dir, { 'a.html': KEYWORD_AND_BLANK });
    const quiet = runCli(['clean', '--check', '--quiet', '.'], dir);
    expect(quiet).toEqual({ status: 1, stdout: 'a.html\n', stderr: '' });
    const failing = runCli(['clean', '--check', '--quiet', '.', 'missing.html'], dir);
    expect(failing.status).toBe(2);
    expect(failing.stdout).toBe('a.html\n');
    expect(failing.stderr).toBe('missing.html\n  error    no such file or folder\n');
  });
});

describe('--format json', () => {
  const parse = (stdout: string) => JSON.parse(stdout) as JsonReport;

  it('is one object: files with their edits (decoded keywords) and warnings, errors, totals', () => {
    writeTree(dir, { 'a.html': KEYWORD_AND_BLANK, 'b.html': CLEAN, 'bad.html': Buffer.from([0x3c, 0x00]) });
    const run = runCli(['clean', '--check', '--format', 'json', '.', 'missing.html'], dir);
    expect(run.status).toBe(2);
    expect(parse(run.stdout)).toEqual({
      formatVersion: 1,
      blogfix: JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
      mode: 'check',
      files: [
        {
          path: 'a.html',
          status: 'changed',
          written: false,
          encoding: 'utf-8',
          edits: [
            { pass: 'keyword-links', severity: 'fix', line: 1, column: 7, message: 'unwrapped keyword link "クラウド"', keyword: 'クラウド' },
            { pass: 'blank-target', severity: 'fix', line: 2, column: 35, message: '<a> target="_brank" corrected to _blank' },
          ],
          warnings: [{ pass: 'blank-target', severity: 'notice', line: 2, column: 92, message: '<a> target="blank" opens a window named "blank" (valid HTML); left as is' }],
        },
        { path: 'b.html', status: 'unchanged', written: false, encoding: 'utf-8', edits: [], warnings: [] },
        { path: 'bad.html', status: 'failed', written: false, edits: [], warnings: [], error: 'binary file (NUL byte at offset 1); left untouched' },
      ],
      errors: [
        { path: 'missing.html', message: 'no such file or folder' },
        { path: 'bad.html', message: 'binary file (NUL byte at offset 1); left untouched' },
      ],
      totals: {
        files: 3,
        changed: 1,
        unchanged: 1,
        failed: 1,
        errors: 2,
        edits: 2,
        warnings: 0,
        notices: 1,
        passes: {
          'keyword-links': 1,
          herf: 0,
          'blank-target': 1,
          'affiliate-pixels': 0,
          'pre-escaped-html': 0,
          'asin-links': 0,
          'https-images': 0,
          'blog-cards': 0,
          'fotolife-links': 0,
          'own-links': 0,
        },
      },
    });
    // the summary stays on stderr, out of the way
    expect(run.stderr).toMatch(/^blogfix: 3 files scanned/);
  });

  it('names the entry of a Movable Type export on each message', () => {
    writeTree(dir, { 'blog.export.txt': EXPORT });
    const report = parse(runCli(['clean', '--check', '--format', 'json', 'blog.export.txt'], dir).stdout);
    const entries = new Set(report.files[0]!.edits.map((edit) => edit.entry));
    expect(entries).toEqual(new Set(['2019/04/14/000550', 'comments-entry', 'タイトルだけの記事']));
    expect(report.files[0]!.edits.filter((edit) => edit.entry === '2019/04/14/000550')).toHaveLength(4);
  });

  it('with --dry-run holds each patch; written says what was written in place', () => {
    writeTree(dir, { 'a.html': KEYWORD_AND_BLANK });
    const dry = parse(runCli(['clean', '--dry-run', '--format', 'json', 'a.html'], dir).stdout);
    expect(dry.files[0]!.patch).toBe(runCli(['clean', '--dry-run', 'a.html'], dir).stdout);
    const written = runCli(['clean', '--format', 'json', 'a.html'], dir);
    expect(written.status).toBe(0);
    expect(parse(written.stdout).files[0]).toMatchObject({ status: 'changed', written: true });
    expect(parse(written.stdout).files[0]!.patch).toBeUndefined();
  });

  it('stays one object, in path order, when workers clean the posts', () => {
    const tree: Record<string, string> = {};
    for (let index = 0; index < 70; index++) tree[`p${String(index).padStart(2, '0')}.html`] = index % 3 ? CLEAN : KEYWORD_AND_BLANK;
    writeTree(dir, tree);
    const report = parse(runCli(['clean', '--check', '--format', 'json', '--jobs', '2', '.'], dir).stdout);
    expect(report.files.map((file) => file.path)).toEqual(Object.keys(tree));
    expect(report.totals).toMatchObject({ files: 70, changed: 24, edits: 48 });
  });
});

describe('--format github', () => {
  it('escapes data and properties as GitHub documents', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('posts/a,b: c%.html')).toBe('posts/a%2Cb%3A c%25.html');
    expect(command('warning', { file: 'a:b,c.md', line: 3, col: 9, title: undefined }, 'x\ny')).toBe('::warning file=a%3Ab%2Cc.md,line=3,col=9::x%0Ay\n');
  });

  it('annotates each defect on its line: errors for what --check would fix, warnings and notices for what it leaves', () => {
    writeTree(dir, { 'a,1.html': KEYWORD_AND_BLANK, 'b.html': CLEAN });
    const run = runCli(['clean', '--check', '--format', 'github', '.', 'gone.html'], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe(
      '::error file=gone.html,title=blogfix::no such file or folder\n' +
        '::error file=a%2C1.html,line=1,col=7,title=blogfix would fix::keyword-links: unwrapped keyword link "クラウド"\n' +
        '::error file=a%2C1.html,line=2,col=35,title=blogfix would fix::blank-target: <a> target="_brank" corrected to _blank\n' +
        '::notice file=a%2C1.html,line=2,col=92,title=blogfix notice::blank-target: <a> target="blank" opens a window named "blank" (valid HTML); left as is\n',
    );
  });

  it('puts the defects of one line in one annotation (GitHub shows 10 per level), and notices what was fixed in place', () => {
    writeTree(dir, { 'blog.export.txt': EXPORT });
    const run = runCli(['clean', '--format', 'github', 'blog.export.txt'], dir);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n').filter(Boolean);
    for (const line of lines) expect(line).toMatch(/^::(notice|warning) file=blog\.export\.txt,line=\d+,col=\d+,title=blogfix (fixed|notice|warning)( \(\d+ on this line\))?::\S/);
    const fixed = lines.filter((line) => line.includes('title=blogfix fixed'));
    const count = fixed.reduce((sum, line) => sum + line.slice(line.indexOf('::', 2) + 2).split('%0A').length, 0);
    expect(count).toBe(8);
    expect(fixed.length).toBeLessThan(count);
    expect(run.stdout).toContain('[2019/04/14/000550] keyword-links: unwrapped keyword link "クラウド"');
  });
});

describe('--stdin', () => {
  const stdin = (args: string[], input: string | Buffer) => runCli(['clean', ...args], dir, {}, { input });

  it('writes the cleaned post on stdout and its messages on stderr', () => {
    const run = stdin(['--stdin'], KEYWORD_AND_BLANK);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('<p>今日はクラウドの話。</p>\n<p><a href="https://example.org/" target="_blank">link</a> <a href="https://example.org/b" target="blank">b</a></p>\n');
    expect(run.stderr).toBe('<stdin>\n  2:92      notice   <a> target="blank" opens a window named "blank" (valid HTML); left as is  blank-target\n');
  });

  it('gives back a clean post as it came, byte for byte', () => {
    expect(stdin(['--stdin'], CLEAN)).toEqual({ status: 0, stdout: CLEAN, stderr: '' });
  });

  it('--stdin-filepath picks the format: Markdown code stays code, an export is read entry by entry', () => {
    const post = 'A `<a herf="x">code</a>` span and <a herf="y">html</a>\n';
    expect(stdin(['--stdin-filepath', 'posts/a.md'], post).stdout).toBe('A `<a herf="x">code</a>` span and <a href="y">html</a>\n');
    expect(stdin(['--stdin-filepath', 'posts/a.html'], post).stdout).toBe('A `<a href="x">code</a>` span and <a href="y">html</a>\n');
    const run = runCliBytes(['clean', '--stdin-filepath', 'blog.export.txt'], dir, EXPORT);
    expect(run.stdout).toEqual(fs.readFileSync(path.join(formats, 'movable-type-export/expected.export.txt')));
  });

  it('keeps the encoding of the post (EUC-JP in, EUC-JP out)', () => {
    const run = runCliBytes(['clean', '--stdin'], dir, fs.readFileSync(path.join(formats, 'euc-jp-post/input.html')));
    expect(run.status).toBe(0);
    expect(run.stdout).toEqual(fs.readFileSync(path.join(formats, 'euc-jp-post/expected.html')));
  });

  it('an ignored --stdin-filepath comes back untouched, as prettier does', () => {
    writeTree(dir, { '.blogfixignore': 'drafts/\n' });
    expect(stdin(['--stdin-filepath', 'drafts/a.html'], KEYWORD_AND_BLANK)).toEqual({ status: 0, stdout: KEYWORD_AND_BLANK, stderr: '' });
  });

  it('with --check, --dry-run and --format json, stdout carries what it does for files', () => {
    expect(stdin(['--stdin-filepath', 'a.html', '--check'], KEYWORD_AND_BLANK)).toMatchObject({ status: 1, stdout: 'a.html\n' });
    const dry = stdin(['--stdin-filepath', 'a.html', '--dry-run'], KEYWORD_AND_BLANK);
    expect(dry.status).toBe(1);
    expect(dry.stdout).toMatch(/^diff --git a\/a\.html b\/a\.html\n/);
    const json = JSON.parse(stdin(['--stdin-filepath', 'a.html', '--format', 'json'], KEYWORD_AND_BLANK).stdout) as JsonReport;
    expect(json.files[0]).toMatchObject({ path: 'a.html', status: 'changed', output: stdin(['--stdin'], KEYWORD_AND_BLANK).stdout });
  });

  it('a post that cannot be cleaned gives nothing on stdout, the reason on stderr, exit 2', () => {
    const run = stdin(['--stdin'], '<p>\u0000</p>');
    expect(run).toMatchObject({ status: 2, stdout: '' });
    expect(run.stderr).toContain('binary file');
  });

  it('takes paths or --stdin, not both; neither, outside a site, is a usage error', () => {
    expect(stdin(['--stdin', 'a.html'], CLEAN).status).toBe(2);
    const neither = runCli(['clean'], dir);
    expect(neither.status).toBe(2);
    expect(neither.stderr).toContain('blogfix: error no paths given, and . is not the root of a site blogfix recognises');
  });
});
