/**
 * One post on disk: read its bytes, decode them losslessly, clean the text,
 * and, depending on the mode, write it back atomically, make a patch, or
 * just tell whether it would change. Never throws for a bad file: a failure
 * is a result that names the reason.
 */
import fs from 'node:fs';
import { decode, encode, encodableFor, DecodeError, type EncodingName } from './encoding.js';
import { cleanText, type CleanTextOptions } from './engine/clean-text.js';
import type { Fix } from './engine/clean-region.js';
import { stampOf, writeAtomic, WriteError } from './files/write-atomic.js';
import type { Target } from './files/walk.js';
import { filePatch } from './report/patch.js';
import { LineIndex } from './text/line-index.js';
import type { Report } from './types.js';

export type Mode = 'write' | 'dry-run' | 'check';

export interface FileSettings extends Omit<CleanTextOptions, 'path' | 'encodable'> {
  mode: Mode;
  /** Skip detection and read every file in this encoding. */
  encoding?: EncodingName;
}

/** A report with its 1-based line and column in the file as it was read. */
export type Located<R extends Report = Report> = R & { line: number; column: number };

export interface FileResult {
  display: string;
  status: 'unchanged' | 'changed' | 'failed';
  /** Why the file failed. */
  error?: string;
  encoding?: EncodingName;
  bom?: boolean;
  fixes: Located<Fix>[];
  warnings: Located[];
  problems: Located[];
  /** dry-run: the git-style patch (of the decoded text for non-UTF-8 files). */
  patch?: string;
  /** write: whether the file was written. */
  written: boolean;
}

function failed(display: string, error: string, extra: Partial<FileResult> = {}): FileResult {
  return { display, status: 'failed', error, fixes: [], warnings: [], problems: [], written: false, ...extra };
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read: permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'EMFILE' || code === 'ENFILE') return 'cannot read: too many open files';
  return `cannot read: ${error instanceof Error ? error.message : String(error)}`;
}

export interface BytesResult extends FileResult {
  /** The cleaned bytes (the input itself when nothing changed or it failed). */
  output: Buffer;
}

/**
 * Clean a post given as bytes: decode (refusing what does not round-trip),
 * clean, encode back in the same encoding and BOM. `display` names it in
 * reports and patches; `path` picks the format.
 */
export function cleanBytes(bytes: Buffer, display: string, settings: Omit<FileSettings, 'mode'> & { path?: string; patch?: boolean }): BytesResult {
  let decoded;
  try {
    decoded = decode(bytes, settings.encoding);
  } catch (error) {
    if (error instanceof DecodeError) return { ...failed(display, `${error.message}; left untouched`), output: bytes };
    throw error;
  }
  const { encoding, bom } = decoded;
  let result;
  try {
    result = cleanText(decoded.text, { ...settings, path: settings.path ?? display, encodable: encodableFor(encoding) });
  } catch (error) {
    return { ...failed(display, `cannot clean: ${error instanceof Error ? error.message : String(error)}; left untouched`, { encoding, bom }), output: bytes };
  }
  const lines = new LineIndex(decoded.text);
  const locate = <R extends Report>(report: R): Located<R> => ({ ...report, ...lines.locate(report.start) });
  const base: FileResult = {
    display,
    status: result.changed ? 'changed' : 'unchanged',
    encoding,
    bom,
    fixes: result.fixes.map(locate),
    warnings: result.warnings.map(locate),
    problems: result.problems.map(locate),
    written: false,
  };
  if (!result.changed) return { ...base, output: bytes };
  const output = encode(result.output, decoded);
  if (!settings.patch) return { ...base, output };
  const note = encoding === 'utf-8' ? '' : `# blogfix: ${display} is ${encoding}; this patch shows it decoded and does not apply with git apply\n`;
  // the BOM is part of the first line as git sees it
  const bomText = bom ? '\ufeff' : '';
  const segments = result.segments.map((segment) => ({
    start: segment.start + bomText.length,
    end: segment.end + bomText.length,
    outStart: segment.outStart + bomText.length,
    outEnd: segment.outEnd + bomText.length,
  }));
  return { ...base, output, patch: note + filePatch(display, bomText + decoded.text, bomText + result.output, segments) };
}

/** Clean one post on disk according to the mode. Never throws for a bad file. */
export function cleanFile(target: Target, settings: FileSettings): FileResult {
  const { display, file } = target;
  let bytes: Buffer;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    if (!stat.isFile()) return failed(display, 'not a regular file');
    bytes = fs.readFileSync(file);
  } catch (error) {
    return failed(display, readError(error));
  }
  const { output, ...result } = cleanBytes(bytes, display, { ...settings, path: file, patch: settings.mode === 'dry-run' });
  if (result.status !== 'changed' || settings.mode !== 'write') return result;
  try {
    writeAtomic(file, output, stampOf(stat));
  } catch (error) {
    if (error instanceof WriteError) return { ...result, status: 'failed', error: error.message };
    throw error;
  }
  return { ...result, written: true };
}
