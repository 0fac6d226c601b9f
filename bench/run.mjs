#!/usr/bin/env node
// npm run bench: blogfix side by side with the parse5 floors (bench/parse5-floor.mjs:
// parse5-w2 and parse5-atomic-w2, the project's own equivalents of ../shared/bench's
// peers) and, when ../shared/bench/peers/rehype has its node_modules, rehype-w2, on
// posts from the project's own seeded generator (bench/generate.mjs). Peers run in
// turn within each repeat (so a change in the machine's load hits them alike).
// Then the growth to 10x the posts, single-post latency (.md and .html against
// `node -e 0`, interleaved) and a Movable Type export. Prints wall time and CPU
// (medians), peak memory, and the ratios the speed goals (issue 15) are stated in.
//
//   npm run bench [-- --posts 2000 --repeats 3 --growth 20000 --entries 5000 --small 15]
//   (--growth 0 or --entries 0 skip those parts)
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
const GROWTH = option('--growth', POSTS * 10);
const REHYPE = path.join(process.env.BLOGFIX_SHARED_BENCH ?? path.resolve(root, '../shared/bench'), 'peers/rehype');
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
  const [rssKb, user, system] = fs.readFileSync(rssFile, 'utf8').split(' ').map(Number);
  fs.rmSync(rssFile, { force: true });
  return { wall, rss: rssKb / 1024, cpu: (user + system) / 1e6 };
}

const summary = (label, runs) => ({ label, wall: median(runs.map((run) => run.wall)), cpu: median(runs.map((run) => run.cpu)), rss: median(runs.map((run) => run.rss)), runs });

/** Each peer on a fresh copy of `source`, in turn, `repeats` times: medians per peer. */
function sideBySide(source, peers, repeats) {
  const runs = peers.map(() => []);
  const target = path.join(work, 'run');
  for (let repeat = 0; repeat < repeats; repeat++) {
    peers.forEach((peer, index) => {
      fs.rmSync(target, { recursive: true, force: true });
      fs.cpSync(source, target, { recursive: true });
      runs[index].push(timed(peer.args(target), peer.scanned));
    });
  }
  return peers.map((peer, index) => summary(peer.label, runs[index]));
}

fs.mkdirSync(work, { recursive: true });
const corpus = path.join(work, `posts-${POSTS}`);
generate(corpus, POSTS);
const megabytes = bytesIn(corpus) / 1e6;
const bin = path.join(root, 'bin/blogfix.js');
const floor = path.join(root, 'bench/parse5-floor.mjs');
const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');
console.log(`# ${os.cpus()[0]?.model ?? 'cpu'}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; ${POSTS} posts, ${megabytes.toFixed(1)} MB; median of ${REPEATS}; load average ${load()}`);

// warm the code cache once, as any second run would find it
timed([bin, '--version']);
const rehype = fs.existsSync(path.join(REHYPE, 'node_modules'));
const peers = [
  { label: 'parse5-w2', args: (dir) => [floor, dir, '--threads', '2'] },
  { label: 'parse5-atomic-w2', args: (dir) => [floor, dir, '--threads', '2', '--atomic'] },
  ...(rehype ? [{ label: 'rehype-w2', args: (dir) => [path.join(REHYPE, 'blogfix-rehype-workers.mjs'), dir] }] : []),
  { label: 'blogfix clean', args: (dir) => [bin, 'clean', dir], scanned: POSTS },
  { label: 'blogfix clean --check', args: (dir) => [bin, 'clean', '--check', '-q', dir] },
];
process.env.BLOGFIX_THREADS = '2';
const rows = sideBySide(corpus, peers, REPEATS);
const row = (label) => rows.find((candidate) => candidate.label === label);

console.log('\n| run | posts | MB | wall s | CPU s | MB/s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|');
const print = (entry, posts, mb) =>
  console.log(`| ${entry.label} | ${posts} | ${mb.toFixed(1)} | ${entry.wall.toFixed(2)} | ${entry.cpu.toFixed(2)} | ${(mb / entry.wall).toFixed(1)} | ${entry.rss.toFixed(0)} |`);
for (const entry of rows) print(entry, POSTS, megabytes);
if (!rehype) console.log(`\n(rehype-w2 not run: ${REHYPE} has no node_modules; \`npm ci\` there to include it)`);

const goals = [];
const goal = (name, value, limit, strict = false) => goals.push({ name, value, limit, holds: strict ? value < limit : value <= limit });
const clean = row('blogfix clean');
goal('clean / parse5-atomic-w2 (wall)', clean.wall / row('parse5-atomic-w2').wall, 1.15);
if (rehype) goal('clean / rehype-w2 (wall)', clean.wall / row('rehype-w2').wall, 1.0, true);
goal('clean --check / parse5-w2 (wall)', row('blogfix clean --check').wall / row('parse5-w2').wall, 1.1);

// growth: ten times the posts (one run; the first POSTS posts are the same posts)
if (GROWTH > 0) {
  const big = path.join(work, `posts-${GROWTH}`);
  generate(big, GROWTH);
  const [grown] = sideBySide(big, [{ label: 'blogfix clean', args: (dir) => [bin, 'clean', dir], scanned: GROWTH }], 1);
  print(grown, GROWTH, bytesIn(big) / 1e6);
  goal(`${GROWTH} / ${POSTS} posts, time`, grown.wall / clean.wall, 10.5 * (GROWTH / POSTS / 10));
  goal(`${GROWTH} / ${POSTS} posts, peak RSS`, grown.rss / clean.rss, 1.5);
}

// one small post of each kind, the pre-commit case: interleaved with bare node
const small = path.join(work, 'small');
fs.rmSync(small, { recursive: true, force: true });
fs.mkdirSync(small);
const smallPost = (extension) => {
  for (let index = 0; ; index++) {
    const candidate = post(SEED, index);
    if (candidate.name.endsWith(extension) && Buffer.byteLength(candidate.text) < 8000) return candidate.text;
  }
};
const texts = { html: smallPost('.html'), md: smallPost('.md') };
const latencies = { bare: [], html: [], md: [] };
for (let repeat = 0; repeat < SMALL; repeat++) {
  latencies.bare.push(timed(['-e', '0']).wall * 1000);
  for (const kind of ['html', 'md']) {
    const file = path.join(small, `post.${kind}`);
    fs.writeFileSync(file, texts[kind]);
    latencies[kind].push(timed([bin, 'clean', '-q', file]).wall * 1000);
  }
}
const bare = median(latencies.bare);
for (const kind of ['html', 'md']) {
  const one = median(latencies[kind]);
  console.log(`single .${kind} post (${Buffer.byteLength(texts[kind])} bytes), median of ${SMALL}: blogfix ${one.toFixed(0)} ms, node -e 0 ${bare.toFixed(0)} ms`);
  goal(`one small .${kind} post / node -e 0`, one / bare, 1.4);
}

console.log(`\n| goal (issue 15) | ratio | limit | holds |\n|---|---:|---:|---|`);
for (const { name, value, limit, holds } of goals) console.log(`| ${name} | ${value.toFixed(2)}x | ${limit.toFixed(2)}x | ${holds ? 'yes' : 'no'} |`);
console.log(`(load average at the end: ${load()})`);

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
