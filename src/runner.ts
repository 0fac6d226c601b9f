/**
 * Clean many posts, on this thread and, when a run proves long, on worker
 * threads too. Every thread claims the next post from a shared counter.
 * Results are reported in the order of the targets whatever order they finish
 * in, so output is stable; no thread runs more than WINDOW posts ahead of the
 * last one reported, so memory stays flat however many posts there are.
 * Writes run on libuv's thread pool while the next post is cleaned.
 *
 * Open files are bounded: each thread has at most IN_FLIGHT writes open, and
 * there are no more workers than the open-file limit leaves room for. Once
 * `signal` aborts (Ctrl-C), nothing more is written: workers are stopped,
 * writes under way remove their temporary files, and those a stopped worker
 * left are removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { commitAsync, failedResult, prepareFile, STREAM_BYTES, type FileResult } from './clean-file.js';
import type { Target } from './files/walk.js';
import { removeTemps, requestStop, resetStop, shareStopFlag, syncFolders, tempFolder, writesSettled } from './files/write-atomic.js';
import { fileSettings, type JobSettings } from './job.js';

/** Posts cleaned but not yet written and reported, per thread. */
export const IN_FLIGHT = 8;
/** How far ahead of the last reported post any thread may run. */
export const WINDOW = 256;
/** Runs of fewer posts never start workers. */
export const WORKER_THRESHOLD = 64;
/** With the default jobs, workers join only if the rest of the run looks longer than this. */
const WORTH_STARTING_MS = 800;
/** ...judged after this long on this thread. */
const JUDGE_AFTER_MS = 100;

/** Open files a worker may hold: its event loop's own, its writes in flight, a read, a folder sync. */
const FILES_PER_WORKER = IN_FLIGHT + 8;
/** Open files node and this thread hold before any post: stdio, the event loop, the bundle, its cache, writes. */
const FILES_RESERVED = 32 + IN_FLIGHT;

export interface RunnerOptions {
  /**
   * Threads that clean posts, this one included (1: this thread only). Given,
   * they all start at once. Default: as many as the cores, the workers
   * joining only when the run proves long enough to be worth their start-up.
   */
  jobs?: number;
  onResult(result: FileResult, index: number): void;
  /** Bytes done in a big post being cleaned on this thread. */
  onProgress?(display: string, done: number, total: number): void;
  /** Something about the run itself (workers that could not start). */
  onNotice?(message: string): void;
  /** Aborted: stop writing, clean up, and come back; posts not yet reported are not reported. */
  signal?: AbortSignal;
}

/** The soft limit on open files (Linux: /proc/self/limits); Infinity where it cannot be read. */
export function openFileLimit(): number {
  try {
    const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((row) => row.startsWith('Max open files'));
    const soft = Number(line?.split(/\s{2,}/)[1]);
    return Number.isFinite(soft) && soft > 0 ? soft : Infinity;
  } catch {
    return Infinity;
  }
}

/** No more workers than the open-file limit leaves room for (1: this thread only). */
export function jobsWithin(jobs: number, fileLimit = openFileLimit()): number {
  return Math.max(1, Math.min(jobs, Math.floor((fileLimit - FILES_RESERVED) / FILES_PER_WORKER)));
}

/** The worker script: the bundle names its loader; the plain build uses worker.js beside this file. */
function workerUrl(): URL {
  return new URL(process.env.BLOGFIX_WORKER_SCRIPT_ ?? './worker.js', import.meta.url);
}

/** Posts this big are never cleaned on the main thread (see onOwnWorker). */
export const BIG_POST_BYTES = STREAM_BYTES;

/** The stat of a post, or undefined (prepareFile then stats it again and says why it cannot). */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** The first line of what a worker threw, for a message. */
function reasonOf(error: unknown): string {
  const { code, message } = (error ?? {}) as NodeJS.ErrnoException;
  return String(code ?? message ?? error).split('\n')[0]!;
}

export async function runTargets(targets: readonly Target[], job: JobSettings, options: RunnerOptions): Promise<void> {
  const total = targets.length;
  const { signal } = options;
  const aborted = () => signal?.aborted === true;
  // [next post to claim, posts reported]
  const counters = new Int32Array(new SharedArrayBuffer(8));
  // one stop flag for every thread of the run, a big post's worker included
  const stop = new Int32Array(new SharedArrayBuffer(4));
  resetStop();
  shareStopFlag(stop);
  const waiting = new Map<number, FileResult>();
  let reported = 0;
  let wakeUp: (() => void)[] = [];
  // a crashed worker's posts are never reported: then no thread waits on the window any more
  let released = false;
  const release = () => {
    released = true;
    Atomics.store(counters, 1, total + WINDOW);
    Atomics.notify(counters, 1);
    wakeAll();
  };
  const wakeAll = () => {
    for (const wake of wakeUp) wake();
    wakeUp = [];
  };
  const deliver = () => {
    if (aborted()) return;
    const before = reported;
    while (waiting.has(reported)) {
      const result = waiting.get(reported)!;
      waiting.delete(reported);
      options.onResult(result, reported++);
    }
    if (reported === before) return;
    if (!released) Atomics.store(counters, 1, reported);
    Atomics.notify(counters, 1);
    wakeAll();
  };

  const workers: Worker[] = [];
  const exits: Promise<void>[] = [];
  const crashes: string[] = [];
  let toldNotStarted = false;
  const startWorkers = (count: number) => {
    for (let index = 0; index < count && !aborted(); index++) {
      const worker = new Worker(workerUrl(), { workerData: { blogfix: true, targets, job, counters, stop, window: WINDOW, inFlight: IN_FLIGHT } });
      let online = false;
      workers.push(worker);
      exits.push(
        new Promise<void>((resolve) => {
          worker.on('message', (batch: { index: number; result: FileResult }[]) => {
            // the first message, empty, says the worker is running
            online = true;
            for (const { index: at, result } of batch) waiting.set(at, result);
            deliver();
          });
          worker.on('error', (error: unknown) => {
            if (online) crashes.push(reasonOf(error));
            else if (!toldNotStarted) {
              toldNotStarted = true;
              options.onNotice?.(`the worker threads could not start (${reasonOf(error)}); the posts are cleaned in the main thread`);
            }
          });
          worker.on('exit', (code) => {
            if (code !== 0 && online) release();
            resolve();
          });
        }),
      );
    }
  };
  /**
   * A big post is cleaned on a worker of its own even when this thread would
   * clean it: cleaning is synchronous, and this thread must stay free to
   * notice Ctrl-C (and show progress) while a 100 MB export is cleaned.
   */
  const onOwnWorker = (target: Target, here: () => Promise<FileResult>): Promise<FileResult> => {
    // [next, reported] for a run of one post
    const own = new Int32Array(new SharedArrayBuffer(8));
    const progress = options.onProgress !== undefined;
    const worker = new Worker(workerUrl(), { workerData: { blogfix: true, targets: [target], job, counters: own, stop, window: WINDOW, inFlight: 1, progress } });
    workers.push(worker);
    return new Promise<FileResult>((resolve) => {
      let online = false;
      let result: FileResult | undefined;
      let crash: string | undefined;
      worker.on('message', (message: { index: number; result: FileResult }[] | { done: number; total: number }) => {
        online = true;
        if (Array.isArray(message)) result = message[0]?.result ?? result;
        else options.onProgress?.(target.display, message.done, message.total);
      });
      worker.on('error', (error: unknown) => (crash = reasonOf(error)));
      worker.on('exit', () => {
        if (result) resolve(result);
        // no worker to be had: clean it here after all
        else if (!online && !aborted()) resolve(here());
        else resolve(failedResult(target.display, `internal error: a worker thread stopped (${crash ?? 'it stopped'}); left untouched`));
      });
    });
  };
  const onAbort = () => {
    // writes under way see it at once, wherever they are
    requestStop();
    for (const worker of workers) void worker.terminate();
    wakeAll();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const wanted = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), 64, total));
    // the open-file limit is read only when there are workers to fit under it
    const threads = wanted > 1 ? jobsWithin(wanted) : 1;
    let judged = options.jobs !== undefined || threads === 1 || total < WORKER_THRESHOLD;
    if (options.jobs !== undefined && threads > 1) startWorkers(threads - 1);

    // this thread cleans too
    const settings = fileSettings(job);
    const inflight = new Set<Promise<void>>();
    const started = performance.now();
    let cleanedHere = 0;
    while (!aborted()) {
      const index = Atomics.add(counters, 0, 1);
      if (index >= total) break;
      while (index - reported > WINDOW && !released && !aborted()) await new Promise<void>((wake) => wakeUp.push(wake));
      if (aborted()) break;
      const target = targets[index]!;
      const onProgress = options.onProgress && ((done: number, size: number) => options.onProgress!(target.display, done, size));
      // cleaning is synchronous; the write goes on in the background while the next post is cleaned
      const stat = statOf(target.file);
      const here = () => commitAsync(prepareFile(target, { ...settings, onProgress }, stat));
      const big = stat !== undefined && stat.isFile() && stat.size >= BIG_POST_BYTES;
      const done = (big ? onOwnWorker(target, here) : here()).then((result) => {
        waiting.set(index, result);
        deliver();
      });
      inflight.add(done);
      void done.finally(() => inflight.delete(done));
      if (inflight.size >= IN_FLIGHT) await Promise.race(inflight);
      if (big) continue;
      cleanedHere++;
      const elapsed = performance.now() - started;
      if (!judged && elapsed > JUDGE_AFTER_MS) {
        judged = true;
        const remaining = total - index - 1;
        if ((remaining * elapsed) / cleanedHere > WORTH_STARTING_MS) startWorkers(threads - 1);
      }
    }
    await Promise.all(inflight);
    await Promise.all(exits);

    const claimed = Math.min(Atomics.load(counters, 0), total);
    if (aborted()) {
      // every thread has stopped: whatever was left half-written goes
      await writesSettled();
      removeTemps(targets.slice(0, claimed).map((target) => tempFolder(target.file)));
      return;
    }
    // a post a crashed worker held is reported as failed, never silently dropped
    const held: number[] = [];
    for (let index = reported; index < total; index++) if (!waiting.has(index)) held.push(index);
    if (held.length > 0) {
      removeTemps(held.map((index) => tempFolder(targets[index]!.file)));
      const reason = crashes.length ? [...new Set(crashes)].join(', ') : 'it stopped';
      for (const index of held) waiting.set(index, failedResult(targets[index]!.display, `internal error: a worker thread stopped (${reason}); left untouched`));
    }
    deliver();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    syncFolders();
  }
}
