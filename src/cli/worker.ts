/**
 * A worker thread of the runner's pool (piscina): each task is one post to
 * read, clean and write. The task's promise settles only once the post is
 * written (or has failed), so the pool never sees a post as done before it
 * is; the folders it renamed posts in go back with the result, for the main
 * thread to sync once each at the end of the run.
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { commitAsync, failedResult, prepareFile, type FileResult } from '../engine/clean-file.js';
import type { Target } from '../files/walk.js';
import { shareStopFlag, stopRequested, takeFoldersToSync } from '../files/write-atomic.js';
import type { FileSettings } from '../engine/clean-file.js';
import { fileSettings, type JobSettings } from './job.js';

export interface WorkerData {
  blogfix: true;
  job: JobSettings;
  /** The run's stop flag (see write-atomic.ts). */
  stop: Int32Array;
}

export interface CleanTask {
  target: Target;
  /** Where to send bytes progress for a big post. */
  progress?: MessagePort;
}

export interface CleanTaskResult {
  result: FileResult;
  /** Folders a post was renamed in, not yet synced. */
  folders: string[];
}

let settings: FileSettings | undefined;

export default async function cleanTask(task: CleanTask): Promise<CleanTaskResult> {
  if (!settings) {
    const data = workerData as WorkerData;
    shareStopFlag(data.stop);
    settings = fileSettings(data.job);
  }
  const { target, progress } = task;
  if (stopRequested()) return { result: failedResult(target.display, 'not cleaned: the run was interrupted'), folders: [] };
  let last = 0;
  const onProgress = progress
    ? (done: number, size: number) => {
        const now = performance.now();
        if (now - last < 50 && done < size) return;
        last = now;
        progress.postMessage({ done, size });
      }
    : undefined;
  try {
    const result = await commitAsync(prepareFile(target, { ...settings, onProgress }));
    return { result, folders: takeFoldersToSync() };
  } finally {
    progress?.close();
  }
}
