/**
 * What goes on stdout is chosen by --format: `stylish` (the default: the
 * patch with --dry-run, the paths with --check, messages on stderr), `json`
 * (one object) or `github` (workflow commands). The summary on stderr is the
 * run's business, whatever the format.
 */
import type { FileResult, Mode } from '../engine/clean-file.js';
import type { WalkError } from '../files/walk.js';
import type { Colors } from './color.js';
import { githubReporter } from './github.js';
import { jsonReporter } from './json.js';
import type { Output } from './output.js';
import { stylishReporter } from './stylish.js';
import type { Totals } from './summary.js';

export type Format = 'stylish' | 'json' | 'github';

export const FORMATS = Object.keys({ stylish: true, json: true, github: true } satisfies Record<Format, true>) as Format[];

export interface ReporterContext {
  mode: Mode;
  stdout: Output;
  stderr: Output;
  /** Colours for stdout and for stderr. */
  out: Colors;
  err: Colors;
  /** Errors only on stderr. */
  quiet: boolean;
  /** blogfix's version, for reports that name it. */
  version: string;
}

export interface Reporter {
  /** The reporter shows every fix, so each must be kept (not only counted). */
  readonly keepsFixes: boolean;
  /** A path on the command line that could not be read. */
  walkError(error: WalkError): void;
  /** A post, in the order of the targets; `output` is the cleaned post for --stdin. */
  result(result: FileResult, output?: string): void;
  finish(totals: Totals): void;
}

export function createReporter(format: Format, context: ReporterContext): Reporter {
  switch (format) {
    case 'json':
      return jsonReporter(context);
    case 'github':
      return githubReporter(context);
    default:
      return stylishReporter(context);
  }
}
