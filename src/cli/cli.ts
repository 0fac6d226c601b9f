/**
 * The command line. Parses arguments with commander, runs, and sets
 * process.exitCode (never process.exit, so stdout is flushed): 0, 1 for
 * changes found by --dry-run or --check, 2 for errors, usage errors included.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { encodingFromLabel, type EncodingName } from '../formats/encoding.js';
import { EXIT_ERROR, exitForSignal } from './exit-code.js';
import { removeTemps } from '../files/write-atomic.js';
import { runImages } from '../images/command.js';
import { isOnByDefault, passNames, passes, presetNames, presetsTurningOn } from '../passes/index.js';
import { closedQuietly } from '../report/output.js';
import { FORMATS, type Format } from '../report/reporter.js';
import { runClean } from './run.js';
import { version } from '../version.js';

function passList(value: string, previous: string[] = []): string[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  // an empty list is a mistake (an unset shell variable), not "every pass"
  if (names.length === 0) throw new InvalidArgumentError(`give at least one pass name (passes: ${passNames.join(', ')})`);
  const unknown = names.filter((name) => !passNames.includes(name));
  if (unknown.length) throw new InvalidArgumentError(`unknown pass ${unknown.join(', ')} (passes: ${passNames.join(', ')})`);
  return [...previous, ...names];
}

function presetList(value: string, previous: string[] = []): string[] {
  if (!presetNames.includes(value)) throw new InvalidArgumentError(`unknown preset ${value} (presets: ${presetNames.join(', ')})`);
  return [...previous, value];
}

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new InvalidArgumentError('give a whole number from 1 to 64');
  return jobs;
}

function parseMaxWarnings(value: string): number {
  const max = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(max)) throw new InvalidArgumentError('give a whole number, 0 or more');
  return max;
}

function parseEncoding(value: string): EncodingName {
  const encoding = encodingFromLabel(value);
  if (!encoding) throw new InvalidArgumentError('use utf-8, euc-jp or shift_jis');
  return encoding;
}

interface CleanOptions {
  write?: boolean;
  fix?: boolean;
  maxWarnings?: number;
  printConfig?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  dryRun?: boolean;
  check?: boolean;
  listDifferent?: boolean;
  format: Format;
  only?: string[];
  skip?: string[];
  preset?: string[];
  config?: string | false;
  ignorePath?: string[];
  stdin?: boolean;
  stdinFilepath?: string;
  encoding?: EncodingName;
  toUtf8?: boolean;
  quiet?: boolean;
  color?: boolean;
  jobs?: number;
  errorOnUnmatchedPattern: boolean;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM abort the run, which then stops writing and
 * removes its temporary files before exiting 130 (143). A second signal
 * exits at once, after removing this thread's temporary files.
 */
function stopOnSignals(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      removeTemps([]);
      process.exit(exitForSignal(signal));
    }
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export function buildProgram(): Command {
  const program = new Command('blogfix')
    .description('Repair the markup of old Hatena blog posts without touching anything else')
    .version(version, '-v, --version')
    .showHelpAfterError('(run blogfix --help for usage)')
    .exitOverride();

  program
    .command('clean')
    .description('clean posts in place (files, globs, or folders walked for .html .htm .md .markdown .mdx .txt)')
    .argument('[paths...]', 'files, folders and glob patterns; none: the content of the site in the working folder')
    .addOption(new Option('--write', 'write the cleaned posts in place (the default, made explicit; prettier\'s name)').conflicts(['dryRun', 'check', 'listDifferent']))
    .addOption(new Option('--fix', 'the same as --write (eslint\'s and textlint\'s name)').conflicts(['dryRun', 'check', 'listDifferent']))
    .addOption(new Option('--dry-run', 'write nothing; print a git-style patch; exit 1 if anything would change'))
    .addOption(new Option('--check', 'write nothing; list the files that would change; exit 1 if any').conflicts('dryRun'))
    .addOption(new Option('-l, --list-different', 'the same as --check (prettier\'s name)').conflicts('dryRun'))
    .addOption(new Option('--format <name>', 'what stdout carries: stylish (the patch or the paths), json, github').choices(FORMATS).default('stylish'))
    .option('--only <passes>', 'run only these passes (comma-separated, repeatable)', passList)
    .option('--skip <passes>', 'do not run these passes (comma-separated, repeatable)', passList)
    .option('--preset <name>', `turn on the passes of a preset, beside the configuration's (${presetNames.join(', ')}; repeatable)`, presetList)
    .option('--config <file>', 'read this configuration file instead of looking for blogfix.config.json or package.json#blogfix')
    .option('--no-config', 'read no configuration file')
    .option('--print-config', 'print the configuration that applies (file, ignore files, every setting) as JSON, and clean nothing')
    .option('--ignore-path <file>', 'read these ignore files instead of .blogfixignore (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--no-error-on-unmatched-pattern', 'a folder with no post in it is not an error (eslint\'s name)')
    .option('--stdin', 'clean the post on stdin and write it on stdout')
    .option('--stdin-filepath <path>', 'the name of the post on stdin: picks its format, matched against ignore files (implies --stdin)')
    .option('--encoding <name>', 'read every file in this encoding (utf-8, euc-jp, shift_jis) instead of detecting it', parseEncoding)
    .option('--to-utf8', 'write EUC-JP and Shift_JIS posts as UTF-8, their charset declarations updated')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings (notices are not counted)', parseMaxWarnings)
    .option('--cache', 'remember posts found unchanged and do not read them again until they change (as eslint --cache)')
    .option('--cache-location <path>', 'the cache file, or a folder for it (default: .blogfixcache in the current folder; implies --cache)')
    .option('-q, --quiet', 'print errors only')
    .option('-j, --jobs <n>', 'threads cleaning posts (1: no workers); default: the cores, workers joining long runs only', parseJobs)
    .option('--color', 'force colour on')
    .option('--no-color', 'force colour off')
    .exitOverride()
    .action(async function (this: Command, paths: string[], options: CleanOptions) {
      const stdin = options.stdin === true || options.stdinFilepath !== undefined;
      if (stdin && paths.length > 0) this.error('error: give paths or --stdin, not both', { exitCode: EXIT_ERROR, code: 'blogfix.usage' });
      // no path: the working folder's site content (or the configuration's "content"); run says when there is none
      const both = (options.only ?? []).filter((name) => options.skip?.includes(name));
      if (both.length > 0) {
        this.error(`error: ${both.join(', ')} ${both.length === 1 ? 'is' : 'are'} given to both --only and --skip: say which`, { exitCode: EXIT_ERROR, code: 'blogfix.usage' });
      }
      const stop = stopOnSignals();
      // 2 until the run has accounted for every post: a run that never comes back never passes
      process.exitCode = EXIT_ERROR;
      try {
        process.exitCode = await runClean(
          {
            paths,
            mode: options.dryRun ? 'dry-run' : options.check || options.listDifferent ? 'check' : 'write',
            format: options.format,
            only: options.only,
            skip: options.skip,
            preset: options.preset,
            config: options.config,
            ignorePaths: options.ignorePath,
            stdin,
            stdinFilepath: options.stdinFilepath,
            encoding: options.encoding,
            toUtf8: options.toUtf8,
            quiet: options.quiet,
            color: options.color,
            jobs: options.jobs,
            maxWarnings: options.maxWarnings,
            printConfig: options.printConfig,
            cache: options.cache === true || options.cacheLocation !== undefined,
            cacheLocation: options.cacheLocation,
            errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
            signal: stop.signal,
          },
          { stdout: closedQuietly(process.stdout), stderr: closedQuietly(process.stderr), env: process.env, stdin: process.stdin },
        );
      } finally {
        stop.release();
      }
    });

  addImagesCommand(program);

  program
    .command('passes')
    .description('list the passes, in the order they run: name, default, the presets that turn it on, description')
    .action(() => {
      const width = Math.max(...passes.map((pass) => pass.name.length));
      const state = (name: string) => (name === 'own-links' ? 'ownBlogs' : isOnByDefault(name) ? 'on' : 'off');
      const turnedOn = (name: string) => presetsTurningOn(name).join(',') || '-';
      const stateWidth = Math.max(...passes.map((pass) => state(pass.name).length));
      const presetWidth = Math.max(...passes.map((pass) => turnedOn(pass.name).length));
      for (const pass of passes) {
        process.stdout.write(`${pass.name.padEnd(width)}  ${state(pass.name).padEnd(stateWidth)}  ${turnedOn(pass.name).padEnd(presetWidth)}  ${pass.description}\n`);
      }
    });

  return program;
}

interface ImagesOptions {
  out: string;
  url: string;
  dryRun?: boolean;
  check?: boolean;
  listDifferent?: boolean;
  format: Format;
  config?: string | false;
  ignorePath?: string[];
  encoding?: EncodingName;
  quiet?: boolean;
  color?: boolean;
  concurrency?: number;
  timeout?: number;
  retries?: number;
}

function parseCount(min: number, max: number) {
  return (value: string): number => {
    const count = Number(value);
    if (!Number.isInteger(count) || count < min || count > max) throw new InvalidArgumentError(`give a whole number from ${min} to ${max}`);
    return count;
  };
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new InvalidArgumentError('give a number of seconds, more than 0 (0.5 is half a second)');
  return seconds;
}

/** `blogfix images`: the pictures on Hatena's image hosts, downloaded and re-pointed (src/images/command.ts). */
function addImagesCommand(program: Command): void {
  program
    .command('images')
    .description('download the images on Hatena\'s image hosts into --out and point the posts at --url')
    .argument('<paths...>', 'files and folders')
    .requiredOption('--out <folder>', 'save each image as <folder>/<path on the host>')
    .requiredOption('--url <prefix>', 'rewrite each image URL to <prefix>/<path on the host>')
    .addOption(new Option('--dry-run', 'download and write nothing; print a git-style patch; exit 1 if any post would change'))
    .addOption(new Option('--check', 'download and write nothing; list the posts that would change; exit 1 if any').conflicts('dryRun'))
    .addOption(new Option('-l, --list-different', 'the same as --check').conflicts('dryRun'))
    .addOption(new Option('--format <name>', 'what stdout carries: stylish (the patch or the paths), json, github').choices(FORMATS).default('stylish'))
    .option('--config <file>', 'read this configuration file instead of looking for blogfix.config.json or package.json#blogfix')
    .option('--no-config', 'read no configuration file')
    .option('--ignore-path <file>', 'read these ignore files instead of .blogfixignore (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--encoding <name>', 'read every file in this encoding (utf-8, euc-jp, shift_jis) instead of detecting it', parseEncoding)
    .option('--concurrency <n>', 'downloads at once (default 4)', parseCount(1, 32))
    .option('--timeout <seconds>', 'how long one request may take (default 30)', parseSeconds)
    .option('--retries <n>', 'attempts after the first on 5xx answers, timeouts and network errors (default 3)', parseCount(0, 10))
    .option('-q, --quiet', 'print errors only')
    .option('--color', 'force colour on')
    .option('--no-color', 'force colour off')
    .exitOverride()
    .action(async (paths: string[], options: ImagesOptions) => {
      const stop = stopOnSignals();
      // tests shorten the pause between retries (default 1 s)
      const delay = Number(process.env.BLOGFIX_RETRY_DELAY_MS_);
      try {
        process.exitCode = await runImages(
          {
            paths,
            out: options.out,
            url: options.url,
            mode: options.dryRun ? 'dry-run' : options.check || options.listDifferent ? 'check' : 'write',
            format: options.format,
            config: options.config,
            ignorePaths: options.ignorePath,
            encoding: options.encoding,
            quiet: options.quiet,
            color: options.color,
            concurrency: options.concurrency,
            timeoutMs: options.timeout === undefined ? undefined : options.timeout * 1000,
            retries: options.retries,
            retryDelayMs: Number.isFinite(delay) && delay >= 0 && process.env.BLOGFIX_RETRY_DELAY_MS_ ? delay : undefined,
            signal: stop.signal,
          },
          { stdout: closedQuietly(process.stdout), stderr: closedQuietly(process.stderr), env: process.env },
        );
      } finally {
        stop.release();
      }
    });
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message; help and --version exit 0, usage errors 2
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_ERROR;
      return;
    }
    process.stderr.write(`blogfix: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT_ERROR;
  }
}
