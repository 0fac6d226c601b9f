/**
 * A worker thread of the runner: claim the next post, clean it, write it
 * (overlapping with the next), and send its result back. It waits when it is
 * WINDOW posts ahead of the last one reported.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { commitAsync, prepareFile, type FileResult } from './clean-file.js';
import type { Target } from './files/walk.js';
import { shareStopFlag, stopRequested, syncFolders } from './files/write-atomic.js';
import { fileSettings, type JobSettings } from './job.js';

interface WorkerData {
  blogfix: true;
  targets: Target[];
  job: JobSettings;
  /** [next index to claim, results reported] */
  counters: Int32Array;
  /** The run's stop flag (see write-atomic.ts). */
  stop: Int32Array;
  window: number;
  inFlight: number;
  /** Send bytes progress for the post being cleaned. */
  progress?: boolean;
}

export async function workerLoop(data: WorkerData): Promise<void> {
  const { targets, counters, window } = data;
  const settings = fileSettings(data.job);
  // an empty batch first: the worker is running
  parentPort!.postMessage([]);
  let lastProgress = 0;
  const onProgress = data.progress
    ? (done: number, total: number) => {
        const now = performance.now();
        if (now - lastProgress < 50 && done < total) return;
        lastProgress = now;
        parentPort!.postMessage({ done, total });
      }
    : undefined;
  shareStopFlag(data.stop);
  const inflight = new Set<Promise<void>>();
  // results go back in small batches: one message per post costs more than the post
  let batch: { index: number; result: FileResult }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (batch.length === 0) return;
    parentPort!.postMessage(batch);
    batch = [];
  };
  const send = (index: number, result: FileResult) => {
    batch.push({ index, result });
    if (batch.length >= 16) flush();
    else timer ??= setTimeout(flush, 20);
  };
  for (;;) {
    if (stopRequested()) break;
    const index = Atomics.add(counters, 0, 1);
    if (index >= targets.length) break;
    for (let reported = Atomics.load(counters, 1); index - reported > window; reported = Atomics.load(counters, 1)) {
      flush();
      const wait = Atomics.waitAsync(counters, 1, reported, 1000);
      if (wait.async) await wait.value;
    }
    const done = commitAsync(prepareFile(targets[index]!, { ...settings, onProgress })).then((result: FileResult) => send(index, result));
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
    if (inflight.size >= data.inFlight) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  flush();
  syncFolders();
}

if (!isMainThread && (workerData as WorkerData | undefined)?.blogfix) {
  void workerLoop(workerData as WorkerData);
}
