/**
 * `blogfix images`: find the pictures on Hatena's image hosts (and the
 * configured ones) in the posts, download each file once into `--out`, and
 * point the posts at `--url`. A post is rewritten once every one of its
 * images has settled, and only for the images that are safely on disk: one
 * that could not be fetched keeps its URL, is reported, and makes the run
 * exit 2, while the rest go on. --dry-run and --check download and write
 * nothing: they show what the rewrite would be (every image fetched) and exit
 * 1 when a post would change, as `clean` does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { commitAsync, failedResult, prepareFile, type FileResult, type Mode } from '../engine/clean-file.js';
import { ConfigError, resolveConfig } from '../cli/config.js';
import type { EncodingName } from '../formats/encoding.js';
import { EXIT_ERROR, exitCode, exitForSignal } from '../cli/exit-code.js';
import { createIgnoreFilter, IgnoreFileError, type IgnoreFilter } from '../files/ignore.js';
import { expandPaths, type Target } from '../files/walk.js';
import { requestStop, resetStop, removeTemps, syncFolders, writesSettled } from '../files/write-atomic.js';
import { isOnHosts } from '../hatena/image-hosts.js';
import { colorsFor } from '../report/color.js';
import type { Output, Streams } from '../report/output.js';
import { wantsProgress } from '../report/progress.js';
import { createReporter, type Format } from '../report/reporter.js';
import { addToTotals, emptyTotals } from '../report/summary.js';
import { version } from '../version.js';
import { Downloader, type Outcome } from './download.js';
import { imagesPass, type Decision } from './find.js';
import { imageHosts, localFile, publicUrl, type ImageFile } from './locate.js';
import { DownloadProgress, guardedBy } from './progress.js';

export interface ImagesSettings {
  paths: readonly string[];
  /** The folder images are saved under. */
  out: string;
  /** What their URLs start with afterwards (`/images`, `https://example.com/assets`). */
  url: string;
  mode: Mode;
  format?: Format;
  /** --config FILE; false for --no-config; default: looked up from the cwd. */
  config?: string | false;
  ignorePaths?: readonly string[];
  encoding?: EncodingName;
  quiet?: boolean;
  color?: boolean;
  /** Downloads at once. */
  concurrency?: number;
  /** Milliseconds one request may take. */
  timeoutMs?: number;
  /** Attempts after the first on 5xx answers, timeouts and network errors. */
  retries?: number;
  /** The pause before the first retry (doubling after). */
  retryDelayMs?: number;
  /** Default process.cwd(). */
  cwd?: string;
  /** The progress bar shows once downloading has taken this many milliseconds (default 500). */
  progressAfter?: number;
  /** Aborting it (Ctrl-C) stops downloading and writing; exit 128 + the signal's number. */
  signal?: AbortSignal;
}

interface Plan {
  hosts: string[];
  ignored?: IgnoreFilter;
}

function plan(settings: ImagesSettings, cwd: string): Plan {
  const loaded = resolveConfig(cwd, settings.config);
  const config = loaded?.config;
  const ignored = createIgnoreFilter({
    cwd,
    ignorePaths: settings.ignorePaths,
    patterns: loaded && config?.ignore ? { dir: loaded.dir, patterns: config.ignore } : undefined,
    gitignore: config?.gitignore,
  });
  return { hosts: imageHosts(config?.imageHosts), ignored };
}

/** A post as found: what it shows, or why it could not be read. */
interface Scanned {
  target: Target;
  images: ImageFile[];
  /** Read, decode or layout failure: reported as is. */
  result?: FileResult;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export async function runImages(settings: ImagesSettings, streams: Streams): Promise<number> {
  const cwd = settings.cwd ?? process.cwd();
  const quiet = settings.quiet ?? false;
  const err = colorsFor(streams.stderr, streams.env, settings.color);
  const fail = (message: string) => {
    streams.stderr.write(`blogfix: ${err.red('error')} ${message}\n`);
    return EXIT_ERROR;
  };
  let planned: Plan;
  try {
    planned = plan(settings, cwd);
  } catch (error) {
    if (!(error instanceof ConfigError || error instanceof IgnoreFileError)) throw error;
    return fail(error.message);
  }
  const { hosts } = planned;
  // a prefix on an image host would be moved again on the next run, and the next
  if (isOnHosts(settings.url, hosts)) return fail(`--url ${settings.url} is on an image host that blogfix images moves pictures off; give where the copies will be served from`);
  if (settings.url.trim() === '') return fail('--url is empty; give where the copies will be served from (like /images)');
  const out = path.resolve(cwd, settings.out);
  const { mode } = settings;

  let bar: DownloadProgress | undefined;
  const stderr: Output = guardedBy(streams.stderr, { clear: () => bar?.clear() });
  const stdout: Output = guardedBy(streams.stdout, { clear: () => bar?.clear() });
  const reporter = createReporter(settings.format ?? 'stylish', {
    mode,
    stdout,
    stderr,
    out: colorsFor(streams.stdout, streams.env, settings.color),
    err,
    quiet,
    version,
  });
  const totals = emptyTotals();
  totals.perPass.clear();
  const results: Pick<FileResult, 'status'>[] = [];
  const report = (result: FileResult) => {
    addToTotals(totals, result);
    results.push(result);
    reporter.result(result);
  };

  const walked = expandPaths(settings.paths, { ignored: planned.ignored });
  for (const folder of walked.ignoredFolders) {
    if (!quiet) stderr.write(`blogfix: ${folder} is left out by an ignore file (.blogfixignore, .gitignore or --ignore-path); nothing in it is looked at\n`);
  }
  for (const error of walked.errors) {
    reporter.walkError(error);
    results.push({ status: 'failed' });
    totals.failed++;
  }

  const base = { encoding: settings.encoding, keepFixes: true };
  /** The pass that rewrites every image found to its place under --url. */
  const rewriteAll = (_url: string, image: ImageFile): Decision => ({ to: publicUrl(settings.url, image) });
  const aborted = () => settings.signal?.aborted === true;

  // --dry-run, --check: what the posts would become; nothing is fetched or written
  if (mode !== 'write') {
    const wanted = new Map<string, ImageFile>();
    for (const target of walked.targets) {
      const pass = imagesPass({ hosts, decide: rewriteAll });
      const { result } = prepareFile(target, { ...base, mode, passes: [pass] });
      for (const fix of result.fixes) {
        const image = pass.imageOf(fix.message);
        if (image) wanted.set(image.filePath, image);
      }
      report(result);
    }
    let missing = 0;
    for (const image of wanted.values()) if (!isFile(localFile(out, image))) missing++;
    reporter.finish(totals);
    if (!quiet) {
      stderr.write(summary(totals, mode));
      stderr.write(`blogfix: ${plural(wanted.size, 'image')} on image hosts, ${missing} not yet in ${settings.out} (would be downloaded)\n`);
      if (totals.changed > 0) stderr.write(`Run blogfix images without --${mode} to download ${missing === 1 ? 'it' : 'them'} and point the posts at ${settings.url}.\n`);
    }
    return exitCode(results, mode);
  }

  // 1. find: every post is read once to learn its images (only those the rewrite would change: not in code, not text)
  const scanned: Scanned[] = [];
  for (const target of walked.targets) {
    const pass = imagesPass({ hosts, decide: rewriteAll });
    const { result } = prepareFile(target, { ...base, mode: 'check', passes: [pass] });
    if (result.status === 'failed') {
      scanned.push({ target, images: [], result });
      continue;
    }
    const images: ImageFile[] = [];
    for (const fix of result.fixes) {
      const image = pass.imageOf(fix.message);
      if (image) images.push(image);
    }
    scanned.push({ target, images, result: images.length === 0 ? result : undefined });
  }

  // 2. download: every file once, a few at a time, the posts waiting for theirs
  resetStop();
  const onAbort = () => requestStop();
  settings.signal?.addEventListener('abort', onAbort, { once: true });
  const failures = new Map<string, { url: string; reason: string }>();
  let downloaded = 0;
  let present = 0;
  const downloader = new Downloader({
    out,
    concurrency: settings.concurrency,
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
    retryDelayMs: settings.retryDelayMs,
    signal: settings.signal,
    onSettled(image, outcome) {
      if (outcome.status === 'downloaded') downloaded++;
      else if (outcome.status === 'present') present++;
      else failures.set(image.filePath, { url: image.fetchUrl, reason: outcome.reason });
      bar?.tick(outcome.status === 'failed');
    },
  });
  const pending = scanned.map((post) => Promise.all(post.images.map((image) => downloader.get(image))));
  if (downloader.count > 0 && wantsProgress(streams.stderr, streams.env, quiet)) bar = new DownloadProgress(streams.stderr, downloader.count, settings.progressAfter);

  // 3. rewrite: each post once its images have settled, in the order given
  try {
    for (const [index, post] of scanned.entries()) {
      const outcomes = await pending[index]!;
      if (aborted()) break;
      if (post.result) {
        report(post.result);
        continue;
      }
      const settled = new Map<string, Outcome>();
      post.images.forEach((image, at) => settled.set(image.filePath, outcomes[at]!));
      const decide = (url: string, image: ImageFile): Decision => {
        const outcome = settled.get(image.filePath);
        if (!outcome) return { keep: 'the post changed while images were downloaded; run blogfix images again' };
        if (outcome.status === 'failed') return { keep: `could not be downloaded (${outcome.reason})` };
        return { to: publicUrl(settings.url, image) };
      };
      let result: FileResult;
      try {
        result = await commitAsync(prepareFile(post.target, { ...base, mode: 'write', passes: [imagesPass({ hosts, decide })] }));
      } catch (error) {
        result = failedResult(post.target.display, `internal error: ${error instanceof Error ? error.message : String(error)}; left untouched`);
      }
      report(result);
    }
    await Promise.all(pending);
  } finally {
    settings.signal?.removeEventListener('abort', onAbort);
    syncFolders();
  }
  bar?.clear();

  if (aborted()) {
    await writesSettled();
    removeTemps([]);
    const reason = String(settings.signal!.reason);
    stderr.write(
      `blogfix: ${err.red(`interrupted${/^SIG[A-Z]+$/.test(reason) ? ` by ${reason}` : ''}`)}: every post and image is either as it was or whole; run it again to finish (what is downloaded is not fetched again)\n`,
    );
    return exitForSignal(reason);
  }
  reporter.finish(totals);
  if (failures.size > 0) {
    stderr.write(`blogfix: ${err.red('error')} ${plural(failures.size, 'image')} could not be downloaded; the posts keep their URLs:\n`);
    // in the order the posts show them, whatever order they failed in
    const told = new Set<string>();
    for (const post of scanned) {
      for (const image of post.images) {
        const failure = failures.get(image.filePath);
        if (!failure || told.has(image.filePath)) continue;
        told.add(image.filePath);
        stderr.write(`  ${failure.url}  ${err.dim(failure.reason)}\n`);
      }
    }
  }
  if (!quiet) {
    stderr.write(summary(totals, mode));
    stderr.write(
      `blogfix: ${plural(downloader.count, 'image')}: ${downloaded} downloaded, ${present} already in ${settings.out}, ${failures.size ? err.red(`${failures.size} failed`) : '0 failed'}\n`,
    );
  }
  const code = exitCode(results, mode);
  return failures.size > 0 ? EXIT_ERROR : code;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function summary(totals: ReturnType<typeof emptyTotals>, mode: Mode): string {
  const verb = mode === 'write' ? 'changed' : 'would change';
  return `blogfix: ${plural(totals.scanned, 'file')} scanned, ${totals.changed} ${verb}, ${totals.failed} failed${totals.warnings ? `, ${plural(totals.warnings, 'warning')}` : ''}\n`;
}
