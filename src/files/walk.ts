/**
 * Turn the paths on the command line into the posts to clean.
 *
 * Folders are walked for post extensions, in a stable (byte-wise sorted)
 * order, skipping node_modules, dot-folders and dot-files (blogfix's own
 * temporary files start with a dot). Symlinks met while walking are not
 * followed; a path named on the command line is taken whatever it is,
 * except a temporary file of blogfix's own, which is never taken for a post.
 * Ignored paths (see ignore.ts) are skipped, named ones included, as
 * prettier does: silently for files (a pre-commit hook names every staged
 * file), while a named folder left out whole is told (see ignoredFolders).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isTempName } from './write-atomic.js';

export const POST_EXTENSIONS: readonly string[] = ['.html', '.htm', '.md', '.markdown', '.mdx', '.txt'];

export interface Target {
  /** The path to show: as given, or as given joined with the walk. */
  display: string;
  /** The path to open. */
  file: string;
}

export interface WalkError {
  display: string;
  message: string;
}

export interface Walked {
  targets: Target[];
  errors: WalkError[];
  /** Folders named on the command line that the ignore files leave out whole. */
  ignoredFolders: string[];
  /** Folders named on the command line in which the walk found no post. */
  empty: string[];
  /** blogfix's own temporary files met while walking (a killed run's: see staleTemps in write-atomic.ts). */
  temps: string[];
}

const byName = (a: fs.Dirent, b: fs.Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a folder';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return error instanceof Error ? error.message : String(error);
}

export interface WalkOptions {
  extensions?: readonly string[];
  /** Called for every file and folder met while walking or named; true skips it. */
  ignored?: (file: string, isDirectory: boolean) => boolean;
}

function walkFolder(display: string, folder: string, options: WalkOptions, out: Walked): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    out.errors.push({ display, message: `cannot read folder: ${describe(error)}` });
    return;
  }
  const extensions = options.extensions ?? POST_EXTENSIONS;
  for (const entry of entries.sort(byName)) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') {
      if (entry.isFile() && isTempName(entry.name)) out.temps.push(path.join(folder, entry.name));
      continue;
    }
    const file = path.join(folder, entry.name);
    const shown = path.join(display, entry.name);
    if (entry.isDirectory()) {
      if (!options.ignored?.(file, true)) walkFolder(shown, file, options, out);
    } else if (entry.isFile() && extensions.includes(path.extname(entry.name).toLowerCase())) {
      if (!options.ignored?.(file, false)) out.targets.push({ display: shown, file });
    }
  }
}

/** Expand paths into targets; unknown paths become errors, and the rest go on. */
export function expandPaths(paths: readonly string[], options: WalkOptions = {}): Walked {
  const out: Walked = { targets: [], errors: [], ignoredFolders: [], empty: [], temps: [] };
  for (const given of paths) {
    const display = path.normalize(given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      out.errors.push({ display, message: describe(error) });
      continue;
    }
    if (options.ignored?.(given, stat.isDirectory())) {
      if (stat.isDirectory()) out.ignoredFolders.push(display);
      continue;
    }
    if (stat.isDirectory()) {
      const before = out.targets.length;
      walkFolder(display, given, options, out);
      if (out.targets.length === before) out.empty.push(display);
    } else if (isTempName(path.basename(given))) {
      out.errors.push({ display, message: 'a temporary file left by an interrupted blogfix run, not a post (the post beside it is whole): delete it' });
    } else out.targets.push({ display, file: given });
  }
  // the same file named twice is cleaned once
  const seen = new Set<string>();
  out.targets = out.targets.filter((target) => {
    const key = path.resolve(target.file);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out;
}
