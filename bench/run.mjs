#!/usr/bin/env node
// npm run bench: blogfix against a parse5-only floor measured in the same run,
// on posts from the project's own seeded generator (bench/generate.mjs), plus
// single-post latency and a Movable Type export. Needs nothing outside the
// project. Prints posts, MB, wall time (median), MB/s and peak memory.
//
//   npm run bench [-- --posts 2000 --repeats 3 --entries 5000 --small 15]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { movableTypeExport, post } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// outside the checkout: inside it, blogfix would leave a gitignored work folder out
const work = process.env.BLOGFIX_BENCH_DIR ?? path.join(os.tmpdir(), 'blogfix-bench');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const POSTS = option('--posts', 2000);
const REPEATS = option('--repeats', 3);
const ENTRIES = option('--entries', 5000);
const SMALL = option('--small', 15);
const SEED = 20181004;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function generate(folder, count) {
  if (fs.existsSync(path.join(folder, '.done'))) return;
  fs.rmSync(folder, { recursive: true, force: true });
  for (let index = 0; index < count; index++) {
    const { name, text } = post(SEED, index);
    fs.mkdirSync(path.join(folder, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
  }
  fs.writeFileSync(path.join(folder, '.done'), '');
}

function bytesIn(folder) {
  let total = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && !entry.name.startsWith('.')) total += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return total;
}

/**
 * Run `node -r max-rss ARGS` and return wall seconds and peak RSS in MB. With
 * `scanned`, the run must say it scanned that many files (a run that found
 * nothing to do is no measurement).
 */
function timed(nodeArgs, scanned) {
  const rssFile = path.join(work, `rss-${process.pid}`);
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['-r', path.join(root, 'bench/max-rss.cjs'), ...nodeArgs], {
    env: { ...process.env, BLOGFIX_BENCH_RSS: rssFile, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${nodeArgs.join(' ')} exited ${run.status}: ${run.stderr}`);
  const said = /(\d+) files? scanned/.exec(run.stderr)?.[1];
  if (scanned !== undefined && Number(said) !== scanned) throw new Error(`${nodeArgs.join(' ')} scanned ${said ?? 'no'} files, not ${scanned}: ${run.stderr}`);
  const rss = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
  fs.rmSync(rssFile, { force: true });
  return { wall, rss };
}

function measure(label, source, nodeArgs, repeats, scanned) {
  const runs = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const target = path.join(work, 'run');
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(source, target, { recursive: true });
    runs.push(timed(nodeArgs(target), scanned));
  }
  return { label, wall: median(runs.map((run) => run.wall)), rss: median(runs.map((run) => run.rss)), runs };
}

fs.mkdirSync(work, { recursive: true });
const corpus = path.join(work, `posts-${POSTS}`);
generate(corpus, POSTS);
const megabytes = bytesIn(corpus) / 1e6;
const bin = path.join(root, 'bin/blogfix.js');
console.log(`# ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${POSTS} posts, ${megabytes.toFixed(1)} MB; median of ${REPEATS}`);

// warm the code cache once, as any second run would find it
timed([bin, '--version']);
const rows = [
  measure('parse5 floor (1 thread)', corpus, (dir) => [path.join(root, 'bench/parse5-floor.mjs'), dir], REPEATS),
  measure('blogfix clean', corpus, (dir) => [bin, 'clean', dir], REPEATS, POSTS),
  measure('blogfix clean --jobs 1', corpus, (dir) => [bin, 'clean', '--jobs', '1', dir], REPEATS, POSTS),
];
// an already-clean tree: the output of a run, checked again
const cleaned = path.join(work, 'cleaned');
fs.rmSync(cleaned, { recursive: true, force: true });
fs.cpSync(corpus, cleaned, { recursive: true });
timed([bin, 'clean', cleaned], POSTS);
// (a dry run that finds nothing says nothing: its exit code 0 is checked)
rows.push(measure('blogfix clean --dry-run (clean tree)', cleaned, (dir) => [bin, 'clean', '--dry-run', dir], REPEATS));

console.log('\n| run | posts | MB | wall s | MB/s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(`| ${row.label} | ${POSTS} | ${megabytes.toFixed(1)} | ${row.wall.toFixed(2)} | ${(megabytes / row.wall).toFixed(1)} | ${row.rss.toFixed(0)} |`);
}
const floor = rows[0].wall;
console.log(`\nblogfix / parse5 floor: ${(rows[1].wall / floor).toFixed(2)}x (jobs 1: ${(rows[2].wall / floor).toFixed(2)}x)`);

// one small post: the pre-commit case
const small = path.join(work, 'small');
fs.rmSync(small, { recursive: true, force: true });
fs.mkdirSync(small);
const { text } = post(SEED, 1);
const smallFile = path.join(small, 'post.html');
const latency = (nodeArgs) => {
  const runs = [];
  for (let repeat = 0; repeat < SMALL; repeat++) {
    fs.writeFileSync(smallFile, text);
    runs.push(timed(nodeArgs).wall * 1000);
  }
  return median(runs);
};
const bare = latency(['-e', '0']);
const one = latency([bin, 'clean', '-q', smallFile]);
console.log(`\nsingle post (${Buffer.byteLength(text)} bytes), median of ${SMALL}: blogfix ${one.toFixed(0)} ms, bare node ${bare.toFixed(0)} ms: ${(one / bare).toFixed(2)}x`);

// a Movable Type export, Hatena's only export format
if (ENTRIES > 0) {
  const exportFile = path.join(work, `blog-${ENTRIES}.export.txt`);
  if (!fs.existsSync(exportFile)) fs.writeFileSync(exportFile, movableTypeExport(SEED, ENTRIES));
  const size = fs.statSync(exportFile).size / 1e6;
  const copy = path.join(work, 'blog.export.txt');
  const runs = [];
  for (let repeat = 0; repeat < Math.min(REPEATS, 2); repeat++) {
    fs.copyFileSync(exportFile, copy);
    runs.push(timed([bin, 'clean', copy], 1));
  }
  const wall = median(runs.map((run) => run.wall));
  const rss = median(runs.map((run) => run.rss));
  console.log(`\nMovable Type export: ${ENTRIES} entries, ${size.toFixed(1)} MB: ${wall.toFixed(2)} s, ${(size / wall).toFixed(1)} MB/s, peak RSS ${rss.toFixed(0)} MB (${(rss / size).toFixed(1)}x the file)`);
}
fs.rmSync(path.join(work, 'run'), { recursive: true, force: true });
