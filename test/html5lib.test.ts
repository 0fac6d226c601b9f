/**
 * Malformed HTML written to break parsers, through blogfix: as it is, and
 * with every defect blogfix repairs spliced in at its start, middle and end,
 * as an HTML post and as a Markdown post. For each: no exception, no engine
 * problem, a second run changes nothing, with every pass off the text comes
 * back identical, nothing changes outside the fixes' edited spans, and (HTML)
 * nothing active is added.
 *
 * The inputs are the #data sections of html5lib-style .dat files: a small
 * self-written sample (test/data/html5lib-sample.dat) always; the whole
 * html5lib-tests tree-construction set when BLOGFIX_HTML5LIB names its folder
 * (.ci/run does when ../shared is there). With that set, the built command
 * also cleans every input as a file, twice.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanString } from '../src/engine/clean-string.js';
import { activeMarkup } from './helpers/active-markup.js';
import { BIN, ROOT, tempDir } from './helpers/cli.js';
import { changedOnlyInside } from './helpers/changes.js';

/** The #data sections of a .dat file: each runs from the line after #data to the line before #errors. */
export function datInputs(text: string): string[] {
  const inputs: string[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (lines[index] !== '#data') continue;
    const data: string[] = [];
    for (index++; index < lines.length && !/^#(?:errors|new-errors|document|document-fragment)\b/.test(lines[index]!); index++) data.push(lines[index]!);
    inputs.push(data.join('\n'));
  }
  return inputs;
}

function datFiles(folder: string): string[] {
  return (fs.readdirSync(folder, { recursive: true }) as string[]).filter((file) => file.endsWith('.dat')).sort().map((file) => path.join(folder, file));
}

const DEFECTS =
  '<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">クラウド</a>' +
  '<a herf="https://example.com/a" target="_brank">リンク</a>' +
  '<img src="//ir-jp.amazon-adsystem.com/e/ir?t=x-22&amp;o=9" width="1" height="1" alt="">' +
  '<pre>&lt;li&gt;&lt;a target="_blank" href="https://example.com/b"&gt;貼り付けた記事の一覧です&lt;/a&gt;&lt;/li&gt;</pre>';

/** The input, and the input with the defects at its start, middle and end. */
function variants(input: string): string[] {
  const middle = Math.floor(input.length / 2);
  return [input, DEFECTS + input, input.slice(0, middle) + DEFECTS + input.slice(middle), input + DEFECTS];
}

interface Tally {
  inputs: number;
  runs: number;
  fixes: number;
  failures: string[];
}

function check(input: string, path: string, tally: Tally): void {
  const fail = (what: string) => {
    if (tally.failures.length < 20) tally.failures.push(`${path} ${JSON.stringify(input.slice(0, 120))}: ${what}`);
  };
  tally.runs++;
  let once;
  try {
    once = cleanString(input, { path });
  } catch (error) {
    fail(`threw ${(error as Error).stack}`);
    return;
  }
  tally.fixes += once.fixes.length;
  if (once.problems.length) fail(`engine problem: ${once.problems.map((problem) => problem.message).join('; ')}`);
  const twice = cleanString(once.output, { path });
  if (twice.output !== once.output || twice.fixes.length) fail(`not idempotent: ${twice.fixes.map((fix) => fix.message).join('; ')}`);
  if (cleanString(input, { path, passes: [] }).output !== input) fail('changed with every pass off');
  if (!changedOnlyInside(input, once.output, once.fixes.map((fix) => fix.edited))) fail('changed outside the edited spans');
  if (path.endsWith('.html') && activeMarkup(once.output).length > activeMarkup(input).length) fail('active markup grew');
}

function runAll(inputs: string[]): Tally {
  const tally: Tally = { inputs: inputs.length, runs: 0, fixes: 0, failures: [] };
  for (const input of inputs) {
    for (const variant of variants(input)) {
      check(variant, 'post.html', tally);
      check(variant, 'post.md', tally);
    }
  }
  return tally;
}

describe('malformed HTML (html5lib-style inputs)', () => {
  it('the self-written sample: no crash, idempotent, identical with passes off, changes only in edited spans, nothing made active', () => {
    const inputs = [...datInputs(fs.readFileSync(path.join(ROOT, 'test/data/html5lib-sample.dat'), 'utf8')), 'a\u0000b<p>\u0000</p>', '<p>CR\rだけ\r\n混在\n</p>', '\ufeff<p>BOM</p>'];
    expect(inputs.length).toBeGreaterThan(40);
    const tally = runAll(inputs);
    expect(tally.failures).toEqual([]);
    expect(tally.fixes).toBeGreaterThan(inputs.length * 3);
  });

  const folder = process.env.BLOGFIX_HTML5LIB;
  it.runIf(folder)('the whole html5lib-tests tree-construction set, in process and through the command line', { timeout: 600_000 }, () => {
    const files = datFiles(folder!);
    const inputs = files.flatMap((file) => datInputs(fs.readFileSync(file, 'utf8')));
    expect(inputs.length).toBeGreaterThan(1500);
    const started = performance.now();
    const tally = runAll(inputs);
    const inProcess = performance.now() - started;
    expect(tally.failures).toEqual([]);

    // every input as a post on disk, with the defects at its end: clean in place, then nothing left to do
    const dir = tempDir();
    try {
      inputs.forEach((input, index) => fs.writeFileSync(path.join(dir, `${String(index).padStart(4, '0')}.html`), input + DEFECTS));
      const cli = (args: string[]) => spawnSync(process.execPath, [BIN, 'clean', '--quiet', ...args, '.'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      const first = cli([]);
      // posts holding a NUL byte are refused as binary files, and only those
      const refused = [...first.stderr.matchAll(/^(\S+)\n\s+error\s+(.*)$/gm)];
      for (const [, , message] of refused) expect(message).toMatch(/^binary file \(NUL byte at offset \d+\); left untouched$/);
      expect(refused.length).toBe(inputs.filter((input) => input.includes('\u0000')).length);
      expect(first.status).toBe(refused.length ? 2 : 0);
      const second = cli(['--check']);
      expect(second.stdout).toBe('');
      console.log(
        `html5lib: ${files.length} files, ${tally.inputs} inputs, ${tally.runs} cleanings in process (${tally.fixes} fixes) in ${(inProcess / 1000).toFixed(1)} s; ` +
          `${inputs.length} posts through the command line, ${refused.length} refused as binary`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
