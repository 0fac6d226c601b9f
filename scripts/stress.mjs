#!/usr/bin/env node
// Enormous posts through the built command, with time and peak memory:
// - a 100 MB post on one line of prose with a keyword link every few KB:
//   cleaned exactly; and the same at 25 MB, to show time grows linearly;
// - a 100 MB post on one line of dense markup: cleaned, or (when its parse
//   would not fit in the heap) skipped with a message naming the heap it
//   needs; never a crash, never a half-written post;
// - 100 000 nested elements and 100 000 keyword links in one post.
//
//   node scripts/stress.mjs [--dir DIR] [--heap MB]
//
// --heap runs the command with that --max-old-space-size (to see the dense
// post cleaned rather than skipped). Exit status 1 when a check fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/blogfix.js');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dir = option('--dir') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'blogfix-stress-'));
const heap = option('--heap');
fs.mkdirSync(dir, { recursive: true });

const KEYWORD = '<a class="keyword" href="http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9">クラウド</a>';
const MB = 1 << 20;
let failed = 0;
const check = (ok, message) => {
  if (!ok) {
    failed++;
    console.error(`FAIL ${message}`);
  }
};

/** A post of `unit` repeated to at least `bytes`, and what cleaning it must give. */
function repeated(unit, cleanedUnit, bytes) {
  const times = Math.ceil(bytes / Buffer.byteLength(unit));
  return { input: unit.repeat(times), expected: cleanedUnit.repeat(times) };
}

/** Run `blogfix clean` on one file; time, peak memory, exit status, stderr. */
function clean(file) {
  const usageFile = path.join(dir, 'usage.json');
  const node = ['--require', path.join(root, 'scripts/report-usage.cjs'), ...(heap ? [`--max-old-space-size=${heap}`] : [])];
  const started = performance.now();
  const run = spawnSync(process.execPath, [...node, bin, 'clean', '--quiet', file], { encoding: 'utf8', env: { ...process.env, BLOGFIX_USAGE_FILE: usageFile } });
  const seconds = (performance.now() - started) / 1000;
  const usage = fs.existsSync(usageFile) ? JSON.parse(fs.readFileSync(usageFile, 'utf8')) : { maxRssKb: NaN };
  fs.rmSync(usageFile, { force: true });
  return { status: run.status, signal: run.signal, stderr: run.stderr, seconds, rssMb: usage.maxRssKb / 1024 };
}

function post(name, { input, expected }, { mayBeTooBig = false } = {}) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, input);
  const run = clean(file);
  const after = fs.readFileSync(file, 'utf8');
  fs.rmSync(file);
  const size = `${(Buffer.byteLength(input) / MB).toFixed(0)} MB`;
  const skipped = run.status === 2 && /too big to parse in memory/.test(run.stderr);
  check(run.signal === null, `${name}: killed by ${run.signal} (a crash)`);
  if (skipped && mayBeTooBig) {
    check(after === input, `${name}: skipped but changed`);
    console.log(`${name.padEnd(28)} ${size.padStart(7)}  skipped in ${run.seconds.toFixed(1)} s, peak ${run.rssMb.toFixed(0)} MB: ${run.stderr.match(/too big[^\n]*/)[0]}`);
    return run;
  }
  check(run.status === 0, `${name}: exit ${run.status}: ${run.stderr.slice(0, 500)}`);
  check(after === expected, `${name}: not cleaned exactly`);
  console.log(`${name.padEnd(28)} ${size.padStart(7)}  cleaned in ${run.seconds.toFixed(1)} s, peak ${run.rssMb.toFixed(0)} MB`);
  return run;
}

const prose = (bytes) => repeated(`${'これは一行に書かれた長い記事の本文です。'.repeat(200)}${KEYWORD}`, `${'これは一行に書かれた長い記事の本文です。'.repeat(200)}クラウド`, bytes);
const quarter = post('one-line-prose-25MB.html', prose(25 * MB));
const full = post('one-line-prose-100MB.html', prose(100 * MB));
const ratio = full.seconds / quarter.seconds;
console.log(`  time at 4x the size: ${ratio.toFixed(1)}x`);
check(ratio < 8, `one line of prose: 4x the size took ${ratio.toFixed(1)}x the time`);

post(
  'one-line-dense-100MB.html',
  repeated(`<p>${KEYWORD}と<a herf="https://example.com/" target="_brank">リンク</a></p>`, '<p>クラウドと<a href="https://example.com/" target="_blank">リンク</a></p>', 100 * MB),
  { mayBeTooBig: true },
);
post('nested-100000.html', { input: `${'<div>'.repeat(100_000)}${KEYWORD}${'</div>'.repeat(100_000)}`, expected: `${'<div>'.repeat(100_000)}クラウド${'</div>'.repeat(100_000)}` });
post('keyword-links-100000.html', { input: `<p>${KEYWORD.repeat(100_000)}</p>\n`, expected: `<p>${'クラウド'.repeat(100_000)}</p>\n` });

if (!option('--dir')) fs.rmSync(dir, { recursive: true, force: true });
console.log(failed ? `${failed} checks failed` : 'all stress checks hold');
process.exit(failed ? 1 : 0);
