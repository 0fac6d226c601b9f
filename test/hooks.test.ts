/**
 * The hooks for the pre-commit framework, and what blogfix tells users of
 * pre-commit and lint-staged to run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repairHint } from '../src/report/summary.js';
import { ROOT, runCli, useTempDir, writeTree } from './helpers/cli.js';

const DIRTY = '<p><a herf="https://example.com/">a</a></p>\n';

/** The hooks of .pre-commit-hooks.yaml, as id -> their lines. */
function hooks(): Map<string, string[]> {
  const text = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  const out = new Map<string, string[]>();
  let lines: string[] = [];
  for (const line of text.split('\n')) {
    const id = /^- id: (\S+)/.exec(line);
    if (id) out.set(id[1]!, (lines = []));
    else if (/^ {2}\S/.test(line)) lines.push(line.trim());
  }
  return out;
}

let dir: string;
useTempDir((created) => (dir = created));

describe('.pre-commit-hooks.yaml', () => {
  it('every hook has require_serial: true (one run, one summary, not one per process)', () => {
    const found = hooks();
    expect([...found.keys()]).toEqual(['blogfix', 'blogfix-check']);
    for (const [id, lines] of found) expect(lines, id).toContain('require_serial: true');
  });
});

describe('what to run, in the user\'s setting', () => {
  it('under pre-commit (PRE_COMMIT=1): the pre-commit command, naming the files; blogfix is not on its PATH', () => {
    writeTree(dir, { 'a b.html': DIRTY, 'c.html': DIRTY });
    const run = runCli(['clean', '--check', 'a b.html', 'c.html'], dir, { PRE_COMMIT: '1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("To repair them: pre-commit run blogfix --files 'a b.html' c.html\n");
    expect(run.stderr).not.toMatch(/npx blogfix|Run blogfix clean/);
  });

  it('elsewhere (a shell, lint-staged, CI): npx blogfix clean with the files, which finds the installed blogfix', () => {
    writeTree(dir, { 'posts/c.html': DIRTY });
    const run = runCli(['clean', '--dry-run', 'posts'], dir, { PRE_COMMIT: undefined });
    expect(run.stderr).toContain(`Run blogfix clean without --dry-run to repair it: npx blogfix clean posts/c.html\n`);
  });

  it('many files: --all-files, or the same paths', () => {
    const many = Array.from({ length: 11 }, (_, n) => `p${n}.html`);
    expect(repairHint('check', many.slice(0, 10), 11, { PRE_COMMIT: '1' })).toMatch(/^To repair them: pre-commit run blogfix --all-files\n/);
    expect(repairHint('check', many.slice(0, 10), 11, {})).toBe('Run blogfix clean without --check to repair them: npx blogfix clean <the same paths>\n');
    expect(repairHint('write', many, 11, {})).toBe('');
  });
});
