/**
 * `--cache`: as eslint's, on file-entry-cache (the library eslint uses).
 * A post whose size and modification time are those of a run with the same
 * blogfix version, configuration and passes, and which that run found
 * unchanged, is not read again: its warnings are told from the cache. Each
 * cached post costs one stat (file-entry-cache's), nothing more.
 *
 * Only posts found unchanged are kept: a post that would change, was
 * written, or failed is read again next time (a written post is then found
 * clean and kept). The cache is a file (default `.blogfixcache` in the
 * working folder, `--cache-location` elsewhere); a cache that cannot be read
 * is started anew, one that cannot be written is said and the run goes on.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FileDescriptor, FileEntryCache } from 'file-entry-cache';
import type { FileResult, Located } from '../engine/clean-file.js';
import type { EncodingName } from '../formats/encoding.js';
import { emptyTally } from '../engine/collect.js';
import type { Target } from '../files/walk.js';
import { version } from '../version.js';

const require = createRequire(import.meta.url);

export const CACHE_FILE = '.blogfixcache';
/** Bumped when what is kept changes shape. */
const CACHE_FORMAT = 1;

/** What is kept of a post found unchanged. */
interface Kept {
  key: string;
  encoding?: EncodingName;
  bom?: boolean;
  warnings: Located[];
  problems: Located[];
}

/** The cache file for `--cache-location` (a file, or a folder: an existing one, or a path ending in a separator). */
export function cacheFile(cwd: string, location?: string): string {
  if (location === undefined) return path.resolve(cwd, CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  const folder = /[\\/]$/.test(location) || (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory());
  return folder ? path.join(resolved, CACHE_FILE) : resolved;
}

/** What results depend on besides the post: blogfix's version and every setting of the job (not the mode). */
export function cacheKey(settings: object): string {
  return createHash('sha256').update(JSON.stringify({ format: CACHE_FORMAT, version, settings })).digest('base64url');
}

export class RunCache {
  private readonly entries: FileEntryCache;
  private readonly descriptors = new Map<string, FileDescriptor & { key?: string }>();

  constructor(
    readonly file: string,
    private readonly key: string,
  ) {
    const { createFromFile } = require('file-entry-cache') as typeof import('file-entry-cache');
    // absolute keys: the same post whatever folder blogfix is run from
    this.entries = createFromFile(file, { useAbsolutePathAsKey: true });
  }

  /** The result kept for a post, when it is unchanged since (one stat); undefined: clean it. */
  lookup(target: Target): FileResult | undefined {
    const descriptor = this.entries.getFileDescriptor(path.resolve(target.file)) as FileDescriptor & { key?: string };
    if (descriptor.err || descriptor.notFound) return undefined;
    this.descriptors.set(target.file, descriptor);
    const kept = descriptor.meta.data as Kept | undefined;
    if (descriptor.changed || !kept || kept.key !== this.key) return undefined;
    return { display: target.display, status: 'unchanged', encoding: kept.encoding, bom: kept.bom, fixes: [], tally: emptyTally(), warnings: kept.warnings, problems: kept.problems, written: false };
  }

  /** Keep a post's result if it was found unchanged; forget it otherwise. */
  record(target: Target, result: FileResult): void {
    const descriptor = this.descriptors.get(target.file);
    if (!descriptor?.key) return;
    if (result.status !== 'unchanged' || result.error !== undefined) {
      this.entries.removeEntry(path.resolve(target.file));
      return;
    }
    const kept: Kept = { key: this.key, encoding: result.encoding, bom: result.bom, warnings: result.warnings, problems: result.problems };
    // the size and time of the stat taken before the post was read: a post changed since is read again next time
    this.entries.cache.setKey(descriptor.key, { ...descriptor.meta, data: kept });
  }

  /** Write the cache file; a message when it cannot be written. */
  save(): string | undefined {
    let failure: string | undefined;
    this.entries.cache.on('error', (error: unknown) => (failure = error instanceof Error ? error.message : String(error)));
    // not file-entry-cache's reconcile(), which stats every post a second time
    this.entries.cache.save();
    return failure && `cannot write the cache ${this.file}: ${failure}`;
  }
}
