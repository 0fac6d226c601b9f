/**
 * Fixture pairs: fixtures/<pass>/<case>/input.<ext> and, when the pass must
 * change it, expected.<ext>; a missing expected file means "unchanged".
 * reports.txt, when present, lists every report as `line:column severity message`.
 * options.json, when present, holds the settings the case runs with: pass settings
 * (PassSettings: ownBlogs, httpsImageHosts) and file settings ({"toUtf8": true}).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Located } from '../../src/engine/clean-file.js';
import type { PassSettings } from '../../src/passes/index.js';

export const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures');

export interface Fixture {
  pass: string;
  name: string;
  dir: string;
  /** file name of the input, e.g. input.html (its extension picks the format) */
  file: string;
  input: Buffer;
  expected: Buffer;
  reports?: string[];
  /** options.json: pass settings and file settings for this case. */
  options?: PassSettings & Record<string, unknown>;
}

export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const pass of fs.readdirSync(FIXTURES).sort()) {
    const passDir = path.join(FIXTURES, pass);
    if (!fs.statSync(passDir).isDirectory()) continue;
    for (const name of fs.readdirSync(passDir).sort()) {
      const dir = path.join(passDir, name);
      const file = fs.readdirSync(dir).find((entry) => entry.startsWith('input.'));
      if (!file) throw new Error(`fixture ${pass}/${name} has no input file`);
      const ext = file.slice('input'.length);
      const read = (entry: string) => fs.readFileSync(path.join(dir, entry));
      const input = read(file);
      const expectedFile = path.join(dir, `expected${ext}`);
      const expected = fs.existsSync(expectedFile) ? read(`expected${ext}`) : input;
      const reportsFile = path.join(dir, 'reports.txt');
      const reports = fs.existsSync(reportsFile) ? fs.readFileSync(reportsFile, 'utf8').split('\n').filter(Boolean) : undefined;
      const optionsFile = path.join(dir, 'options.json');
      const options = fs.existsSync(optionsFile) ? (JSON.parse(fs.readFileSync(optionsFile, 'utf8')) as PassSettings & Record<string, unknown>) : undefined;
      out.push({ pass, name, dir, file, input, expected, reports, options });
    }
  }
  return out;
}

/** One line per report, as reports.txt lists them. */
export function reportLines(result: { problems: Located[]; fixes: Located[]; warnings: Located[] }): string[] {
  return [...result.problems, ...result.fixes, ...result.warnings]
    .sort((a, b) => a.start - b.start || a.message.localeCompare(b.message))
    .map((report) => `${report.line}:${report.column} ${report.severity} ${report.entry ? `[${report.entry}] ` : ''}${report.message}`);
}
