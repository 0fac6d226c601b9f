/**
 * `blogfix clean`: read the configuration, expand the paths (minus what is
 * ignored), clean each post, report in the chosen format, and come back with
 * the exit code (0 nothing to do or all written, 1 changes found by
 * --dry-run or --check, 2 some file failed or the configuration is wrong).
 * One file failing never stops the others.
 */
import { failedResult, type FileResult, type Mode } from '../engine/clean-file.js';
import { CONFIG_DEFAULTS, ConfigError, passChoice, resolveConfig, type LoadedConfig } from './config.js';
import type { EncodingName } from '../formats/encoding.js';
import { EXIT_CHANGES, EXIT_ERROR, EXIT_OK, exitCode, exitForSignal } from './exit-code.js';
import { createIgnoreFilter, IgnoreFileError, ignoreFiles, type IgnoreFilter } from '../files/ignore.js';
import { describeSiteWalk } from '../files/site.js';
import { collectTargets } from '../files/targets.js';
import { POST_EXTENSIONS } from '../files/walk.js';
import { removeFiles, staleTemps } from '../files/write-atomic.js';
import type { JobSettings } from './job.js';
import { passNames, selectPasses } from '../passes/index.js';
import { colorsFor } from '../report/color.js';
import type { Streams } from '../report/output.js';
import { guarded, Progress, wantsProgress } from '../report/progress.js';
import { createReporter, type Format, type Reporter } from '../report/reporter.js';
import { addToTotals, emptyTotals, formatSummary, repairHint } from '../report/summary.js';
import { runTargets } from './runner.js';
import { cacheFile, cacheKey, RunCache } from './cache.js';
import type { Target } from '../files/walk.js';
import { cleanStdin } from './stdin.js';
import { version } from '../version.js';

export type { Output, Streams } from '../report/output.js';

export interface RunSettings {
  paths: readonly string[];
  mode: Mode;
  only?: readonly string[];
  skip?: readonly string[];
  /** Presets whose passes to turn on (`--preset`), beside the configuration's. */
  preset?: readonly string[];
  encoding?: EncodingName;
  /** Write EUC-JP and Shift_JIS posts as UTF-8 (--to-utf8). */
  toUtf8?: boolean;
  /** Errors only on stderr. */
  quiet?: boolean;
  /** Force colour on or off; default: decided per stream. */
  color?: boolean;
  /** Threads cleaning posts (1: no workers); default: the cores, workers joining long runs only. */
  jobs?: number;
  /** Exit 1 when the run has more warnings than this (notices are not counted). */
  maxWarnings?: number;
  /** What stdout carries (default stylish). */
  format?: Format;
  /** --config FILE; false for --no-config; default: looked up from the cwd. */
  config?: string | false;
  /** Ignore files to read instead of .blogfixignore. */
  ignorePaths?: readonly string[];
  /** Remember posts found unchanged, and do not read them again while they stay so (eslint's --cache). */
  cache?: boolean;
  /** The cache file, or a folder for it (default .blogfixcache in cwd). */
  cacheLocation?: string;
  /** Print the configuration that applies (JSON on stdout) instead of cleaning. */
  printConfig?: boolean;
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
  /** The configuration's "content", relative to its folder. */
  content?: { dir: string; source: string; paths: readonly string[] };
  loaded?: LoadedConfig;
  /** Where .blogfixignore is read: beside the configuration file. */
  root?: string;
}

function plan(settings: RunSettings, cwd: string): Plan {
  const loaded: LoadedConfig | undefined = resolveConfig(cwd, settings.config);
  const config = loaded?.config;
  const { only, skip, enable } = passChoice(config, settings.only, settings.skip, settings.preset);
  // unknown names fail here, before any work; so does a choice that leaves nothing to run
  if (selectPasses(only, skip, enable).length === 0) {
    throw new ConfigError(`no pass is left to run (${describeChoice(only, skip, loaded)}): nothing would be checked`);
  }
  const root = loaded?.dir;
  const ignored = createIgnoreFilter({
    cwd,
    root,
    ignorePaths: settings.ignorePaths,
    patterns: loaded && config?.ignore ? { dir: loaded.dir, patterns: config.ignore } : undefined,
    gitignore: config?.gitignore,
  });
  return {
    job: {
      mode: settings.mode,
      only,
      skip,
      enable,
      encoding: settings.encoding,
      toUtf8: settings.toUtf8,
      keywordHosts: config?.keywordHosts,
      pixelPatterns: config?.pixelPatterns,
      ownBlogs: config?.ownBlogs,
      httpsImageHosts: config?.httpsImageHosts,
    },
    ignored,
    content: loaded && config?.content ? { dir: loaded.dir, source: loaded.source, paths: config.content } : undefined,
    loaded,
    root,
  };
}

/**
 * --cache around runTargets: the targets still to clean, and an onResult
 * that reports every post in the order of all the targets (cached ones in
 * their place), recording what it is given.
 */
function cachedRun(all: readonly Target[], cache: RunCache, report: (result: FileResult, index: number) => void) {
  const kept = all.map((target) => cache.lookup(target));
  const positions: number[] = [];
  kept.forEach((result, index) => result === undefined && positions.push(index));
  let next = 0; // the first target not yet reported
  const reportCachedUpTo = (end: number) => {
    for (; next < end; next++) if (kept[next]) report(kept[next]!, next);
  };
  return {
    targets: positions.map((index) => all[index]!),
    onResult(result: FileResult, index: number) {
      const position = positions[index]!;
      reportCachedUpTo(position);
      cache.record(all[position]!, result);
      report(result, position);
      next = position + 1;
    },
    /** Report the cached posts left, write the cache; a message if it cannot be written. */
    finish(aborted: boolean): string | undefined {
      if (!aborted) reportCachedUpTo(all.length);
      return cache.save();
    },
  };
}

/**
 * What --print-config shows: the file read, the ignore files, and every
 * setting as it applies (the passes after --only and --skip, defaults filled in).
 */
function printedConfig(settings: RunSettings, planned: Plan, cwd: string): Record<string, unknown> {
  const { loaded } = planned;
  const selected = new Set(selectPasses(planned.job.only, planned.job.skip).map((pass) => pass.name));
  return {
    // as messages name it: relative to the working folder, package.json#blogfix for the key
    configFile: loaded?.source ?? null,
    root: planned.root ?? null,
    ignoreFiles: ignoreFiles({ cwd, ignorePaths: settings.ignorePaths, root: planned.root }),
    ...CONFIG_DEFAULTS,
    ...loaded?.config,
    passes: Object.fromEntries(passNames.map((name) => [name, selected.has(name)])),
  };
}

function describeChoice(only: readonly string[] | undefined, skip: readonly string[], loaded: LoadedConfig | undefined): string {
  if (only) return `--only ${only.join(',')} less --skip ${skip.join(',')}`;
  const by = [...(Object.values(loaded?.config.passes ?? {}).includes(false) ? [`"passes" in ${loaded!.source}`] : []), ...(skip.length ? ['--skip'] : [])];
  return `every pass is turned off by ${by.join(' and ')}`;
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
  if (settings.printConfig) {
    streams.stdout.write(`${JSON.stringify(printedConfig(settings, planned, cwd), null, 2)}\n`);
    return EXIT_OK;
  }
  const totals = emptyTotals();
  const results: Pick<FileResult, 'status'>[] = [];
  const walked = settings.stdin ? undefined : collectTargets(settings.paths, { cwd, ignored: planned.ignored, content: planned.content });
  if (walked?.usage) {
    streams.stderr.write(`blogfix: ${err.red('error')} ${walked.usage}\n`);
    return EXIT_ERROR;
  }
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
  // the posts that would change, for the summary's hint (the first few are enough)
  const changed: string[] = [];
  const report = (result: FileResult, output?: string) => {
    if (result.status === 'changed' && changed.length <= 10) changed.push(result.display);
    addToTotals(totals, result);
    // the status is all the exit code needs: a dry-run result holds the whole post
    results.push({ status: result.status });
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
  // each target is reported once, by its index among the targets
  const account = (result: FileResult, index: number) => {
    if (accounted[index]) return;
    accounted[index] = 1;
    report(result);
  };

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
        totals.errors++;
      }
      // nothing to do is not success (prettier and eslint say the same)
      for (const error of settings.errorOnUnmatchedPattern === false ? [] : walked!.unmatched) {
        reporter.walkError(error);
        results.push({ status: 'failed' });
        totals.errors++;
      }
      for (const folder of settings.errorOnUnmatchedPattern === false ? [] : walked!.empty) {
        reporter.walkError({ display: folder, message: `no posts found in ${folder} (${POST_EXTENSIONS.join(' ')}; symlinks are not followed); --no-error-on-unmatched-pattern allows it` });
        results.push({ status: 'failed' });
        totals.errors++;
      }
      // what a killed run left: removed by a run that writes, told by one that does not
      stale = staleTemps(walked!.temps);
      if (settings.mode === 'write') stale = removeFiles(stale);
      // --cache: posts unchanged since are not cleaned (nor read); their results come from the cache, in their place
      const cached = settings.cache ? cachedRun(targets, new RunCache(cacheFile(cwd, settings.cacheLocation), cacheKey({ ...planned.job, mode: undefined })), account) : undefined;
      await runTargets(cached?.targets ?? targets, job, {
        jobs: settings.jobs,
        signal: settings.signal,
        onNotice(message) {
          if (!quiet) stderr.write(`blogfix: ${message}\n`);
        },
        onResult: cached?.onResult ?? account,
        onProgress: progress && ((display, done, size) => progress.bytes(display, done, size)),
      });
      const unsaved = cached?.finish(settings.signal?.aborted === true);
      if (unsaved && !quiet) stderr.write(`blogfix: ${unsaved}\n`);
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
    if (!quiet && !settings.stdin) {
      // the summary starts with the site recognised and what was walked in it
      for (const site of walked!.sites) stderr.write(`blogfix: ${describeSiteWalk(site)}\n`);
      const hint = repairHint(settings.mode, changed, totals.changed, streams.env);
      stderr.write(formatSummary(totals, settings.mode, err, hint));
    }
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
    const code = exitCode(results, settings.mode);
    if (code !== EXIT_ERROR && settings.maxWarnings !== undefined && totals.warnings > settings.maxWarnings) {
      // as eslint: said even with --quiet, since it decides the exit code
      stderr.write(`blogfix: ${err.red('too many warnings')}: ${totals.warnings} (--max-warnings ${settings.maxWarnings})\n`);
      return EXIT_CHANGES;
    }
    return code;
  }
}
