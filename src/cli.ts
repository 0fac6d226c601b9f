/**
 * The command line. Parses arguments with commander, runs, and sets
 * process.exitCode (never process.exit, so stdout is flushed): 0, 1 for
 * changes found by --dry-run or --check, 2 for errors, usage errors included.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { encodingFromLabel, type EncodingName } from './encoding.js';
import { EXIT_ERROR, exitForSignal } from './exit-code.js';
import { removeTemps } from './files/write-atomic.js';
import { passNames, passes } from './passes/index.js';
import { closedQuietly } from './report/output.js';
import { FORMATS, type Format } from './report/reporter.js';
import { runClean } from './run.js';
import { version } from './version.js';

function passList(value: string, previous: string[] = []): string[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !passNames.includes(name));
  if (unknown.length) throw new InvalidArgumentError(`unknown pass ${unknown.join(', ')} (passes: ${passNames.join(', ')})`);
  return [...previous, ...names];
}

function parseJobs(value: string): number {
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new InvalidArgumentError('give a whole number from 1 to 64');
  return jobs;
}

function parseEncoding(value: string): EncodingName {
  const encoding = encodingFromLabel(value);
  if (!encoding) throw new InvalidArgumentError('use utf-8, euc-jp or shift_jis');
  return encoding;
}

interface CleanOptions {
  dryRun?: boolean;
  check?: boolean;
  listDifferent?: boolean;
  format: Format;
  only?: string[];
  skip?: string[];
  config?: string | false;
  ignorePath?: string[];
  stdin?: boolean;
  stdinFilepath?: string;
  encoding?: EncodingName;
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
    .description('clean posts in place (files, or folders walked for .html .htm .md .markdown .txt)')
    .argument('[paths...]', 'files and folders')
    .addOption(new Option('--dry-run', 'write nothing; print a git-style patch; exit 1 if anything would change'))
    .addOption(new Option('--check', 'write nothing; list the files that would change; exit 1 if any').conflicts('dryRun'))
    .addOption(new Option('-l, --list-different', 'the same as --check (prettier\'s name)').conflicts('dryRun'))
    .addOption(new Option('--format <name>', 'what stdout carries: stylish (the patch or the paths), json, github').choices(FORMATS).default('stylish'))
    .option('--only <passes>', 'run only these passes (comma-separated, repeatable)', passList)
    .option('--skip <passes>', 'do not run these passes (comma-separated, repeatable)', passList)
    .option('--config <file>', 'read this configuration file instead of looking for blogfix.config.json or package.json#blogfix')
    .option('--no-config', 'read no configuration file')
    .option('--ignore-path <file>', 'read these ignore files instead of .blogfixignore (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--no-error-on-unmatched-pattern', 'a folder with no post in it is not an error (eslint\'s name)')
    .option('--stdin', 'clean the post on stdin and write it on stdout')
    .option('--stdin-filepath <path>', 'the name of the post on stdin: picks its format, matched against ignore files (implies --stdin)')
    .option('--encoding <name>', 'read every file in this encoding (utf-8, euc-jp, shift_jis) instead of detecting it', parseEncoding)
    .option('-q, --quiet', 'print errors only')
    .option('-j, --jobs <n>', 'threads cleaning posts (1: no workers); default: the cores, workers joining long runs only', parseJobs)
    .option('--color', 'force colour on')
    .option('--no-color', 'force colour off')
    .exitOverride()
    .action(async function (this: Command, paths: string[], options: CleanOptions) {
      const stdin = options.stdin === true || options.stdinFilepath !== undefined;
      if (stdin && paths.length > 0) this.error('error: give paths or --stdin, not both', { exitCode: EXIT_ERROR, code: 'blogfix.usage' });
      if (!stdin && paths.length === 0) this.error("error: missing required argument 'paths' (or --stdin)", { exitCode: EXIT_ERROR, code: 'blogfix.usage' });
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
            config: options.config,
            ignorePaths: options.ignorePath,
            stdin,
            stdinFilepath: options.stdinFilepath,
            encoding: options.encoding,
            quiet: options.quiet,
            color: options.color,
            jobs: options.jobs,
            errorOnUnmatchedPattern: options.errorOnUnmatchedPattern,
            signal: stop.signal,
          },
          { stdout: closedQuietly(process.stdout), stderr: closedQuietly(process.stderr), env: process.env, stdin: process.stdin },
        );
      } finally {
        stop.release();
      }
    });

  program
    .command('passes')
    .description('list the passes, in the order they run')
    .action(() => {
      const width = Math.max(...passes.map((pass) => pass.name.length));
      for (const pass of passes) process.stdout.write(`${pass.name.padEnd(width)}  ${pass.description}\n`);
    });

  return program;
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
