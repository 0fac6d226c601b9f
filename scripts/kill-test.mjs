#!/usr/bin/env node
// Fault test: kill blogfix with SIGKILL at random moments while it cleans
// thousands of posts, and check after every kill that each post is either
// exactly as it was or exactly as a full run makes it: never truncated,
// never half-written, never anything else. A killed run leaves temporary
// files (nothing can remove them then); they must never be taken for posts,
// and the next run removes them. At the end one normal run must finish the
// job and leave nothing but the posts, and a --check run must find nothing
// left.
//
//   node scripts/kill-test.mjs [--posts 2000] [--runs 40] [--seed 20181004] [--dir DIR] [--keep]
//
// Needs the built command (npm run build). Exit status 0 when every check
// holds, 1 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { post, rng } from '../bench/generate.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin/blogfix.js');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const count = Number(option('--posts', 2000));
const runs = Number(option('--runs', 40));
const seed = Number(option('--seed', 20181004));
const keep = args.includes('--keep');
const base = option('--dir', undefined) ?? fs.mkdtempSync(path.join(os.tmpdir(), 'blogfix-kill-'));
fs.mkdirSync(base, { recursive: true });

const TEMP = /\.blogfix-\d+-[0-9a-f]+\.tmp$/;
const problems = [];
const fail = (message) => {
  problems.push(message);
  console.error(`FAIL ${message}`);
};

function writePosts(dir, posts, names = posts.keys()) {
  for (const name of names) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, posts.get(name));
  }
}

function listFiles(dir) {
  return fs.readdirSync(dir, { recursive: true }).filter((entry) => fs.statSync(path.join(dir, entry)).isFile());
}

// the posts, and the bytes a normal run gives them
const originals = new Map();
for (let index = 0; index < count; index++) {
  const { name, text } = post(seed, index);
  originals.set(name, Buffer.from(text));
}
const reference = path.join(base, 'reference');
writePosts(reference, originals);
let started = performance.now();
const normal = spawnSync(process.execPath, [bin, 'clean', '--quiet', reference], { encoding: 'utf8' });
const fullRun = performance.now() - started;
if (normal.status !== 0) {
  console.error(`the normal run failed (exit ${normal.status}): ${normal.stderr}`);
  process.exit(1);
}
const expected = new Map([...originals.keys()].map((name) => [name, fs.readFileSync(path.join(reference, name))]));
const dirty = [...originals.keys()].filter((name) => !originals.get(name).equals(expected.get(name)));
fs.rmSync(reference, { recursive: true, force: true });
console.log(`${count} posts (${dirty.length} to clean), a full run takes ${fullRun.toFixed(0)} ms; ${runs} runs killed at random moments`);

const work = path.join(base, 'work');
writePosts(work, originals);
const random = rng(seed);
const tally = { killedBeforeWriting: 0, killedMidway: 0, finishedFirst: 0, asItWas: 0, cleaned: 0, tempsLeft: 0, resets: 0 };

/** Every post as it was or as a full run makes it; counts; returns how many are still to clean. */
function check(after) {
  let left = 0;
  let stray = 0;
  for (const entry of listFiles(work)) {
    if (TEMP.test(entry)) {
      stray++;
      continue;
    }
    const name = entry;
    const now = fs.readFileSync(path.join(work, name));
    if (!originals.has(name)) fail(`${after}: a file that is not a post appeared: ${name}`);
    else if (now.equals(expected.get(name))) {
      if (dirty.includes(name)) tally.cleaned++;
    } else if (now.equals(originals.get(name))) {
      tally.asItWas++;
      left++;
    } else fail(`${after}: ${name} is neither as it was nor fully cleaned (${now.length} bytes; original ${originals.get(name).length}, cleaned ${expected.get(name).length})`);
  }
  for (const name of originals.keys()) if (!fs.existsSync(path.join(work, name))) fail(`${after}: ${name} is gone`);
  tally.tempsLeft += stray;
  return left;
}

for (let run = 1; run <= runs; run++) {
  // in this thread or on workers; killed anywhere from start-up to past the end
  const jobs = run % 2 === 0 ? ['--jobs', '1'] : [];
  const delay = random.next() * fullRun * 1.1;
  const child = spawn(process.execPath, [bin, 'clean', '--quiet', ...jobs, work], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve) => setTimeout(resolve, delay));
  child.kill('SIGKILL');
  const { code, signal } = await exited;
  const before = dirty.filter((name) => !fs.readFileSync(path.join(work, name)).equals(expected.get(name))).length;
  const left = check(`run ${run} (killed after ${delay.toFixed(0)} ms)`);
  if (signal !== 'SIGKILL') {
    tally.finishedFirst++;
    if (code !== 0) fail(`run ${run} finished before the kill with exit ${code}`);
  } else if (before === dirty.length) tally.killedBeforeWriting++;
  else tally.killedMidway++;
  if (left === 0) {
    // all clean: start again from the originals (temporary files left where they are: the next run removes them)
    writePosts(work, originals, dirty);
    tally.resets++;
  }
}

// a normal run finishes the job, whatever the kills left, and removes what they left; a second one finds nothing
const leftByKills = listFiles(work).filter((entry) => TEMP.test(entry)).length;
const finish = spawnSync(process.execPath, [bin, 'clean', work], { encoding: 'utf8' });
if (finish.status !== 0) fail(`the final run exited ${finish.status}: ${finish.stderr}`);
const said = /removed (\d+) temporary files? left by an interrupted run/.exec(finish.stderr);
if (leftByKills > 0 && Number(said?.[1]) !== leftByKills) fail(`the final run should have said it removed ${leftByKills} temporary files: ${finish.stderr.slice(-300)}`);
if (check('after the final run') !== 0) fail('the final run left posts uncleaned');
const again = spawnSync(process.execPath, [bin, 'clean', '--check', work], { encoding: 'utf8' });
if (again.status !== 0 || again.stdout !== '') fail(`a --check after the final run found work: exit ${again.status}, ${again.stdout.split('\n').length - 1} files`);
const temps = listFiles(work).filter((entry) => TEMP.test(entry));
for (const temp of temps) fail(`a temporary file outlived the final run: ${temp}`);
const strays = listFiles(work).filter((entry) => !originals.has(entry));
for (const stray of strays) fail(`a file that is not a post is left: ${stray}`);

console.log(
  `kills: ${tally.killedBeforeWriting} before any write, ${tally.killedMidway} mid-run, ${tally.finishedFirst} after the run ended; ` +
    `${tally.resets} times all cleaned and started over\n` +
    `posts seen after kills: ${tally.asItWas} as they were, ${tally.cleaned} fully cleaned, none otherwise; ` +
    `temporary files seen after kills: ${tally.tempsLeft} (never taken for posts); ${leftByKills} before the final run, which removed them: ${temps.length} left`,
);
if (!keep) fs.rmSync(base, { recursive: true, force: true });
else console.log(`kept ${base}`);
console.log(problems.length ? `${problems.length} problems` : 'every post was whole after every kill');
process.exit(problems.length ? 1 : 0);
