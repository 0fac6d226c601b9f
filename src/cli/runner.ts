/**
 * Clean many posts and report each one, in the order of the targets.
 *
 * A short run (or --jobs 1) cleans on this thread, writing each post on
 * libuv's thread pool while the next one is cleaned. A long run hands its
 * posts to a pool of worker threads (piscina): one task per post, each task a
 * promise that the pool settles, with the post's result or with the reason
 * its worker died. Nothing here waits on shared memory, so no thread can stop
 * while holding a post: every post claimed is either reported or failed.
 *
 * Results are reported in the order of the targets whatever order they
 * finish in; no post is started more than WINDOW posts ahead of the last one
 * reported, so memory stays flat however many posts there are. A post of
 * BIG_POST_BYTES or more is always cleaned on a worker, so this thread stays
 * free to notice Ctrl-C while a 100 MB export is cleaned.
 *
 * Open files are bounded: each thread has at most IN_FLIGHT posts open, and
 * there are no more workers than the open-file limit leaves room for. Once
 * `signal` aborts (Ctrl-C), nothing more is written: the stop flag reaches
 * every thread, the pool is destroyed, writes under way remove their
 * temporary files, and those a stopped worker left are removed.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import type { Piscina } from 'piscina';
import { commitAsync, failedResult, prepareFile, STREAM_BYTES, type FileResult } from '../engine/clean-file.js';
import type { Target } from '../files/walk.js';
import { removeTemps, requestStop, resetStop, shareStopFlag, syncFolders, tempFolder, writesSettled } from '../files/write-atomic.js';
import { fileSettings, type JobSettings } from './job.js';
import type { CleanTask, CleanTaskResult, WorkerData } from './worker.js';

/** Posts cleaned but not yet written and reported, per thread. */
export const IN_FLIGHT = 8;
/** How far ahead of the last reported post any post may be started. */
export const WINDOW = 256;
/** With the default jobs, runs of fewer posts are cleaned on this thread (workers would not pay for their start). */
export const WORKER_THRESHOLD = 64;

/** Open files a worker may hold: its event loop's own, its writes in flight, a read, a folder sync. */
const FILES_PER_WORKER = IN_FLIGHT + 8;
/** Open files node and this thread hold before any post: stdio, the event loop, the bundle, its cache, writes. */
const FILES_RESERVED = 32 + IN_FLIGHT;

export interface RunnerOptions {
  /**
   * Threads that clean posts (1: this thread only). Default: as many as the
   * cores for a long run, this thread only for a short one.
   */
  jobs?: number;
  /** Called once for every target, in the order of the targets (`index` is its place). */
  onResult(result: FileResult, index: number): void;
  /** Bytes done in a big post. */
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
function workerFile(): string {
  return fileURLToPath(new URL(process.env.BLOGFIX_WORKER_SCRIPT_ ?? './worker.js', import.meta.url));
}

/** Posts this big are never cleaned on the main thread. */
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

/** piscina, loaded only by a run that needs workers (a one-post run never does). */
let piscina: typeof Piscina | undefined;
function loadPiscina(): typeof Piscina {
  const loaded = createRequire(import.meta.url)('piscina') as typeof Piscina & { Piscina?: typeof Piscina };
  piscina ??= loaded.Piscina ?? loaded;
  return piscina;
}

export async function runTargets(targets: readonly Target[], job: JobSettings, options: RunnerOptions): Promise<void> {
  const total = targets.length;
  const { signal } = options;
  const aborted = () => signal?.aborted === true;
  // one stop flag for every thread of the run
  const stop = new Int32Array(new SharedArrayBuffer(4));
  resetStop();
  shareStopFlag(stop);

  // in order: a result waits here until every post before it is reported
  const waiting = new Map<number, FileResult>();
  let reported = 0;
  let wakeUp: (() => void)[] = [];
  const wakeAll = () => {
    const waiters = wakeUp;
    wakeUp = [];
    for (const wake of waiters) wake();
  };
  const settle = (index: number, result: FileResult) => {
    waiting.set(index, result);
    if (aborted()) return;
    const before = reported;
    while (waiting.has(reported)) {
      const next = waiting.get(reported)!;
      waiting.delete(reported);
      options.onResult(next, reported++);
    }
    if (reported !== before) wakeAll();
  };
  const slot = () => new Promise<void>((wake) => wakeUp.push(wake));

  const wanted = Math.max(1, Math.min(options.jobs ?? os.availableParallelism(), 64, total));
  // the open-file limit is read only when there are workers to fit under it
  const threads = wanted > 1 ? jobsWithin(wanted) : 1;
  const onPool = threads > 1 && (options.jobs !== undefined || total >= WORKER_THRESHOLD);

  let pool: Piscina | undefined;
  let destroying: Promise<void> | undefined;
  const destroyPool = (): Promise<void> => (pool ? (destroying ??= pool.destroy()) : Promise.resolve());
  let poolWorks = false;
  let poolFailed: string | undefined;
  const foldersWritten = new Set<string>();
  const startPool = (size: number): Piscina | undefined => {
    if (pool || poolFailed !== undefined) return pool;
    const filename = workerFile();
    if (!fs.existsSync(filename)) {
      poolFailed = `no worker script at ${filename}`;
      options.onNotice?.(`the worker threads could not start (${poolFailed}); the posts are cleaned in the main thread`);
      return undefined;
    }
    const data: WorkerData = { blogfix: true, job, stop };
    const Pool = loadPiscina();
    pool = new Pool({
      filename: pathToFileURL(filename).href,
      minThreads: size,
      maxThreads: size,
      // a worker cleans one post while it writes the ones before
      concurrentTasksPerWorker: IN_FLIGHT,
      // plain messages: no Atomics.wait loop in the workers
      atomics: 'disabled',
      idleTimeout: 60_000,
      workerData: data,
    });
    return pool;
  };
  /** A worker could not start at all: say so once, and clean on this thread from now on. */
  const giveUpPool = (error: unknown) => {
    if (poolFailed !== undefined) return;
    poolFailed = reasonOf(error);
    options.onNotice?.(`the worker threads could not start (${poolFailed}); the posts are cleaned in the main thread`);
    void destroyPool();
    pool = undefined;
  };

  const settings = fileSettings(job);
  const here = (target: Target, stat: fs.Stats | undefined, onProgress?: (done: number, size: number) => void): Promise<FileResult> =>
    commitAsync(prepareFile(target, { ...settings, onProgress }, stat));
  const onWorker = async (worker: Piscina, target: Target, stat: fs.Stats | undefined, big: boolean): Promise<FileResult> => {
    const channel = big && options.onProgress ? new MessageChannel() : undefined;
    channel?.port1.on('message', ({ done, size }: { done: number; size: number }) => options.onProgress?.(target.display, done, size));
    const task: CleanTask = { target, progress: channel?.port2 };
    try {
      const reply = (await worker.run(task, channel ? { transferList: [channel.port2] } : {})) as CleanTaskResult;
      poolWorks = true;
      for (const folder of reply.folders) foldersWritten.add(folder);
      return reply.result;
    } catch (error) {
      if (aborted()) return failedResult(target.display, 'not cleaned: the run was interrupted');
      // no worker ever ran a post: the workers cannot start here, so this thread cleans
      if (!poolWorks) {
        giveUpPool(error);
        return here(target, stat);
      }
      // the worker may have died between renaming the cleaned post into place and replying: a new file says so
      const now = statOf(target.file);
      const written = stat !== undefined && now !== undefined && (now.ino !== stat.ino || now.mtimeMs !== stat.mtimeMs || now.size !== stat.size);
      return failedResult(
        target.display,
        written
          ? `internal error: a worker thread stopped (${reasonOf(error)}) after writing this post; it is fully cleaned, run blogfix again to check it`
          : `internal error: a worker thread stopped (${reasonOf(error)}); left untouched`,
      );
    } finally {
      channel?.port1.close();
    }
  };

  const onAbort = () => {
    // writes under way see it at once, on every thread
    requestStop();
    void destroyPool();
    wakeAll();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const inflight = new Set<Promise<void>>();
  // posts on this thread: at most IN_FLIGHT cleaned and not yet written
  let hereInFlight = 0;
  let started = 0;
  try {
    if (onPool) startPool(threads);
    for (let index = 0; index < total && !aborted(); index++) {
      while (index - reported >= WINDOW && !aborted()) await slot();
      if (aborted()) break;
      const target = targets[index]!;
      const stat = statOf(target.file);
      const big = stat !== undefined && stat.isFile() && stat.size >= BIG_POST_BYTES;
      // a big post goes to a worker (a pool of one when this thread cleans the rest)
      const worker = onPool ? pool : big ? startPool(1) : undefined;
      started = index + 1;
      let done: Promise<FileResult>;
      if (worker) done = onWorker(worker, target, stat, big);
      else {
        hereInFlight++;
        const onProgress = options.onProgress && ((bytes: number, size: number) => options.onProgress!(target.display, bytes, size));
        done = here(target, stat, onProgress).finally(() => hereInFlight--);
      }
      const reported$ = done.then(
        (result) => settle(index, result),
        (error: unknown) => settle(index, failedResult(target.display, `internal error: ${reasonOf(error)}; left untouched`)),
      );
      inflight.add(reported$);
      void reported$.finally(() => {
        inflight.delete(reported$);
        wakeAll();
      });
      // this thread cleans synchronously: let its writes catch up before the next post
      while (hereInFlight >= IN_FLIGHT && !aborted()) await slot();
    }
    await Promise.all(inflight);

    if (aborted()) {
      // every thread has stopped: whatever was left half-written goes
      await destroyPool();
      await writesSettled();
      removeTemps(targets.slice(0, started).map((target) => tempFolder(target.file)));
      return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (pool) await destroyPool();
    syncFolders(foldersWritten);
  }
}
