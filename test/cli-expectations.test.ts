/**
 * What users of prettier, eslint and textlint expect of the command line:
 * the files written named on stdout, --write/--fix, --max-warnings, counts
 * that agree between stderr and JSON, and pass choices that cannot be empty
 * or contradict each other.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useTempDir, writeTree } from './helpers/cli.js';
import { isOnByDefault, passNames } from '../src/passes/index.js';

// a herf to fix, a target="blank" (a notice), a keyword link inside <cite> (a warning)
const DIRTY = '<p><a herf="https://example.com/">a</a> <a href="https://example.com/b" target="blank">b</a></p>\n';
const WARNED = '<p><cite><a href="http://d.hatena.ne.jp/keyword/Go">Go</a></cite></p>\n';
const CLEAN = '<p>nothing to fix here</p>\n';

let dir: string;
useTempDir((created) => (dir = created));

/** The numbers of the summary line on stderr, by their words. */
function summaryCounts(stderr: string): Record<string, number> {
  const line = stderr.split('\n').find((row) => row.startsWith('blogfix: ') && row.includes('scanned'))!;
  const counts: Record<string, number> = {};
  for (const match of line.matchAll(/(\d+) (files?|would change|changed|failed|errors?|warnings?|notices?)/g)) {
    counts[match[2]!.replace(/s$/, '').replace('file', 'files').replace('would change', 'changed')] = Number(match[1]);
  }
  return counts;
}

describe('write mode names the files it wrote', () => {
  it('one path a line on stdout, only those written, then the summary on stderr; --quiet silences them', () => {
    writeTree(dir, { 'posts/a.html': DIRTY, 'posts/b.html': CLEAN, 'posts/c.html': DIRTY });
    const run = runCli(['clean', 'posts'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${path.join('posts', 'a.html')}\n${path.join('posts', 'c.html')}\n`);
    expect(run.stderr).toMatch(/3 files scanned, 2 changed/);
    writeTree(dir, { 'posts/a.html': DIRTY });
    const quiet = runCli(['clean', '--quiet', 'posts'], dir);
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(fs.readFileSync(path.join(dir, 'posts/a.html'), 'utf8')).not.toContain('herf');
  });

  it('--write and --fix are the default made explicit, and conflict with --check and --dry-run', () => {
    for (const flag of ['--write', '--fix']) {
      writeTree(dir, { 'a.html': DIRTY });
      const run = runCli(['clean', flag, 'a.html'], dir);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe('a.html\n');
      expect(fs.readFileSync(path.join(dir, 'a.html'), 'utf8')).toContain('href=');
      for (const other of ['--check', '--dry-run', '-l']) {
        const both = runCli(['clean', flag, other, 'a.html'], dir);
        expect(both.status).toBe(2);
        expect(both.stderr).toMatch(/cannot be used with/);
      }
    }
  });
});

describe('counts and --max-warnings', () => {
  it('stderr and --format json give the same counts: failed posts, errors, warnings and notices apart', () => {
    writeTree(dir, { 'posts/a.html': DIRTY, 'posts/w.html': WARNED });
    const run = runCli(['clean', '--check', '--format', 'json', 'nothere', 'posts'], dir);
    expect(run.status).toBe(2);
    const totals = JSON.parse(run.stdout).totals;
    expect(totals).toMatchObject({ files: 2, changed: 1, failed: 0, errors: 1, warnings: 1, notices: 1 });
    expect(summaryCounts(run.stderr)).toEqual({ files: totals.files, changed: totals.changed, failed: totals.failed, error: totals.errors, warning: totals.warnings, notice: totals.notices });
  });

  it('--max-warnings n exits 1 past n warnings, counting warnings only, whatever the mode', () => {
    writeTree(dir, { 'w.html': WARNED, 'n.html': DIRTY.replace('herf', 'href') });
    // one warning (w.html), one notice (n.html)
    expect(runCli(['clean', '--max-warnings', '1', '.'], dir).status).toBe(0);
    const over = runCli(['clean', '--max-warnings', '0', '.'], dir);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(/too many warnings: 1 \(--max-warnings 0\)/);
    expect(runCli(['clean', '--check', '--max-warnings', '0', 'n.html'], dir).status).toBe(0);
    expect(runCli(['clean', '--check', '--quiet', '--max-warnings', '0', 'w.html'], dir).status).toBe(1);
    // an error still wins: exit 2
    expect(runCli(['clean', '--max-warnings', '0', 'w.html', 'nothere'], dir).status).toBe(2);
    for (const bad of ['-1', 'x', '1.5', '']) expect(runCli(['clean', '--max-warnings', bad, 'w.html'], dir).status).toBe(2);
  });
});

describe('pass choices that cannot be right are errors', () => {
  it('an empty --only or --skip, a pass in both, or nothing left to run: exit 2, saying why, nothing written', () => {
    writeTree(dir, { 'a.html': DIRTY });
    const cases: [string[], RegExp][] = [
      [['--only', ''], /give at least one pass name/],
      [['--skip', ' , '], /give at least one pass name/],
      [['--only', 'herf', '--skip', 'herf'], /herf is given to both --only and --skip/],
      [['--only', 'herf,blank-target', '--skip', 'blank-target'], /blank-target is given to both/],
      [['--skip', passNames.filter((name) => isOnByDefault(name)).join(',')], /no pass is left to run \(every pass is turned off by --skip\)/],
    ];
    for (const [args, message] of cases) {
      const run = runCli(['clean', ...args, 'a.html'], dir);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    writeTree(dir, { 'blogfix.config.json': JSON.stringify({ passes: { herf: false } }) });
    const left = runCli(['clean', '--skip', passNames.filter((name) => isOnByDefault(name) && name !== 'herf').join(','), 'a.html'], dir);
    expect(left.status).toBe(2);
    expect(left.stderr).toMatch(/turned off by "passes" in blogfix\.config\.json and --skip/);
    expect(fs.readFileSync(path.join(dir, 'a.html'), 'utf8')).toBe(DIRTY);
  });
});
