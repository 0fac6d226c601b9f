/**
 * One post on disk: read its bytes, decode them losslessly, clean the text,
 * and, depending on the mode, write it back atomically, hand back what a
 * patch is made of (the report side makes it: report/patch.ts), or just tell
 * whether it would change. Never throws for a bad file: a failure is a result
 * that names the reason.
 */
import fs from 'node:fs';
import { decode, encode, encodableFor, isUtf8Text, DecodeError, ENCODING_NAMES, type Decoded, type EncodingName } from '../formats/encoding.js';
import { applySegments, emptyTally, type CleanPostOptions, type Segment, type Tally } from './clean-post.js';
import { cleanString } from './clean-string.js';
import { cleanUtf8Bytes } from './clean-utf8-bytes.js';
import { utf8DeclarationEdits } from '../formats/charset.js';
import { mayHoldNotation, notationReports } from '../formats/hatena-notation.js';
import { isMdxPath, RefusedPost } from '../formats/layout.js';
import type { Fix } from './clean-region.js';
import { AtomicWriter, stampOf, writeAtomic, writeAtomicAsync, WriteError, type ReadStamp } from '../files/write-atomic.js';
import type { Target } from '../files/walk.js';
import { LineIndex } from '../text/line-index.js';
import type { Report } from '../types.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export type Mode = 'write' | 'dry-run' | 'check';

export interface FileSettings extends Omit<CleanPostOptions, 'path' | 'encodable'> {
  mode: Mode;
  /** Skip detection and read every file in this encoding. */
  encoding?: EncodingName;
  /** Write EUC-JP and Shift_JIS posts back as UTF-8 (their charset declarations updated). */
  toUtf8?: boolean;
}

/**
 * --dry-run, a post that would change: the texts its patch is made from (by
 * report/patch.ts). Only changed posts carry one, and only in dry-run mode:
 * it holds the whole post, and a worker thread sends it back by copy.
 */
export interface Change {
  /** The post's path, which the patch names as git does (report/patch-path.ts); without it, the post's display name. */
  file?: string;
  /**
   * The post as read: its text (decoded; a UTF-8 BOM as U+FEFF, as git sees
   * it), or its UTF-8 bytes when it was cleaned from its bytes (a big post).
   */
  before: string | Uint8Array;
  /** The after text: `before` with each span (code units of a text, bytes of bytes) replaced by its text. */
  segments: Segment[];
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
  /** Every fix, when asked for (keepFixes); `tally` always counts them. */
  fixes: Located<Fix>[];
  tally: Tally;
  warnings: Located[];
  problems: Located[];
  /** dry-run, a changed post: what its patch is made of (see patchOf in report/patch.ts). */
  change?: Change;
  /** write: whether the file was written. */
  written: boolean;
  /** --to-utf8: the encoding the post was read in and is no longer written in. */
  convertedFrom?: EncodingName;
}

/** A result for a post that could not be cleaned, naming why. */
export function failedResult(display: string, error: string): FileResult {
  return failed(display, error);
}

function failed(display: string, error: string, extra: Partial<FileResult> = {}): FileResult {
  return { display, status: 'failed', error, fixes: [], tally: emptyTally(), warnings: [], problems: [], written: false, ...extra };
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
  /**
   * The cleaned bytes in pieces: every unchanged span is a slice of the input
   * bytes (copied, never re-encoded); only changed regions are encoded.
   */
  chunks: Buffer[];
  /** The pieces joined. */
  readonly output: Buffer;
}

function withChunks(result: FileResult, chunks: Buffer[] | (() => Buffer[])): BytesResult {
  let made: Buffer[] | undefined = typeof chunks === 'function' ? undefined : chunks;
  let joined: Buffer | undefined;
  // made on first use (--check and --dry-run never need the bytes); not enumerable, so a spread of the result leaves them be
  return Object.defineProperties(result, {
    chunks: {
      get() {
        made ??= (chunks as () => Buffer[])();
        return made;
      },
    },
    output: {
      get(this: BytesResult) {
        const pieces = this.chunks;
        joined ??= pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
        return joined;
      },
    },
  }) as BytesResult;
}

/** Cut the unchanged bytes around segments given in byte offsets. */
function byteChunks(bytes: Buffer, segments: readonly Segment[], encodeText: (text: string) => Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let cursor = 0;
  for (const segment of segments) {
    chunks.push(bytes.subarray(cursor, segment.start), encodeText(segment.text));
    cursor = segment.end;
  }
  chunks.push(bytes.subarray(cursor));
  return chunks;
}

/** Segments in text offsets of a decoded file, moved to byte offsets. */
function toByteSegments(decoded: Decoded, segments: readonly Segment[]): Segment[] {
  const plain = { encoding: decoded.encoding, bom: false };
  const byteLength = (slice: string) => (decoded.encoding === 'utf-8' ? Buffer.byteLength(slice, 'utf8') : encode(slice, plain).length);
  const out: Segment[] = [];
  let bytes = decoded.bom ? 3 : 0;
  let chars = 0;
  for (const segment of segments) {
    bytes += byteLength(decoded.text.slice(chars, segment.start));
    const start = bytes;
    bytes += byteLength(decoded.text.slice(segment.start, segment.end));
    out.push({ start, end: bytes, text: segment.text });
    chars = segment.end;
  }
  return out;
}

type CleanBytesSettings = Omit<FileSettings, 'mode'> & {
  path?: string;
  /** --dry-run: a changed post hands back what its patch is made of (`change`). */
  patch?: boolean;
  /** Told how many bytes are done, region by region (UTF-8 posts). */
  onProgress?: (done: number, total: number) => void;
  /**
   * UTF-8 posts this big or bigger are cleaned region by region from their
   * bytes (never decoded whole); smaller ones are decoded at once, which is
   * quicker. Default 1 MB.
   */
  byteRegionsFrom?: number;
  /**
   * Takes the output bytes as they are made (nothing is sent when nothing
   * changes); the result then holds no chunks.
   */
  sink?: (chunk: Buffer) => void;
};

/**
 * Clean a post given as bytes: refuse what does not decode and round-trip,
 * clean, and give back bytes in the same encoding and BOM. `display` names it
 * in reports and patches; `path` picks the format. UTF-8 is cleaned region by
 * region from the bytes; other encodings are decoded whole.
 */
export function cleanBytes(bytes: Buffer, display: string, settings: CleanBytesSettings): BytesResult {
  let decoded: Decoded | undefined;
  try {
    // an MDX post is parsed whole (its layout is its parse), so it is decoded whole
    const byRegion = isUtf8Text(bytes, settings.encoding) && bytes.length >= (settings.byteRegionsFrom ?? BYTE_REGIONS_FROM) && !isMdxPath(settings.path ?? display);
    if (!byRegion) decoded = decode(bytes, settings.encoding);
  } catch (error) {
    if (error instanceof DecodeError) return withChunks(failed(display, `${error.message}; left untouched`), [bytes]);
    throw error;
  }
  const encoding = decoded?.encoding ?? 'utf-8';
  const bom = decoded?.bom ?? bytes.subarray(0, 3).equals(BOM);
  const options = { ...settings, path: settings.path ?? display };
  let base: FileResult;
  let segments: Segment[];
  let textSegments: Segment[] = [];
  try {
    if (decoded && settings.toUtf8 && encoding !== 'utf-8') return convertToUtf8(decoded, display, options);
    if (decoded) {
      const result = cleanString(decoded.text, { ...options, encodable: encodableFor(encoding) });
      const lines = new LineIndex(decoded.text);
      const locate = <R extends Report>(report: R): Located<R> => Object.assign(report, lines.locate(report.start));
      textSegments = result.segments;
      const text = decoded;
      segments = result.segments.length === 0 ? [] : toByteSegments(text, result.segments);
      const warnings = [...result.warnings, ...notationReports(decoded.text, settings.format ?? 'auto', options.path)].map(locate);
      base = { display, status: 'unchanged', encoding, bom, fixes: result.fixes.map(locate), tally: result.tally, warnings, problems: result.problems.map(locate), written: false };
    } else {
      // with a sink and no patch wanted, regions go out as they are cleaned
      const streaming = settings.sink !== undefined && !settings.patch;
      let cursor = 0;
      const sink = settings.sink;
      const result = cleanUtf8Bytes(bytes, {
        ...options,
        onProgress: settings.onProgress,
        keepSegments: !streaming,
        onSegment: streaming
          ? (segment) => {
              sink!(bytes.subarray(cursor, segment.start));
              sink!(Buffer.from(segment.text, 'utf8'));
              cursor = segment.end;
            }
          : undefined,
      });
      if (streaming) {
        if (result.changed) sink!(bytes.subarray(cursor));
        const status = result.changed ? 'changed' : 'unchanged';
        const warnings = [...result.warnings, ...bigPostNotation(bytes, settings.format ?? 'auto', options.path)];
        return withChunks({ display, status, encoding, bom, fixes: result.fixes, tally: result.tally, warnings, problems: result.problems, written: false }, []);
      }
      segments = result.segments;
      base = { display, status: 'unchanged', encoding, bom, fixes: result.fixes, tally: result.tally, warnings: [...result.warnings, ...bigPostNotation(bytes, settings.format ?? 'auto', options.path)], problems: result.problems, written: false };
    }
  } catch (error) {
    // a streamed write that failed says so itself (prepareFile reports it)
    if (error instanceof WriteError) throw error;
    if (error instanceof RefusedPost) return withChunks(failed(display, `${error.message}; left untouched`, { encoding, bom }), [bytes]);
    return withChunks(failed(display, `cannot clean: ${error instanceof Error ? error.message : String(error)}; left untouched`, { encoding, bom }), [bytes]);
  }
  if (segments.length === 0) return withChunks(base, [bytes]);
  base.status = 'changed';
  const chunks = () => byteChunks(bytes, segments, (text) => encode(text, { encoding, bom: false }));
  if (settings.sink) {
    for (const chunk of chunks()) settings.sink(chunk);
    return withChunks(base, []);
  }
  if (!settings.patch) return withChunks(base, chunks);
  const file = settings.path;
  if (!decoded) return withChunks({ ...base, change: { file, before: bytes, segments } }, chunks);
  if (encoding === 'utf-8' && bom) {
    // git sees the BOM as part of the first line
    const shifted = textSegments.map((segment) => ({ ...segment, start: segment.start + 1, end: segment.end + 1 }));
    return withChunks({ ...base, change: { file, before: `\ufeff${decoded.text}`, segments: shifted } }, chunks);
  }
  return withChunks({ ...base, change: { file, before: decoded.text, segments: textSegments } }, chunks);
}

/**
 * --to-utf8 on an EUC-JP or Shift_JIS post: its charset declarations say
 * UTF-8, it is cleaned (nothing needs writing as a character reference
 * now), and all of it is written as UTF-8. The text is exactly what the
 * decode gave, but for those edits. The conversion is a change of its own:
 * --check lists the post, --dry-run shows it (a note, and the text's diff).
 */
function convertToUtf8(decoded: Decoded, display: string, options: CleanBytesSettings & { path: string }): BytesResult {
  const original = decoded.text;
  const declarations = utf8DeclarationEdits(original, options.path);
  const declared = applySegments(original, declarations);
  const result = cleanString(declared, { ...options, encodable: undefined });
  const output = result.output;
  // reports are placed in the text as read: declarations keep every line where it was
  const lines = new LineIndex(declared);
  const locate = <R extends Report>(report: R): Located<R> => Object.assign(report, lines.locate(report.start));
  const from = ENCODING_NAMES[decoded.encoding];
  const where = declarations.map((edit) => new LineIndex(original).locate(edit.start).line);
  const notice: Report = {
    pass: 'encoding',
    message: `converted from ${from} to UTF-8${where.length > 0 ? `; its charset declaration${where.length > 1 ? 's' : ''} (line ${where.join(', ')}) now say${where.length > 1 ? '' : 's'} UTF-8` : ''}`,
    start: declarations[0]?.start ?? 0,
    end: declarations[0]?.end ?? 0,
    severity: 'notice',
    edits: [],
  };
  const warnings = [notice, ...result.warnings, ...notationReports(declared, options.format ?? 'auto', options.path)].map(locate);
  const base: FileResult = {
    display,
    status: 'changed',
    encoding: decoded.encoding,
    bom: decoded.bom,
    fixes: result.fixes.map(locate),
    tally: result.tally,
    warnings,
    problems: result.problems.map(locate),
    written: false,
    convertedFrom: decoded.encoding,
  };
  const bytes = Buffer.from(output, 'utf8');
  if (options.sink) {
    options.sink(bytes);
    return withChunks(base, []);
  }
  if (!options.patch) return withChunks(base, [bytes]);
  // the text as decoded and as written; the patch narrows it to what changed
  return withChunks({ ...base, change: { before: original, segments: [{ start: 0, end: original.length, text: output }] } }, [bytes]);
}

/** Hatena notation in a big UTF-8 post, decoded only when a byte view holds a candidate. */
function bigPostNotation(bytes: Buffer, format: NonNullable<CleanPostOptions['format']>, path: string): Located[] {
  const start = bytes.subarray(0, 3).equals(BOM) ? 3 : 0;
  if (!mayHoldNotation(bytes.toString('latin1', start))) return [];
  const text = bytes.toString('utf8', start);
  const lines = new LineIndex(text);
  return notationReports(text, format, path).map((report) => Object.assign(report, lines.locate(report.start)));
}

/** Posts at least this big are written as they are cleaned, never held whole. */
export const STREAM_BYTES = 4 << 20;

/** UTF-8 posts at least this big are cleaned region by region from their bytes. */
export const BYTE_REGIONS_FROM = 1 << 20;

/** A post read and cleaned; `replacement` is what remains to write, if anything. */
export interface PreparedFile {
  result: FileResult;
  replacement?: { file: string; chunks: Buffer[]; stamp: ReadStamp };
}

function writeFailed(result: FileResult, error: WriteError): FileResult {
  // what was cleaned stays reported, but nothing was written
  return { ...result, status: 'failed', error: error.message, written: false };
}

/**
 * Read and clean one post. In write mode a big post is written while it is
 * cleaned; a small one comes back with its replacement, for the caller to
 * write now or alongside the next post. Never throws for a bad file.
 */
export function prepareFile(
  target: Target,
  settings: FileSettings & { onProgress?: (done: number, total: number) => void },
  /** The post's stat, when the caller has just taken it. */
  known?: fs.Stats,
): PreparedFile {
  const { display, file } = target;
  let bytes: Buffer;
  let stat: fs.Stats;
  try {
    stat = known ?? fs.statSync(file);
    if (!stat.isFile()) return { result: failed(display, 'not a regular file') };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { result: failed(display, readError(error)) };
  }
  const options = { ...settings, path: file, patch: settings.mode === 'dry-run' };
  if (settings.mode !== 'write' || bytes.length < STREAM_BYTES) {
    const cleaned = cleanBytes(bytes, display, options);
    const result: FileResult = { ...cleaned };
    if (settings.mode !== 'write' || result.status !== 'changed') return { result };
    return { result, replacement: { file, chunks: cleaned.chunks, stamp: stampOf(stat) } };
  }
  // the temporary file exists only once something changed
  let writer: AtomicWriter | undefined;
  try {
    const result: FileResult = { ...cleanBytes(bytes, display, {
      ...options,
      sink: (chunk) => {
        writer ??= AtomicWriter.open(file, stampOf(stat));
        writer.write(chunk);
      },
    }) };
    if (result.status !== 'changed') {
      writer?.abort();
      return { result };
    }
    writer!.commit();
    return { result: { ...result, written: true } };
  } catch (error) {
    writer?.abort();
    if (error instanceof WriteError) return { result: failed(display, error.message) };
    throw error;
  }
}

/** Write a prepared replacement now. */
export function commitSync(prepared: PreparedFile): FileResult {
  const { result, replacement } = prepared;
  if (!replacement) return result;
  try {
    writeAtomic(replacement.file, replacement.chunks, replacement.stamp);
    return { ...result, written: true };
  } catch (error) {
    if (error instanceof WriteError) return writeFailed(result, error);
    throw error;
  }
}

/** Write a prepared replacement on libuv's thread pool, so the next post can be cleaned meanwhile. */
export async function commitAsync(prepared: PreparedFile): Promise<FileResult> {
  const { result, replacement } = prepared;
  if (!replacement) return result;
  try {
    await writeAtomicAsync(replacement.file, replacement.chunks, replacement.stamp);
    return { ...result, written: true };
  } catch (error) {
    if (error instanceof WriteError) return writeFailed(result, error);
    throw error;
  }
}

/** Clean one post on disk according to the mode. Never throws for a bad file. */
export function cleanFile(target: Target, settings: FileSettings): FileResult {
  return commitSync(prepareFile(target, settings));
}
