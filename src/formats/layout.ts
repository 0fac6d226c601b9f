/**
 * Split a post into the regions the passes clean. Everything outside the
 * regions (front matter, export metadata) is copied through untouched.
 */
import type { RegionKind } from '../engine/clean-region.js';
import type { Report } from '../types.js';
import { findFrontMatter } from './front-matter.js';
import { isMovableTypeExport, movableTypeRegions } from './movable-type.js';

export type PostFormat = 'html' | 'markdown' | 'movable-type';

export const POST_FORMATS: readonly PostFormat[] = ['html', 'markdown', 'movable-type'];

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

/** The format of a post: Movable Type export by name or content, Markdown by extension, else HTML. */
export function formatOf(text: string, path: string | undefined): PostFormat {
  if (isMovableTypeExport(text, path)) return 'movable-type';
  return path && MARKDOWN_PATH.test(path) ? 'markdown' : 'html';
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
  const regions: Region[] = start < text.length ? [{ start, end: text.length, kind: resolved }] : [];
  return { format: resolved, regions, problems: [] };
}
