/**
 * What a walk finds besides posts: nothing at all (an error, as prettier and
 * eslint make it, unless --no-error-on-unmatched-pattern), and the temporary
 * files a killed run left (removed once their process is gone).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTree, runCli, useTempDir, writeTree } from './helpers/cli.js';

const DIRTY = '<p><a herf="https://example.com/" target="_brank">リンク</a></p>\n';
const CLEANED = '<p><a href="https://example.com/" target="_blank">リンク</a></p>\n';

let dir: string;
useTempDir((created) => (dir = created));

/** A pid that was a process's and is no more. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('a path that holds no post', () => {
  it('an empty folder: exit 2, "no posts found in …"', () => {
    fs.mkdirSync(path.join(dir, 'posts'));
    const run = runCli(['clean', 'posts'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no posts found in posts/);
  });

  it('a folder of images, and one whose only folder is a symlink (not followed): exit 2, each named', () => {
    writeTree(dir, { 'images/a.png': 'png', 'images/b.jpg': 'jpg', 'real/a.html': DIRTY });
    fs.mkdirSync(path.join(dir, 'linked'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'linked', 'posts'));
    const run = runCli(['clean', '--check', 'images', 'linked'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no posts found in images/);
    expect(run.stderr).toMatch(/no posts found in linked/);
    expect(fs.readFileSync(path.join(dir, 'real/a.html'), 'utf8')).toBe(DIRTY);
  });

  it('beside a folder with posts, the empty one still fails the run; the posts are cleaned', () => {
    writeTree(dir, { 'posts/a.html': DIRTY });
    fs.mkdirSync(path.join(dir, 'drafts'));
    const run = runCli(['clean', 'posts', 'drafts'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no posts found in drafts/);
    expect(fs.readFileSync(path.join(dir, 'posts/a.html'), 'utf8')).toBe(CLEANED);
  });

  it('--no-error-on-unmatched-pattern turns it off: exit 0, nothing said', () => {
    fs.mkdirSync(path.join(dir, 'posts'));
    const run = runCli(['clean', '--no-error-on-unmatched-pattern', 'posts'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/no posts found/);
  });

  it('in the JSON report it is one of the errors', () => {
    fs.mkdirSync(path.join(dir, 'posts'));
    const run = runCli(['clean', '--check', '--format', 'json', 'posts'], dir);
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { errors: { path: string; message: string }[] };
    expect(report.errors).toEqual([{ path: 'posts', message: expect.stringMatching(/^no posts found in posts/) }]);
  });
});

describe('temporary files a killed run left', () => {
  it('are removed by the next run once their process is gone, and the summary says so', () => {
    const pid = deadPid();
    writeTree(dir, {
      'posts/a.html': DIRTY,
      [`posts/.a.html.blogfix-${pid}-0123abcd.tmp`]: DIRTY.slice(0, 20),
      [`posts/2019/.b.html.blogfix-${pid}-89abcdef.tmp`]: '',
    });
    const run = runCli(['clean', 'posts'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/removed 2 temporary files left by an interrupted run/);
    expect([...readTree(dir).keys()]).toEqual(['posts/a.html']);
    expect(fs.readFileSync(path.join(dir, 'posts/a.html'), 'utf8')).toBe(CLEANED);
  });

  it("are left alone while their process lives (another run's writes under way)", () => {
    const live = `posts/.a.html.blogfix-${process.pid}-0123abcd.tmp`;
    writeTree(dir, { 'posts/a.html': DIRTY, [live]: 'half' });
    const run = runCli(['clean', 'posts'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/temporary file/);
    expect(fs.readFileSync(path.join(dir, live), 'utf8')).toBe('half');
  });

  it('--check and --dry-run write nothing: they name the count and leave them', () => {
    const pid = deadPid();
    const stale = `posts/.a.html.blogfix-${pid}-0123abcd.tmp`;
    writeTree(dir, { 'posts/a.html': DIRTY, [stale]: 'half' });
    const check = runCli(['clean', '--check', 'posts'], dir);
    expect(check.status).toBe(1);
    expect(check.stderr).toMatch(/1 temporary file left by an interrupted run; blogfix clean without --check removes them/);
    expect(fs.existsSync(path.join(dir, stale))).toBe(true);
  });
});
