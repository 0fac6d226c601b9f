/**
 * Clean many posts: in this thread for a few, on worker threads for many.
 * Results come back in the order of the targets whatever order they finish
 * in, so output is stable. Writes run on libuv's thread pool while the next
 * post is cleaned; at most WINDOW posts are ahead of the last one reported,
 * so memory stays flat however many posts there are.
 *
 * Open files are bounded: each thread has at most IN_FLIGHT writes open, and
 * there are no more workers than the open-file limit leaves room for. Posts a
 * worker could not start on are cleaned in this thread. Once `signal` aborts
 * (Ctrl-C), nothing more is written: workers are stopped, writes under way
 * remove their temporary files, and those a stopped worker left are removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { commitAsync, failedResult, prepareFile, type FileResult } from './clean-file.js';
import type { Target } from './files/walk.js';
import { removeTemps, requestStop, resetStop, shareStopFlag, syncFolders, tempFolder, writesSettled } from './files/write-atomic.js';
import { fileSettings, type JobSettings } from './job.js';

/** Posts in flight (cleaned, not yet reported) per thread, and overall. */
export const IN_FLIGHT = 8;
export const WINDOW = 256;

/** Fewer posts than this are cleaned in this thread: starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 64;

/** Open files a worker may hold: its event loop's own, its writes in flight, a read, a folder sync. */
const FILES_PER_WORKER = IN_FLIGHT + 8;
/** Open files node and this thread hold before any post: stdio, the event loop, the bundle, its cache, writes. */
const FILES_RESERVED = 32 + IN_FLIGHT;

export interface RunnerOptions {
  /** Worker threads; 1 cleans in this thread. Default: from the cores and the number of posts. */
  jobs?: number;
  onResult(result: FileResult, index: number): void;
  /** Bytes done in a big post being cleaned in this thread. */
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

export function defaultJobs(targets: number): number {
  if (targets < WORKER_THRESHOLD) return 1;
  return Math.max(1, Math.min(os.availableParallelism(), 8, Math.ceil(targets / WORKER_THRESHOLD)));
}

/** No more workers than the open-file limit leaves room for (1: this thread only). */
export function jobsWithin(jobs: number, fileLimit = openFileLimit()): number {
  return Math.max(1, Math.min(jobs, Math.floor((fileLimit - FILES_RESERVED) / FILES_PER_WORKER)));
}

/** The worker script: the bundle names its own; the plain build uses worker.js beside this file. */
function workerUrl(): URL {
  return new URL(process.env.BLOGFIX_WORKER_SCRIPT_ ?? './worker.js', import.meta.url);
}

/** Stop writing and remove the temporary files of these posts' folders. */
async function stopAndClean(targets: Iterable<Target>): Promise<void> {
  requestStop();
  await writesSettled();
  removeTemps([...targets].map((target) => tempFolder(target.file)));
}

/** Clean the posts at `indexes` here, a few writes overlapping; each result goes to `deliver` in order. */
async function inThisThread(
  targets: readonly Target[],
  indexes: Iterable<number>,
  job: JobSettings,
  options: RunnerOptions,
  deliver: (result: FileResult, index: number) => void,
): Promise<void> {
  const settings = fileSettings(job);
  const inflight: [number, Promise<FileResult>][] = [];
  const aborted = () => options.signal?.aborted === true;
  const next = async () => {
    const [index, pending] = inflight.shift()!;
    const result = await pending;
    if (!aborted()) deliver(result, index);
  };
  for (const index of indexes) {
    if (aborted()) break;
    const target = targets[index]!;
    const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(target.display, done, total));
    // cleaning is synchronous; the write goes on in the background while the next post is cleaned
    inflight.push([index, commitAsync(prepareFile(target, { ...settings, onProgress }))]);
    while (inflight.length >= IN_FLIGHT) await next();
  }
  while (inflight.length > 0) await next();
}

async function onWorkers(targets: readonly Target[], job: JobSettings, jobs: number, options: RunnerOptions): Promise<void> {
  // [next index to claim, number of results reported, stop]
  const counters = new Int32Array(new SharedArrayBuffer(12));
  shareStopFlag(counters.subarray(2, 3));
  const waiting = new Map<number, FileResult>();
  let reported = 0;
  const deliver = () => {
    if (options.signal?.aborted) return;
    while (waiting.has(reported)) {
      const result = waiting.get(reported)!;
      waiting.delete(reported);
      options.onResult(result, reported++);
    }
    Atomics.store(counters, 1, reported);
    Atomics.notify(counters, 1);
  };
  const workers: Worker[] = [];
  const failures: string[] = [];
  const onAbort = () => {
    for (const worker of workers) void worker.terminate();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  await Promise.all(
    Array.from({ length: jobs }, () => {
      const worker = new Worker(workerUrl(), { workerData: { blogfix: true, targets, job, counters, window: WINDOW, inFlight: IN_FLIGHT } });
      workers.push(worker);
      return new Promise<void>((resolve) => {
        worker.on('message', (batch: { index: number; result: FileResult }[]) => {
          for (const { index, result } of batch) waiting.set(index, result);
          deliver();
        });
        worker.on('error', (error: unknown) => {
          const { code, message } = (error ?? {}) as NodeJS.ErrnoException;
          failures.push(String(code ?? message ?? error).split('\n')[0]!);
        });
        worker.on('exit', () => resolve());
      });
    }),
  );
  options.signal?.removeEventListener('abort', onAbort);
  // every worker is gone: whatever they left half-written goes
  const claimed = Math.min(Atomics.load(counters, 0), targets.length);
  if (options.signal?.aborted) {
    await stopAndClean(targets.slice(0, claimed));
    return;
  }
  const held: number[] = [];
  for (let index = reported; index < claimed; index++) if (!waiting.has(index)) held.push(index);
  if (held.length > 0) {
    // a worker that stopped mid-run: its posts are reported failed, never silently dropped
    removeTemps(held.map((index) => tempFolder(targets[index]!.file)));
    const reason = failures.length ? [...new Set(failures)].join(', ') : 'it stopped';
    for (const index of held) waiting.set(index, failedResult(targets[index]!.display, `internal error: a worker thread stopped (${reason}); left untouched`));
  }
  if (claimed < targets.length) {
    // workers that could not start (or stopped) left posts unclaimed: they are cleaned here
    options.onNotice?.(
      `the worker threads stopped before taking every post (${[...new Set(failures)].join(', ') || 'no reason given'}); the other ${targets.length - claimed} are cleaned in the main thread`,
    );
    const rest = Array.from({ length: targets.length - claimed }, (_, offset) => claimed + offset);
    await inThisThread(targets, rest, job, options, (result, index) => {
      waiting.set(index, result);
      deliver();
    });
    if (options.signal?.aborted) {
      await stopAndClean(targets);
      return;
    }
  }
  deliver();
}

export async function runTargets(targets: readonly Target[], job: JobSettings, options: RunnerOptions): Promise<void> {
  const wanted = Math.max(1, Math.min(options.jobs ?? defaultJobs(targets.length), targets.length || 1));
  // the open-file limit is read only when there are workers to fit under it
  const jobs = wanted > 1 ? jobsWithin(wanted) : 1;
  resetStop();
  // writes under way see it at once, wherever they are
  options.signal?.addEventListener('abort', requestStop, { once: true });
  try {
    if (jobs === 1) {
      let reported = 0;
      await inThisThread(targets, targets.keys(), job, options, (result) => options.onResult(result, reported++));
      if (options.signal?.aborted) await stopAndClean(targets.slice(0, reported + IN_FLIGHT));
    } else await onWorkers(targets, job, jobs, options);
  } finally {
    options.signal?.removeEventListener('abort', requestStop);
    syncFolders();
  }
}
