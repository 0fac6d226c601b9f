/**
 * Split a post into the regions the passes clean. Everything outside the
 * regions (front matter, export metadata) is copied through untouched.
 */
import type { RegionKind } from '../engine/clean-region.js';
import type { Report } from '../types.js';
import { findFrontMatter } from './front-matter.js';
import { MdxSyntaxError, readMarkdown } from './markdown.js';
import { isMovableTypeExport, movableTypeRegions } from './movable-type.js';

export type PostFormat = 'html' | 'markdown' | 'mdx' | 'movable-type';

export const POST_FORMATS: readonly PostFormat[] = ['html', 'markdown', 'mdx', 'movable-type'];

/** A post blogfix will not clean at all (its MDX does not parse); the message says where and why. */
export class RefusedPost extends Error {
  override readonly name = 'RefusedPost';
}

export interface Region {
  start: number;
  end: number;
  kind: RegionKind;
  /** Which entry of an export the region belongs to. */
  label?: string;
}

export interface Layout {
  format: PostFormat;
  regions: Region[];
  /** Things worth saying about the layout itself. */
  problems: Report[];
}

const MARKDOWN_PATH = /\.(?:md|markdown|mdown|mkd)$/i;
const MDX_PATH = /\.mdx$/i;

/** Whether a path names an MDX post. */
export const isMdxPath = (path: string | undefined): boolean => path !== undefined && MDX_PATH.test(path);

/** The format of a post: Movable Type export by name or content, Markdown or MDX by extension, else HTML. */
export function formatOf(text: string, path: string | undefined): PostFormat {
  if (isMovableTypeExport(text, path)) return 'movable-type';
  if (isMdxPath(path)) return 'mdx';
  return path && MARKDOWN_PATH.test(path) ? 'markdown' : 'html';
}

function lineBreaksBefore(text: string, end: number): number {
  let count = 0;
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || (code === 13 && text.charCodeAt(index + 1) !== 10)) count++;
  }
  return count;
}

/** Parse an MDX body now: a post whose MDX does not parse is refused whole, with the line and column. */
function checkMdx(text: string, start: number): void {
  try {
    readMarkdown(text.slice(start), true);
  } catch (error) {
    if (!(error instanceof MdxSyntaxError)) throw error;
    const shift = lineBreaksBefore(text, start);
    // places inside the reason ("(5:1-5:4)") are the body's: make them the file's
    const reason = error.reason.replace(/\((\d+):(\d+)-(\d+):(\d+)\)/g, (_, a: string, b: string, c: string, d: string) => `(${Number(a) + shift}:${b}-${Number(c) + shift}:${d})`);
    throw new RefusedPost(`MDX does not parse at line ${error.line + shift}, column ${error.column}: ${reason}`);
  }
}

/**
 * Two or more separator lines (`-----`, `--------`, `---`), with only blank
 * lines between and after them, ending a Markdown post: what a Movable Type
 * export or a front matter tool left behind. Markdown shows them as rules
 * (and one right under a line of text makes that text a heading). Said, not
 * changed. Only the last 4 KB are looked at.
 */
function trailingSeparators(text: string, from: number): Report | undefined {
  const tailStart = Math.max(from, text.length - 4096);
  const lines = text.slice(tailStart).split(/\r\n|\r|\n/);
  let index = lines.length - 1;
  let dashes = 0;
  let first = -1;
  for (; index >= 0; index--) {
    const line = lines[index]!;
    if (/^[ \t]*$/.test(line)) continue;
    if (!/^-{3,}[ \t]*$/.test(line)) break;
    dashes++;
    first = index;
  }
  // the whole tail being dashes (or the post nothing else) is not leftover debris
  if (dashes < 2 || index < 0) return undefined;
  let offset = tailStart;
  const breaks = /\r\n|\r|\n/g;
  breaks.lastIndex = tailStart;
  for (let line = 0; line < first; line++) {
    const match = breaks.exec(text);
    if (!match) break;
    offset = match.index + match[0].length;
  }
  const shown = lines.filter((line, at) => at >= first && line.trim() !== '').map((line) => line.trim());
  return {
    pass: 'engine',
    message: `the post ends in separator lines left by an export (${shown.join(', ')}): Markdown shows them as horizontal rules; left as they are`,
    start: offset,
    end: offset + lines[first]!.length,
    severity: 'warning',
    edits: [],
  };
}

export function layoutOf(text: string, format: PostFormat | 'auto', path?: string): Layout {
  const resolved = format === 'auto' ? formatOf(text, path) : format;
  if (resolved === 'movable-type') return { format: resolved, regions: movableTypeRegions(text), problems: [] };
  const frontMatter = findFrontMatter(text);
  if (frontMatter?.unterminated) {
    return {
      format: resolved,
      regions: [],
      problems: [
        {
          pass: 'engine',
          message: 'front matter is never closed: the post was left alone',
          start: 0,
          end: Math.min(3, text.length),
          severity: 'warning',
          edits: [],
        },
      ],
    };
  }
  const start = frontMatter?.end ?? 0;
  if (resolved === 'mdx') checkMdx(text, start);
  const regions: Region[] = start < text.length ? [{ start, end: text.length, kind: resolved }] : [];
  const debris = resolved === 'html' ? undefined : trailingSeparators(text, start);
  return { format: resolved, regions, problems: debris ? [debris] : [] };
}
