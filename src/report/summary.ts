/**
 * What blogfix says on stderr: each file's warnings in ESLint's stylish
 * layout, then a summary of files and of edits per pass.
 */
import type { FileResult, Located, Mode } from '../engine/clean-file.js';
import { passNames } from '../passes/index.js';
import type { Colors } from './color.js';

/**
 * The counts of a run, the same on stderr and in --format json: `failed`
 * counts posts that failed, `errors` those plus the paths that could not be
 * read; `warnings` and `notices` are counted apart (--max-warnings looks at
 * warnings only).
 */
export interface Totals {
  scanned: number;
  changed: number;
  failed: number;
  errors: number;
  warnings: number;
  notices: number;
  perPass: Map<string, number>;
}

export function emptyTotals(): Totals {
  return { scanned: 0, changed: 0, failed: 0, errors: 0, warnings: 0, notices: 0, perPass: new Map(passNames.map((name) => [name, 0])) };
}

export function addToTotals(totals: Totals, result: FileResult): void {
  totals.scanned++;
  if (result.status === 'failed') {
    totals.failed++;
    totals.errors++;
  }
  if (result.status === 'changed') totals.changed++;
  for (const item of [...result.warnings, ...result.problems]) {
    if (item.severity === 'notice') totals.notices++;
    else totals.warnings++;
  }
  if (result.status === 'failed') return;
  for (const [pass, count] of Object.entries(result.tally.perPass)) totals.perPass.set(pass, (totals.perPass.get(pass) ?? 0) + count);
}

function row(item: Located, label: string, c: Colors): string {
  const where = `${item.line}:${item.column}`.padEnd(9);
  const entry = item.entry ? c.dim(`[${item.entry}] `) : '';
  return `  ${c.dim(where)} ${label}  ${entry}${item.message}  ${c.dim(item.pass)}`;
}

/** For an export: the edits of each entry, by pass, in the order the entries come. */
function entryLines(result: FileResult, c: Colors): string[] {
  return Object.entries(result.tally.perEntry).map(([entry, passes]) => {
    const total = Object.values(passes).reduce((sum, count) => sum + count, 0);
    const detail = Object.entries(passes).map(([pass, count]) => `${pass} ${count}`).join(', ');
    return `  ${c.dim('entry')}    [${entry}] ${total} edit${total === 1 ? '' : 's'} (${detail})`;
  });
}

/** The block for one file: its error, its entries' edits, warnings and notices; '' when there is nothing to say. */
export function fileMessages(result: FileResult, c: Colors, quiet: boolean): string {
  const lines: string[] = [];
  if (result.error) lines.push(`  ${c.red('error')}    ${result.error}`);
  if (!quiet) {
    lines.push(...entryLines(result, c));
    for (const item of [...result.problems, ...result.warnings]) {
      const label = item.severity === 'notice' ? c.blue('notice ') : c.yellow('warning');
      lines.push(row(item, label, c));
    }
  }
  return lines.length ? `${c.underline(result.display)}\n${lines.join('\n')}\n` : '';
}

/** A path as a POSIX shell reads it back. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/**
 * What to run to repair what --check or --dry-run found, in the user's own
 * setting: under the pre-commit framework (which sets PRE_COMMIT=1) blogfix
 * is not on the PATH, so the command is pre-commit's; elsewhere (a shell,
 * lint-staged, CI) `npx blogfix clean` finds the installed blogfix. The files
 * are named when there are few.
 */
export function repairHint(mode: Mode, changed: readonly string[], count: number, env: NodeJS.ProcessEnv): string {
  if (mode === 'write' || count === 0) return '';
  const them = count === 1 ? 'it' : 'them';
  const files = count <= 10 && changed.length === count ? changed.map((file) => shellWord(file.split('\\').join('/'))).join(' ') : undefined;
  if (env.PRE_COMMIT === '1') {
    return (
      `To repair ${them}: pre-commit run blogfix ${files ? `--files ${files}` : '--all-files'}\n` +
      '(the blogfix hook repairs; add it to .pre-commit-config.yaml beside blogfix-check if it is not there)\n'
    );
  }
  return `Run blogfix clean without --${mode} to repair ${them}: npx blogfix clean ${files ?? '<the same paths>'}\n`;
}

export function formatSummary(totals: Totals, mode: Mode, c: Colors, hint?: string): string {
  const verb = mode === 'write' ? 'changed' : 'would change';
  const head =
    `blogfix: ${totals.scanned} file${totals.scanned === 1 ? '' : 's'} scanned, ` +
    `${totals.changed} ${verb}, ` +
    `${totals.failed ? c.red(`${totals.failed} failed`) : '0 failed'}` +
    // a path that could not be read is an error, not a failed post (as in --format json)
    (totals.errors > totals.failed ? `, ${c.red(`${totals.errors} error${totals.errors === 1 ? '' : 's'}`)}` : '') +
    (totals.warnings ? `, ${totals.warnings} warning${totals.warnings === 1 ? '' : 's'}` : '') +
    (totals.notices ? `, ${totals.notices} notice${totals.notices === 1 ? '' : 's'}` : '');
  const width = Math.max(...[...totals.perPass.keys()].map((name) => name.length));
  const counts = [...totals.perPass].map(([name, count]) => `  ${name.padEnd(width)}  ${String(count).padStart(6)}`);
  // prettier's --check ends the same way: what was found, and what to run about it
  const fallback = mode !== 'write' && totals.changed > 0 ? `Run blogfix clean without --${mode} to repair ${totals.changed === 1 ? 'it' : 'them'}.\n` : '';
  return `${head}\n${counts.join('\n')}\n${hint ?? fallback}`;
}
