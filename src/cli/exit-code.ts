/**
 * The exit code, as prettier and eslint use them: 2 when any file failed,
 * else 1 when --dry-run or --check found a file to change, else 0. A run
 * stopped by a signal exits as shells expect: 128 + the signal's number
 * (130 for Ctrl-C).
 */
import os from 'node:os';
import type { FileResult, Mode } from '../engine/clean-file.js';

export const EXIT_OK = 0;
export const EXIT_CHANGES = 1;
export const EXIT_ERROR = 2;

export function exitForSignal(signal: unknown): number {
  const number = typeof signal === 'string' ? os.constants.signals[signal as NodeJS.Signals] : undefined;
  return 128 + (number ?? os.constants.signals.SIGINT);
}

export function exitCode(results: readonly Pick<FileResult, 'status'>[], mode: Mode): number {
  if (results.some((result) => result.status === 'failed')) return EXIT_ERROR;
  if (mode !== 'write' && results.some((result) => result.status === 'changed')) return EXIT_CHANGES;
  return EXIT_OK;
}
