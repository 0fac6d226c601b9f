/**
 * The exit code, as prettier and eslint use them: 2 when any file failed,
 * else 1 when --dry-run or --check found a file to change, else 0.
 */
import type { FileResult, Mode } from './clean-file.js';

export const EXIT_OK = 0;
export const EXIT_CHANGES = 1;
export const EXIT_ERROR = 2;

export function exitCode(results: readonly Pick<FileResult, 'status'>[], mode: Mode): number {
  if (results.some((result) => result.status === 'failed')) return EXIT_ERROR;
  if (mode !== 'write' && results.some((result) => result.status === 'changed')) return EXIT_CHANGES;
  return EXIT_OK;
}
