/**
 * `blogfix clean`: expand the paths, clean each post, write or print, and
 * come back with the exit code (0 nothing to do or all written, 1 changes
 * found by --dry-run or --check, 2 some file failed). One file failing never
 * stops the others.
 */
import type { FileResult, Mode } from './clean-file.js';
import type { EncodingName } from './encoding.js';
import { exitCode, exitForSignal } from './exit-code.js';
import { expandPaths } from './files/walk.js';
import type { JobSettings } from './job.js';
import { selectPasses } from './passes/index.js';
import { colorsFor } from './report/color.js';
import { colorPatch } from './report/patch.js';
import { addToTotals, emptyTotals, fileMessages, formatSummary } from './report/summary.js';
import { runTargets } from './runner.js';

export interface Output {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface Streams {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
}

export interface RunSettings {
  paths: readonly string[];
  mode: Mode;
  only?: readonly string[];
  skip?: readonly string[];
  encoding?: EncodingName;
  /** Errors only on stderr. */
  quiet?: boolean;
  /** Force colour on or off; default: decided per stream. */
  color?: boolean;
  /** Worker threads (1: none); default from the cores and the number of posts. */
  jobs?: number;
  /**
   * Aborting it (the command line does on Ctrl-C, with the signal's name as
   * the reason) stops the run: nothing more is written, no temporary file is
   * left, and the exit code is 128 + the signal's number.
   */
  signal?: AbortSignal;
}

export async function runClean(settings: RunSettings, streams: Streams): Promise<number> {
  selectPasses(settings.only, settings.skip); // unknown names fail here, before any work
  const out = colorsFor(streams.stdout, streams.env, settings.color);
  const err = colorsFor(streams.stderr, streams.env, settings.color);
  const quiet = settings.quiet ?? false;
  const totals = emptyTotals();
  const results: Pick<FileResult, 'status'>[] = [];

  const walked = expandPaths(settings.paths);
  for (const error of walked.errors) {
    streams.stderr.write(`${err.underline(error.display)}\n  ${err.red('error')}    ${error.message}\n`);
    results.push({ status: 'failed' });
    totals.failed++;
  }
  const job: JobSettings = { mode: settings.mode, only: settings.only, skip: settings.skip, encoding: settings.encoding, keepFixes: false };
  await runTargets(walked.targets, job, {
    jobs: settings.jobs,
    signal: settings.signal,
    onNotice(message) {
      if (!quiet) streams.stderr.write(`blogfix: ${message}\n`);
    },
    onResult(result) {
      addToTotals(totals, result);
      results.push(result);
      if (result.patch) streams.stdout.write(out.isColorSupported ? colorPatch(result.patch, out) : result.patch);
      if (settings.mode === 'check' && result.status === 'changed') streams.stdout.write(`${result.display}\n`);
      const messages = fileMessages(result, err, quiet);
      if (messages) streams.stderr.write(messages);
    },
  });
  if (!quiet) streams.stderr.write(formatSummary(totals, settings.mode, err));
  if (settings.signal?.aborted) {
    const reason = String(settings.signal.reason);
    streams.stderr.write(
      `blogfix: ${err.red(`interrupted${/^SIG[A-Z]+$/.test(reason) ? ` by ${reason}` : ''}`)}: every post is either as it was or fully cleaned ` +
        '(none is half-written, no temporary file is left); run it again to finish\n',
    );
    return exitForSignal(reason);
  }
  return exitCode(results, settings.mode);
}
