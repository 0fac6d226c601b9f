/**
 * `blogfix clean`: read the configuration, expand the paths (minus what is
 * ignored), clean each post, report in the chosen format, and come back with
 * the exit code (0 nothing to do or all written, 1 changes found by
 * --dry-run or --check, 2 some file failed or the configuration is wrong).
 * One file failing never stops the others.
 */
import { failedResult, type FileResult, type Mode } from './clean-file.js';
import { ConfigError, passChoice, resolveConfig, type LoadedConfig } from './config.js';
import type { EncodingName } from './encoding.js';
import { EXIT_ERROR, exitCode, exitForSignal } from './exit-code.js';
import { createIgnoreFilter, IgnoreFileError, type IgnoreFilter } from './files/ignore.js';
import { expandPaths, POST_EXTENSIONS } from './files/walk.js';
import { removeFiles, staleTemps } from './files/write-atomic.js';
import type { JobSettings } from './job.js';
import { selectPasses } from './passes/index.js';
import { colorsFor } from './report/color.js';
import type { Streams } from './report/output.js';
import { guarded, Progress, wantsProgress } from './report/progress.js';
import { createReporter, type Format, type Reporter } from './report/reporter.js';
import { addToTotals, emptyTotals, formatSummary } from './report/summary.js';
import { runTargets } from './runner.js';
import { cleanStdin } from './stdin.js';
import { version } from './version.js';

export type { Output, Streams } from './report/output.js';

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
  /** Threads cleaning posts (1: no workers); default: the cores, workers joining long runs only. */
  jobs?: number;
  /** What stdout carries (default stylish). */
  format?: Format;
  /** --config FILE; false for --no-config; default: looked up from the cwd. */
  config?: string | false;
  /** Ignore files to read instead of .blogfixignore. */
  ignorePaths?: readonly string[];
  /** A folder with no post in it is an error (exit 2) unless this is false (--no-error-on-unmatched-pattern). */
  errorOnUnmatchedPattern?: boolean;
  /** Clean the post on stdin (named by stdinFilepath) instead of paths. */
  stdin?: boolean;
  stdinFilepath?: string;
  /** Default process.cwd(). */
  cwd?: string;
  /** Progress shows once a run has taken this many milliseconds (default 500). */
  progressAfter?: number;
  /**
   * Aborting it (the command line does on Ctrl-C, with the signal's name as
   * the reason) stops the run: nothing more is written, no temporary file is
   * left, and the exit code is 128 + the signal's number.
   */
  signal?: AbortSignal;
}

/** What the configuration and the command line make of a run. */
interface Plan {
  job: Omit<JobSettings, 'keepFixes'>;
  ignored?: IgnoreFilter;
}

function plan(settings: RunSettings, cwd: string): Plan {
  const loaded: LoadedConfig | undefined = resolveConfig(cwd, settings.config);
  const config = loaded?.config;
  const { only, skip } = passChoice(config, settings.only, settings.skip);
  selectPasses(only, skip); // unknown names fail here, before any work
  const ignored = createIgnoreFilter({
    cwd,
    ignorePaths: settings.ignorePaths,
    patterns: loaded && config?.ignore ? { dir: loaded.dir, patterns: config.ignore } : undefined,
    gitignore: config?.gitignore,
  });
  return {
    job: { mode: settings.mode, only, skip, encoding: settings.encoding, keywordHosts: config?.keywordHosts, pixelPatterns: config?.pixelPatterns },
    ignored,
  };
}

export async function runClean(settings: RunSettings, streams: Streams): Promise<number> {
  const cwd = settings.cwd ?? process.cwd();
  const quiet = settings.quiet ?? false;
  const err = colorsFor(streams.stderr, streams.env, settings.color);
  let planned: Plan;
  try {
    planned = plan(settings, cwd);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof IgnoreFileError)) throw error;
    streams.stderr.write(`blogfix: ${err.red('error')} ${error.message}\n`);
    return EXIT_ERROR;
  }
  const totals = emptyTotals();
  const results: Pick<FileResult, 'status'>[] = [];
  const walked = settings.stdin ? undefined : expandPaths(settings.paths, { ignored: planned.ignored });
  const total = walked?.targets.length ?? 1;
  // even one post gets progress when it is big (the runner reports its bytes); a short run shows nothing
  const progress = !settings.stdin && total > 0 && wantsProgress(streams.stderr, streams.env, quiet) ? new Progress(streams.stderr, total, { after: settings.progressAfter }) : undefined;
  const stdout = guarded(streams.stdout, progress);
  const stderr = guarded(streams.stderr, progress);
  const reporter: Reporter = createReporter(settings.format ?? 'stylish', {
    mode: settings.mode,
    stdout,
    stderr,
    out: colorsFor(streams.stdout, streams.env, settings.color),
    err,
    quiet,
    version,
  });
  const job: JobSettings = { ...planned.job, keepFixes: reporter.keepsFixes };
  const report = (result: FileResult, output?: string) => {
    addToTotals(totals, result);
    results.push(result);
    reporter.result(result, output);
    progress?.tick();
  };

  let stale: string[] = [];
  // the safety net: until every post is accounted for, the run has not passed
  const targets = walked?.targets ?? [];
  const accounted = new Uint8Array(targets.length);
  const finish = (): number => {
    let missing = 0;
    if (!settings.signal?.aborted) {
      // a post the runner never reported is a failure, never a silent pass
      for (let index = 0; index < targets.length; index++) {
        if (accounted[index]) continue;
        missing++;
        report(failedResult(targets[index]!.display, 'internal error: the run stopped before this post was reported; it is as it was or fully cleaned, run blogfix again'));
      }
    }
    const code = conclude();
    if (missing === 0) return code;
    stderr.write(`blogfix: ${err.red('internal error')}: ${missing} of ${targets.length} posts were not processed\n`);
    return EXIT_ERROR;
  };
  let finished = false;
  const finishOnce = (): number => {
    finished = true;
    return finish();
  };
  // the event loop emptied (or the process is exiting) with the run unfinished: say so, and exit 2
  const onDrained = () => {
    if (finished) return;
    finishOnce();
    process.exitCode = EXIT_ERROR;
  };
  process.on('beforeExit', onDrained);
  process.on('exit', onDrained);

  try {
    if (settings.stdin) {
      await cleanStdin(settings.stdinFilepath, job, { input: streams.stdin, stdout, format: settings.format ?? 'stylish', ignored: planned.ignored, report });
    } else {
      for (const folder of walked!.ignoredFolders) {
        if (!quiet) stderr.write(`blogfix: ${folder} is left out by an ignore file (.blogfixignore, .gitignore or --ignore-path); nothing in it is cleaned\n`);
      }
      for (const error of walked!.errors) {
        reporter.walkError(error);
        results.push({ status: 'failed' });
        totals.failed++;
      }
      // nothing to do is not success (prettier and eslint say the same)
      for (const folder of settings.errorOnUnmatchedPattern === false ? [] : walked!.empty) {
        reporter.walkError({ display: folder, message: `no posts found in ${folder} (${POST_EXTENSIONS.join(' ')}; symlinks are not followed); --no-error-on-unmatched-pattern allows it` });
        results.push({ status: 'failed' });
        totals.failed++;
      }
      // what a killed run left: removed by a run that writes, told by one that does not
      stale = staleTemps(walked!.temps);
      if (settings.mode === 'write') stale = removeFiles(stale);
      await runTargets(targets, job, {
        jobs: settings.jobs,
        signal: settings.signal,
        onNotice(message) {
          if (!quiet) stderr.write(`blogfix: ${message}\n`);
        },
        onResult: (result, index) => {
          if (accounted[index]) return;
          accounted[index] = 1;
          report(result);
        },
        onProgress: progress && ((display, done, size) => progress.bytes(display, done, size)),
      });
    }
  } finally {
    process.off('beforeExit', onDrained);
    process.off('exit', onDrained);
  }
  return finished ? EXIT_ERROR : finishOnce();

  function conclude(): number {
    progress?.clear();
    reporter.finish(totals);
    // a post on stdin is an editor's business: its messages, no summary
    if (!quiet && !settings.stdin) stderr.write(formatSummary(totals, settings.mode, err));
    if (!quiet && stale.length > 0) {
      const files = `${stale.length} temporary file${stale.length === 1 ? '' : 's'} left by an interrupted run`;
      stderr.write(settings.mode === 'write' ? `blogfix: removed ${files}\n` : `blogfix: ${files}; blogfix clean without --${settings.mode} removes them\n`);
    }
    if (settings.signal?.aborted) {
      const reason = String(settings.signal.reason);
      stderr.write(
        `blogfix: ${err.red(`interrupted${/^SIG[A-Z]+$/.test(reason) ? ` by ${reason}` : ''}`)}: every post is either as it was or fully cleaned ` +
          '(none is half-written, no temporary file is left); run it again to finish\n',
      );
      return exitForSignal(reason);
    }
    return exitCode(results, settings.mode);
  }
}
