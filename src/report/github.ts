/**
 * `--format github`: GitHub Actions workflow commands on stdout, which the
 * runner turns into annotations on the lines of a pull request:
 *
 *   ::error file=posts/a.html,line=3,col=9,title=blogfix would fix (2 on this line)::keyword-links: unwrapped …%0Aherf: …
 *
 * A file that failed is an `error`. What blogfix would fix is an `error` with
 * --check and --dry-run (it fails the check) and a `notice` once written;
 * warnings are `warning`s, notices `notice`s. GitHub shows at most 10
 * annotations of each level per step (50 per job), so the findings on one
 * line of a file, of one kind, share one annotation, one per line of its
 * message. Escaping follows GitHub's toolkit: `%`, CR and LF in the message;
 * also `:` and `,` in properties.
 */
import type { FileResult, Located } from '../engine/clean-file.js';
import type { WalkError } from '../files/walk.js';
import type { Reporter, ReporterContext } from './reporter.js';

export type Level = 'error' | 'warning' | 'notice';

/** Escape the message of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a property value of a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command: `::level key=value,...::message`. */
export function command(level: Level, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

function describe(item: Located): string {
  return `${item.entry !== undefined ? `[${item.entry}] ` : ''}${item.pass}: ${item.message}`;
}

/** A finding to annotate: its level, and the title its annotation gets. */
export interface Finding {
  level: Level;
  title: string;
  item: Located;
}

/** The annotations for one file's findings: one per line and kind, in the order of the file. */
export function annotations(file: string, findings: readonly Finding[]): string {
  const groups = new Map<string, { level: Level; title: string; line: number; column: number; messages: string[] }>();
  for (const { level, title, item } of findings) {
    const key = `${item.line}\u0000${level}\u0000${title}`;
    const group = groups.get(key);
    if (group) {
      group.messages.push(describe(item));
      group.column = Math.min(group.column, item.column);
    } else groups.set(key, { level, title, line: item.line, column: item.column, messages: [describe(item)] });
  }
  const ordered = [...groups.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  return ordered
    .map((group) => {
      const title = group.messages.length === 1 ? group.title : `${group.title} (${group.messages.length} on this line)`;
      return command(group.level, { file, line: group.line, col: group.column, title }, group.messages.join('\n'));
    })
    .join('');
}

export function githubReporter(context: ReporterContext): Reporter {
  const { stdout, mode } = context;
  const fix = mode === 'write' ? { level: 'notice' as const, title: 'blogfix fixed' } : { level: 'error' as const, title: 'blogfix would fix' };
  return {
    keepsFixes: true,
    walkError(error: WalkError) {
      stdout.write(command('error', { file: error.display, title: 'blogfix' }, error.message));
    },
    result(result: FileResult) {
      const file = result.display.split('\\').join('/');
      if (result.error !== undefined) stdout.write(command('error', { file, title: 'blogfix' }, result.error));
      const findings: Finding[] = [
        ...result.fixes.map((item) => ({ ...fix, item })),
        ...[...result.problems, ...result.warnings].map((item) =>
          item.severity === 'notice' ? { level: 'notice' as const, title: 'blogfix notice', item } : { level: 'warning' as const, title: 'blogfix warning', item },
        ),
      ];
      if (findings.length > 0) stdout.write(annotations(file, findings));
    },
    finish() {},
  };
}
