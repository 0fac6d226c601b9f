/**
 * Clean many posts, on this thread and, when a run proves long, on worker
 * threads too. Every thread claims the next post from a shared counter.
 * Results are reported in the order of the targets whatever order they finish
 * in, so output is stable; no thread runs more than WINDOW posts ahead of the
 * last one reported, so memory stays flat however many posts there are.
 * Writes run on libuv's thread pool while the next post is cleaned.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { commitAsync, failedResult, prepareFile, type FileResult } from './clean-file.js';
import type { Target } from './files/walk.js';
import { syncFolders } from './files/write-atomic.js';
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
}

/** The worker script: the bundle names its loader; the plain build uses worker.js beside this file. */
function workerUrl(): URL {
  return new URL(process.env.BLOGFIX_WORKER_SCRIPT_ ?? './worker.js', import.meta.url);
}

export async function runTargets(targets: readonly Target[], job: JobSettings, options: RunnerOptions): Promise<void> {
  const total = targets.length;
  // [next post to claim, posts reported]
  const counters = new Int32Array(new SharedArrayBuffer(8));
  const waiting = new Map<number, FileResult>();
  let reported = 0;
  let wakeUp: (() => void)[] = [];
  const deliver = () => {
    const before = reported;
    while (waiting.has(reported)) {
      const result = waiting.get(reported)!;
      waiting.delete(reported);
      options.onResult(result, reported++);
    }
    if (reported === before) return;
    Atomics.store(counters, 1, reported);
    Atomics.notify(counters, 1);
    for (const wake of wakeUp) wake();
    wakeUp = [];
  };

  const workers: Promise<void>[] = [];
  const crashes: string[] = [];
  const startWorkers = (count: number) => {
    for (let index = 0; index < count; index++) {
      const worker = new Worker(workerUrl(), { workerData: { blogfix: true, targets, job, counters, window: WINDOW, inFlight: IN_FLIGHT } });
      workers.push(
        new Promise<void>((resolve) => {
          worker.on('message', (batch: { index: number; result: FileResult }[]) => {
            for (const { index: at, result } of batch) waiting.set(at, result);
            deliver();
          });
          worker.on('error', (error) => crashes.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
          worker.on('exit', () => resolve());
        }),
      );
    }
  };
  const threads = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), 64));
  let judged = options.jobs !== undefined || threads === 1 || total < WORKER_THRESHOLD;
  if (options.jobs !== undefined && threads > 1 && total > 1) startWorkers(Math.min(threads - 1, total - 1));

  // this thread cleans too
  const settings = fileSettings(job);
  const inflight = new Set<Promise<void>>();
  const started = performance.now();
  let cleanedHere = 0;
  for (;;) {
    const index = Atomics.add(counters, 0, 1);
    if (index >= total) break;
    while (index - reported > WINDOW) await new Promise<void>((wake) => wakeUp.push(wake));
    const target = targets[index]!;
    const onProgress = options.onProgress && ((done: number, size: number) => options.onProgress!(target.display, done, size));
    // cleaning is synchronous; the write goes on in the background while the next post is cleaned
    const done = commitAsync(prepareFile(target, { ...settings, onProgress })).then((result) => {
      waiting.set(index, result);
      deliver();
    });
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
    if (inflight.size >= IN_FLIGHT) await Promise.race(inflight);
    cleanedHere++;
    const elapsed = performance.now() - started;
    if (!judged && elapsed > JUDGE_AFTER_MS) {
      judged = true;
      const remaining = total - index - 1;
      if ((remaining * elapsed) / cleanedHere > WORTH_STARTING_MS) startWorkers(threads - 1);
    }
  }
  await Promise.all(inflight);
  await Promise.all(workers);
  // a post a crashed worker held is reported as failed, never silently dropped
  for (let index = reported; index < total; index++) {
    if (!waiting.has(index)) waiting.set(index, failedResult(targets[index]!.display, `internal error: ${crashes[0] ?? 'a worker stopped'}`));
  }
  deliver();
  syncFolders();
}
