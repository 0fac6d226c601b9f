/**
 * `--stdin`, for editors: read one post on stdin and, by default, write the
 * cleaned post on stdout (the same bytes when nothing changes; nothing at all
 * when the post cannot be cleaned, with the reason on stderr and exit 2).
 * `--stdin-filepath` names the post: it picks the format (.md is Markdown,
 * *.export.txt a Movable Type export), is the path shown in reports, and is
 * matched against the ignore files; an ignored post comes back as it went in,
 * as prettier does. With --check, --dry-run or another --format, stdout
 * carries what it carries for files instead (--format json: the cleaned post
 * in the file's "output").
 */
import { cleanBytes, type FileResult } from '../engine/clean-file.js';
import { decode } from '../formats/encoding.js';
import type { IgnoreFilter } from '../files/ignore.js';
import { fileSettings, type JobSettings } from './job.js';
import type { Output } from '../report/output.js';
import type { Format } from '../report/reporter.js';

export const STDIN_NAME = '<stdin>';

export interface StdinContext {
  /** The post: process.stdin. */
  input?: AsyncIterable<string | Uint8Array>;
  /** stdout as the run writes to it. */
  stdout: Output;
  format: Format;
  ignored?: IgnoreFilter;
  report(result: FileResult, output?: string): void;
}

async function readAll(input: AsyncIterable<string | Uint8Array> | undefined): Promise<Buffer> {
  const chunks: Buffer[] = [];
  if (input) for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function cleanStdin(filepath: string | undefined, job: JobSettings, context: StdinContext): Promise<void> {
  const bytes = await readAll(context.input);
  const writesPost = job.mode === 'write' && context.format === 'stylish';
  if (filepath !== undefined && context.ignored?.(filepath, false)) {
    if (writesPost) context.stdout.write(bytes);
    return;
  }
  const display = filepath ?? STDIN_NAME;
  const { mode: _mode, ...settings } = fileSettings(job);
  const cleaned = cleanBytes(bytes, display, { ...settings, path: display, patch: job.mode === 'dry-run' });
  const result: FileResult = { ...cleaned };
  if (writesPost && result.status !== 'failed') context.stdout.write(cleaned.output);
  const output = context.format === 'json' && job.mode === 'write' && result.status === 'changed' ? decode(cleaned.output, result.encoding).text : undefined;
  context.report(result, output);
}
