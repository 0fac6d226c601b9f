/**
 * Clean many posts: in this thread for a few, on worker threads for many.
 * Results come back in the order of the targets whatever order they finish
 * in, so output is stable. Writes run on libuv's thread pool while the next
 * post is cleaned; at most WINDOW posts are ahead of the last one reported,
 * so memory stays flat however many posts there are.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { commitAsync, failedResult, prepareFile, type FileResult } from './clean-file.js';
import type { Target } from './files/walk.js';
import { syncFolders } from './files/write-atomic.js';
import { fileSettings, type JobSettings } from './job.js';

/** Posts in flight (cleaned, not yet reported) per thread, and overall. */
export const IN_FLIGHT = 8;
export const WINDOW = 256;

/** Fewer posts than this are cleaned in this thread: starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 64;

export interface RunnerOptions {
  /** Worker threads; 1 cleans in this thread. Default: from the cores and the number of posts. */
  jobs?: number;
  onResult(result: FileResult, index: number): void;
  /** Bytes done in a big post being cleaned in this thread. */
  onProgress?(display: string, done: number, total: number): void;
}

export function defaultJobs(targets: number): number {
  if (targets < WORKER_THRESHOLD) return 1;
  return Math.max(1, Math.min(os.availableParallelism(), 8, Math.ceil(targets / WORKER_THRESHOLD)));
}

/** The worker script: the bundle names its own; the plain build uses worker.js beside this file. */
function workerUrl(): URL {
  return new URL(process.env.BLOGFIX_WORKER_SCRIPT_ ?? './worker.js', import.meta.url);
}

async function inThisThread(targets: readonly Target[], job: JobSettings, options: RunnerOptions): Promise<void> {
  const settings = fileSettings(job);
  const inflight: Promise<FileResult>[] = [];
  let reported = 0;
  for (const target of targets) {
    const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(target.display, done, total));
    // cleaning is synchronous; the write goes on in the background while the next post is cleaned
    inflight.push(commitAsync(prepareFile(target, { ...settings, onProgress })));
    while (inflight.length >= IN_FLIGHT) options.onResult(await inflight.shift()!, reported++);
  }
  while (inflight.length > 0) options.onResult(await inflight.shift()!, reported++);
}

async function onWorkers(targets: readonly Target[], job: JobSettings, jobs: number, options: RunnerOptions): Promise<void> {
  // [next index to claim, number of results reported]
  const counters = new Int32Array(new SharedArrayBuffer(8));
  const waiting = new Map<number, FileResult>();
  let reported = 0;
  const deliver = () => {
    while (waiting.has(reported)) {
      const result = waiting.get(reported)!;
      waiting.delete(reported);
      options.onResult(result, reported++);
    }
    Atomics.store(counters, 1, reported);
    Atomics.notify(counters, 1);
  };
  const crashes: string[] = [];
  await Promise.all(
    Array.from({ length: jobs }, () => {
      const worker = new Worker(workerUrl(), { workerData: { blogfix: true, targets, job, counters, window: WINDOW, inFlight: IN_FLIGHT } });
      return new Promise<void>((resolve) => {
        worker.on('message', (batch: { index: number; result: FileResult }[]) => {
          for (const { index, result } of batch) waiting.set(index, result);
          deliver();
        });
        worker.on('error', (error) => crashes.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
        worker.on('exit', () => resolve());
      });
    }),
  );
  // a post a crashed worker held is reported as failed, never silently dropped
  for (let index = reported; index < targets.length; index++) {
    if (!waiting.has(index)) waiting.set(index, failedResult(targets[index]!.display, `internal error: ${crashes[0] ?? 'a worker stopped'}`));
  }
  deliver();
}

export async function runTargets(targets: readonly Target[], job: JobSettings, options: RunnerOptions): Promise<void> {
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(targets.length), targets.length || 1));
  try {
    if (jobs === 1) await inThisThread(targets, job, options);
    else await onWorkers(targets, job, jobs, options);
  } finally {
    syncFolders();
  }
}
