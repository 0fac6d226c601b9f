/**
 * The library, for tools that call blogfix rather than run it: clean a post
 * held as a string (`cleanText`) or a post on disk (`cleanFile`), and the
 * list of passes. Reports have the shape of `--format json`'s messages.
 */
import fs from 'node:fs';
import { cleanBytes, commitAsync, prepareFile, type FileResult, type Located } from './engine/clean-file.js';
import type { EncodingName } from './formats/encoding.js';
import { cleanString as cleanWholeText } from './engine/clean-string.js';
import { notationReports } from './formats/hatena-notation.js';
import type { PostFormat } from './formats/layout.js';
import type { OwnBlog } from './hatena/own-blogs.js';
import { isOnByDefault, passes as allPasses, presets, presetsTurningOn, selectPasses } from './passes/index.js';
import { toMessage, warningsOf, type Message } from './report/json.js';
import { LineIndex } from './text/line-index.js';
import type { Report } from './types.js';

/** A pass, as `blogfix passes` lists it. */
export interface PassInfo {
  /** kebab-case: what `only`, `skip`, --only and the configuration's "passes" name. */
  readonly name: string;
  /** One line. */
  readonly description: string;
  /** Whether it runs when nothing names it (own-links: once `ownBlogs` is given). */
  readonly onByDefault: boolean;
  /** The presets that turn it on. */
  readonly presets: readonly string[];
}

/** The passes, in the order they run. */
export const passes: readonly PassInfo[] = Object.freeze(
  allPasses.map((pass) =>
    Object.freeze({ name: pass.name, description: pass.description, onByDefault: isOnByDefault(pass.name), presets: Object.freeze(presetsTurningOn(pass.name)) }),
  ),
);

export interface CleanOptions {
  /** Run only these passes (default: the passes on by default, and those `preset` and `enable` turn on). An unknown name throws. */
  only?: readonly string[];
  /** Do not run these passes. An unknown name throws. */
  skip?: readonly string[];
  /** Extra hosts whose /keyword/ pages are Hatena keyword pages ("d.example.jp"). */
  keywordHosts?: readonly string[];
  /** Extra image URLs that are tracking pixels whatever their size: regular expressions (strings are read case-insensitively). */
  pixelPatterns?: readonly (string | RegExp)[];
  /** Presets whose passes to turn on too ("leaving-hatena"). An unknown name throws. */
  preset?: string | readonly string[];
  /** Passes off by default to turn on too ("blog-cards"). */
  enable?: readonly string[];
  /** own-links: the old blogs and how their permalinks map to the new site. */
  ownBlogs?: readonly OwnBlog[];
  /** https-images: hosts ("host" or "host:port") beyond Hatena's and Amazon's that serve the same images over https. */
  httpsImageHosts?: readonly string[];
}

export interface CleanTextOptions extends CleanOptions {
  /** The post's file name: picks the format (.md is Markdown, *.export.txt a Movable Type export). */
  filepath?: string;
  /** The format, instead of guessing it from `filepath` and the text. */
  format?: PostFormat;
}

export interface CleanTextResult {
  /** The cleaned post: the input with the edits spliced in, every other character as it was. */
  output: string;
  changed: boolean;
  format: PostFormat;
  /** The edits made, where they are in the input. */
  edits: Message[];
  /** What was left alone and why (warnings, notices), where it is in the input. */
  warnings: Message[];
}

function enabled(options: CleanOptions): string[] {
  const names = typeof options.preset === 'string' ? [options.preset] : (options.preset ?? []);
  const out = [...(options.enable ?? [])];
  for (const name of names) {
    const preset = presets[name];
    if (!preset) throw new Error(`unknown preset "${name}" (presets: ${Object.keys(presets).join(', ')})`);
    out.push(...preset);
  }
  return out;
}

function engineOptions(options: CleanOptions) {
  return {
    passes: selectPasses(options.only, options.skip, enabled(options), { ownBlogs: options.ownBlogs, httpsImageHosts: options.httpsImageHosts }),
    keywordHosts: options.keywordHosts,
    pixelPatterns: options.pixelPatterns?.map((pattern) => (typeof pattern === 'string' ? new RegExp(pattern, 'i') : pattern)),
  };
}

/** Clean a post held as a string. */
export function cleanText(text: string, options: CleanTextOptions = {}): CleanTextResult {
  const result = cleanWholeText(text, { ...engineOptions(options), path: options.filepath, format: options.format ?? 'auto', keepFixes: true });
  const lines = new LineIndex(text);
  const locate = (report: Report): Located => ({ ...report, ...lines.locate(report.start) });
  return {
    output: result.output,
    changed: result.changed,
    format: result.format,
    edits: result.fixes.map((fix) => toMessage(locate(fix))),
    warnings: warningsOf({ warnings: [...result.warnings, ...notationReports(text, options.format ?? 'auto', options.filepath)].map(locate), problems: result.problems.map(locate) }),
  };
}

export interface CleanFileOptions extends CleanOptions {
  /** Write the cleaned post back, atomically, when it changes (default true). */
  write?: boolean;
  /** Read the file in this encoding instead of detecting it. */
  encoding?: EncodingName;
  /** Write an EUC-JP or Shift_JIS post as UTF-8, its charset declarations updated (as --to-utf8). */
  toUtf8?: boolean;
}

export interface CleanFileResult {
  path: string;
  /** `failed`: the file could not be read, decoded or written; `error` says why, and it was left untouched. */
  status: 'changed' | 'unchanged' | 'failed';
  error?: string;
  encoding?: EncodingName;
  /** Whether the file was rewritten. */
  written: boolean;
  edits: Message[];
  warnings: Message[];
  /** With `write: false`, the cleaned bytes (in the file's own encoding) when the post would change. */
  output?: Buffer;
}

function fromResult(result: FileResult, output?: Buffer): CleanFileResult {
  const out: CleanFileResult = { path: result.display, status: result.status, written: result.written, edits: result.fixes.map(toMessage), warnings: warningsOf(result) };
  if (result.error !== undefined) out.error = result.error;
  if (result.encoding !== undefined) out.encoding = result.encoding;
  if (output !== undefined) out.output = output;
  return out;
}

/**
 * Clean a post on disk: its encoding and line endings are kept, unchanged
 * files are not written, a changed one is replaced atomically. Never throws
 * for a bad file: the result says it failed, and why.
 */
export async function cleanFile(file: string, options: CleanFileOptions = {}): Promise<CleanFileResult> {
  const settings = { ...engineOptions(options), encoding: options.encoding, toUtf8: options.toUtf8, keepFixes: true };
  if (options.write !== false) return fromResult(await commitAsync(prepareFile({ display: file, file }, { ...settings, mode: 'write' })));
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file);
  } catch {
    // the same reasons, worded as the command line words them
    return fromResult(prepareFile({ display: file, file }, { ...settings, mode: 'check' }).result);
  }
  const cleaned = cleanBytes(bytes, file, settings);
  return fromResult(cleaned, cleaned.status === 'changed' ? cleaned.output : undefined);
}
