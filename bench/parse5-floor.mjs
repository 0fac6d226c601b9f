#!/usr/bin/env node
// The floors blogfix is measured against (the project's own equivalents of
// ../shared/bench's parse5 peers): read every post, parse it with parse5
// keeping source locations (what a lossless cleaner needs), and write.
//   node bench/parse5-floor.mjs DIR [--threads N] [--atomic]
// Without --atomic every post is written back in place (parse5-w2 with
// --threads 2). With --atomic only the posts that hold a defect needle are
// written, each atomically: temporary file beside it, write, fsync, rename,
// each folder fsynced once at the end (parse5-atomic-w2 with --threads 2):
// the least a tool that never leaves a half-written post must do.
import fs from 'node:fs';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseFragment } from 'parse5';

const FRONT_MATTER = /^(?:---|\+\+\+)[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\+\+\+)[ \t]*(?:\r?\n|$)/;
const EXTENSIONS = new Set(['.html', '.htm', '.md', '.markdown', '.txt']);
const NEEDLE = /keyword|herf|brank|amazon-adsystem|assoc-amazon|a8\.net|moshimo|<pre[\s>]/i;

function* posts(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* posts(file);
    else if (EXTENSIONS.has(path.extname(entry.name))) yield file;
  }
}

/** Clean posts handed out through a shared counter; returns how many were written. */
function loop(files, counter, atomic) {
  const folders = new Set();
  let written = 0;
  for (;;) {
    const index = Atomics.add(counter, 0, 1);
    if (index >= files.length) break;
    const file = files[index];
    const text = fs.readFileSync(file, 'utf8');
    parseFragment(text.replace(FRONT_MATTER, ''), { sourceCodeLocationInfo: true });
    if (!atomic) {
      fs.writeFileSync(file, text);
      written++;
      continue;
    }
    if (!NEEDLE.test(text)) continue;
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.floor-${process.pid}-${index}.tmp`);
    const fd = fs.openSync(temp, 'wx');
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(temp, file);
    folders.add(path.dirname(file));
    written++;
  }
  for (const folder of folders) {
    const fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  }
  return written;
}

if (isMainThread) {
  const args = process.argv.slice(2);
  const threads = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : 1;
  const atomic = args.includes('--atomic');
  const files = [...posts(args[0])];
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const say = (written) => process.stderr.write(`parse5 floor: ${files.length} posts parsed on ${threads} thread(s), ${written} written${atomic ? ' atomically' : ''}\n`);
  if (threads <= 1) say(loop(files, counter, atomic));
  else {
    let written = 0;
    let left = threads;
    for (let index = 0; index < threads; index++) {
      const worker = new Worker(new URL(import.meta.url), { workerData: { files, counter, atomic } });
      worker.on('message', (count) => (written += count));
      worker.on('error', (error) => {
        console.error(error);
        process.exitCode = 2;
      });
      worker.on('exit', () => --left === 0 && say(written));
    }
  }
} else {
  parentPort.postMessage(loop(workerData.files, workerData.counter, workerData.atomic));
}
