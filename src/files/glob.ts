/**
 * Glob patterns on the command line, as prettier, eslint and textlint take
 * them: `blogfix clean 'content/**\/*.md'`. A path that exists is always
 * taken as it is written, even when it holds `*` or `[`; anything else that
 * looks like a pattern is expanded with tinyglobby (relative to the working
 * folder, dot-files and node_modules left out), keeping post files only,
 * minus what the ignore files leave out, in a stable (byte-wise) order. A
 * pattern that matches no post is an error, as a missing path is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { lazyGlob } from '../lazy.js';
import type { IgnoreFilter } from './ignore.js';
import { POST_EXTENSIONS, type WalkError } from './walk.js';

/** Characters that can make a pattern (tinyglobby's isDynamicPattern decides). */
const MAYBE_PATTERN = /[*?[\]{}()!+@]/;

export interface GlobOptions {
  /** The folder patterns are relative to (default process.cwd()). */
  cwd?: string;
  ignored?: IgnoreFilter;
  extensions?: readonly string[];
}

export interface Globbed {
  /** Paths as given, with every pattern replaced by the posts it matches. */
  paths: string[];
  /** Patterns that match no post. */
  errors: WalkError[];
}

/** Whether `given` is to be read as a glob pattern: it does not exist, and it holds pattern syntax. */
export function isPattern(given: string, cwd = process.cwd()): boolean {
  if (!MAYBE_PATTERN.test(given)) return false;
  if (fs.existsSync(path.resolve(cwd, given))) return false;
  return lazyGlob().isDynamicPattern(given);
}

const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Expand the patterns among `paths`; other paths pass through untouched, in order. */
export function expandPatterns(paths: readonly string[], options: GlobOptions = {}): Globbed {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const extensions = options.extensions ?? POST_EXTENSIONS;
  const out: Globbed = { paths: [], errors: [] };
  for (const given of paths) {
    if (!isPattern(given, cwd)) {
      out.paths.push(given);
      continue;
    }
    // backslashes are separators on Windows, not escapes
    const pattern = path.sep === '\\' ? given.split('\\').join('/') : given;
    const matches = lazyGlob()
      .globSync([pattern], { cwd, onlyFiles: true, dot: false, ignore: ['**/node_modules/**'], expandDirectories: false, followSymbolicLinks: false })
      .filter((match) => extensions.includes(path.extname(match).toLowerCase()));
    const absolute = matches.map((match) => path.resolve(cwd, match));
    const kept = (options.ignored ? absolute.filter((file) => !options.ignored!(file, false)) : absolute)
      // shown (and opened) relative to the working folder, as a walk shows its posts
      .map((file) => path.relative(process.cwd(), file) || file)
      .sort(byBytes);
    const shown = absolute;
    if (kept.length === 0) {
      const left = shown.length - kept.length;
      out.errors.push({
        display: given,
        message: left > 0 ? `no post matches this pattern that the ignore files do not leave out (${left} left out)` : 'no post matches this pattern',
      });
      continue;
    }
    out.paths.push(...kept);
  }
  return out;
}
