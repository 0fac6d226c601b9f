/**
 * `--format json`: one JSON object on stdout, the same shape whatever the
 * mode. It is written as the results come (one line per file), so a run over
 * a whole blog never holds every report in memory; what it prints is still a
 * single object that JSON.parse reads.
 *
 *   {
 *     "formatVersion": 1, "blogfix": "0.1.0", "mode": "check",
 *     "files": [
 *       { "path": "posts/a.html", "status": "changed", "written": false, "encoding": "utf-8",
 *         "edits": [ { "pass": "keyword-links", "severity": "fix", "line": 3, "column": 9,
 *                      "message": "unwrapped keyword link \"メモ\"", "keyword": "メモ" } ],
 *         "warnings": [ { "pass": "blank-target", "severity": "notice", "line": 7, "column": 4, "message": "…" } ] }
 *     ],
 *     "errors": [ { "path": "missing.html", "message": "no such file or folder" } ],
 *     "totals": { "files": 1, "changed": 1, "unchanged": 0, "failed": 0, "errors": 1, "edits": 1, "warnings": 0, "notices": 1,
 *                 "passes": { "keyword-links": 1, "herf": 0, … } }
 *   }
 *
 * A file also has "error" when it failed, "patch" with --dry-run, "output"
 * (the cleaned post) with --stdin when it changed; a message has "entry" in a
 * Movable Type export. Fields are only ever added, and formatVersion says so.
 */
import type { FileResult, Located } from '../engine/clean-file.js';
import type { WalkError } from '../files/walk.js';
import type { Severity } from '../types.js';
import { patchOf } from './patch.js';
import type { Reporter, ReporterContext } from './reporter.js';
import type { Totals } from './summary.js';

export const JSON_FORMAT_VERSION = 1;

/** One edit, warning or notice, where it is in the file as it was read. */
export interface Message {
  /** The pass that reported it (`engine` for what the engine itself says). */
  pass: string;
  /** `fix` for an edit; `warning` or `notice` for what was left alone. */
  severity: Severity;
  /** 1-based line and column (columns count UTF-16 code units, as editors do). */
  line: number;
  column: number;
  message: string;
  /** The decoded Hatena keyword (クラウド, not %A5%AF…), for keyword links. */
  keyword?: string;
  /** The entry of a Movable Type export (its BASENAME or TITLE). */
  entry?: string;
  /** Hatena notation left in the post: every construct found and its line. */
  notation?: { construct: string; line: number }[];
}

export interface JsonFile {
  /** As given on the command line, or joined with the folders walked. */
  path: string;
  status: 'changed' | 'unchanged' | 'failed';
  /** Whether the file was rewritten (only without --check and --dry-run). */
  written: boolean;
  encoding?: string;
  edits: Message[];
  warnings: Message[];
  error?: string;
  patch?: string;
  output?: string;
}

export interface JsonTotals {
  /** Files in `files`: changed + unchanged + failed. */
  files: number;
  changed: number;
  unchanged: number;
  failed: number;
  /** Entries in `errors`: failed files and paths that could not be read. */
  errors: number;
  edits: number;
  /** Warnings (notices apart), as the summary on stderr counts them. */
  warnings: number;
  notices: number;
  /** Edits per pass, every pass named. */
  passes: Record<string, number>;
}

export interface JsonReport {
  formatVersion: number;
  blogfix: string;
  mode: 'write' | 'dry-run' | 'check';
  files: JsonFile[];
  errors: { path: string; message: string }[];
  totals: JsonTotals;
}

export function toMessage(report: Located): Message {
  const message: Message = { pass: report.pass, severity: report.severity, line: report.line, column: report.column, message: report.message };
  if (report.keyword !== undefined) message.keyword = report.keyword;
  if (report.entry !== undefined) message.entry = report.entry;
  if (report.notation !== undefined) message.notation = report.notation;
  return message;
}

/** Paths in reports are `/` separated, whatever the platform. */
const posix = (display: string) => display.split('\\').join('/');

const byPlace = (a: Message, b: Message) => a.line - b.line || a.column - b.column;

/** Warnings, notices and the engine's own problems, in the order they come in the file. */
export function warningsOf(result: Pick<FileResult, 'warnings' | 'problems'>): Message[] {
  return [...result.problems, ...result.warnings].map(toMessage).sort(byPlace);
}

export function toJsonFile(result: FileResult, output?: string): JsonFile {
  const file: JsonFile = {
    path: posix(result.display),
    status: result.status,
    written: result.written,
    ...(result.encoding ? { encoding: result.encoding } : {}),
    edits: result.fixes.map(toMessage),
    warnings: warningsOf(result),
  };
  if (result.error !== undefined) file.error = result.error;
  const patch = patchOf(result);
  if (patch !== undefined) file.patch = patch;
  if (output !== undefined) file.output = output;
  return file;
}

export function jsonReporter(context: ReporterContext): Reporter {
  const { stdout } = context;
  const errors: JsonReport['errors'] = [];
  const counts = { files: 0, changed: 0, unchanged: 0, failed: 0 };
  let first = true;
  stdout.write(`{"formatVersion":${JSON_FORMAT_VERSION},"blogfix":${JSON.stringify(context.version)},"mode":${JSON.stringify(context.mode)},"files":[`);
  return {
    keepsFixes: true,
    walkError(error: WalkError) {
      errors.push({ path: posix(error.display), message: error.message });
    },
    result(result, output) {
      counts.files++;
      counts[result.status]++;
      if (result.error !== undefined) errors.push({ path: posix(result.display), message: result.error });
      stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(toJsonFile(result, output))}`);
      first = false;
    },
    finish(totals: Totals) {
      const passes = Object.fromEntries(totals.perPass);
      const edits = Object.values(passes).reduce((sum, count) => sum + count, 0);
      const all: JsonTotals = { ...counts, errors: errors.length, edits, warnings: totals.warnings, notices: totals.notices, passes };
      stdout.write(`\n],"errors":${JSON.stringify(errors)},"totals":${JSON.stringify(all)}}\n`);
    },
  };
}
