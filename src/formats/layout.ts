/**
 * Split a post into the regions the passes clean. Everything outside the
 * regions (front matter, export metadata) is copied through untouched.
 */
import type { Report } from '../types.js';
import type { RegionKind } from '../engine/clean-region.js';
import { findFrontMatter } from './front-matter.js';

export type PostFormat = 'html' | 'markdown';

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

export function formatOf(path: string | undefined): PostFormat {
  return path && MARKDOWN_PATH.test(path) ? 'markdown' : 'html';
}

export function layoutOf(text: string, format: PostFormat | 'auto', path?: string): Layout {
  const resolved = format === 'auto' ? formatOf(path) : format;
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
