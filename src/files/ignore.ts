/**
 * Which paths to leave alone, in gitignore syntax, matched by the `ignore`
 * package (the matcher eslint and many others use):
 *
 * - `.blogfixignore` beside the configuration file, the same root for both
 *   (without a configuration: the nearest one from the working folder up to
 *   the top of its git work tree), or the files given with --ignore-path
 *   instead; patterns relative to the file's folder;
 * - the configuration's "ignore" patterns, relative to its folder;
 * - inside a git repository, the .gitignore files from the repository's top
 *   down to the folder of the path, each relative to its own folder, a deeper
 *   file overriding a shallower one as git does (`!pattern` re-includes).
 *   Only .gitignore files count: not .git/info/exclude, not core.excludesFile.
 *
 * A path outside the folder of a set of patterns is never matched by it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Ignore } from 'ignore';
import { lazyIgnore } from '../lazy.js';
import { gitTop } from './git-top.js';

export const IGNORE_FILE = '.blogfixignore';

/** Patterns and the folder they are relative to. */
interface Rules {
  dir: string;
  matcher: Ignore;
}

export interface IgnoreSettings {
  cwd: string;
  /** Ignore files to read (relative to cwd); default: `.blogfixignore` in `root`, when it exists. */
  ignorePaths?: readonly string[];
  /** The folder of the configuration file, where `.blogfixignore` is read; default: see ignoreRoot. */
  root?: string;
  /** Patterns from the configuration, with the folder they are relative to. */
  patterns?: { dir: string; patterns: readonly string[] };
  /** Respect .gitignore files inside git repositories (default true). */
  gitignore?: boolean;
}

/** A path or folder to skip? Paths may be relative to the cwd the filter was made for. */
export type IgnoreFilter = (file: string, isDirectory: boolean) => boolean;

/** An ignore file named on the command line that cannot be read. */
export class IgnoreFileError extends Error {
  override readonly name = 'IgnoreFileError';
}

function rulesOf(dir: string, patterns: string | readonly string[]): Rules {
  return { dir, matcher: lazyIgnore()().add(patterns) };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The path as `rules` see it: relative, with `/`, a trailing `/` for folders; undefined when outside. */
function relativeTo(rules: Rules, absolute: string, isDirectory: boolean): string | undefined {
  const relative = path.relative(rules.dir, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const posix = path.sep === '/' ? relative : relative.split(path.sep).join('/');
  return isDirectory ? `${posix}/` : posix;
}

/**
 * The .gitignore files that apply inside each folder, top of the repository
 * first; null outside a repository. Cached per folder: a walk asks once per
 * folder, not once per file.
 */
class GitignoreChains {
  private readonly chains = new Map<string, readonly Rules[] | null>();

  of(dir: string): readonly Rules[] | null {
    const cached = this.chains.get(dir);
    if (cached !== undefined) return cached;
    const text = readText(path.join(dir, '.gitignore'));
    const own = text === undefined ? undefined : rulesOf(dir, text);
    let chain: readonly Rules[] | null;
    if (fs.existsSync(path.join(dir, '.git'))) chain = own ? [own] : [];
    else {
      const parent = path.dirname(dir);
      const above = parent === dir ? null : this.of(parent);
      chain = above === null ? null : own ? [...above, own] : above;
    }
    this.chains.set(dir, chain);
    return chain;
  }

  /** git's answer: the deepest .gitignore with a say decides. */
  ignores(absolute: string, isDirectory: boolean): boolean {
    const chain = this.of(path.dirname(absolute));
    if (!chain) return false;
    let ignored = false;
    for (const rules of chain) {
      const relative = relativeTo(rules, absolute, isDirectory);
      if (relative === undefined) continue;
      const result = rules.matcher.test(relative);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  }
}

/**
 * Without a configuration file, where `.blogfixignore` is read: the nearest
 * folder holding one, from `cwd` up to the top of its git work tree (only
 * `cwd` outside a work tree); `cwd` when there is none.
 */
export function ignoreRoot(cwd: string): string {
  const start = path.resolve(cwd);
  const top = gitTop(start);
  if (top === null) return start;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, IGNORE_FILE))) return dir;
    if (dir === top || path.dirname(dir) === dir) return start;
  }
}

/** The ignore files a run reads (for --print-config). */
export function ignoreFiles(settings: Pick<IgnoreSettings, 'cwd' | 'ignorePaths' | 'root'>): string[] {
  if (settings.ignorePaths) return settings.ignorePaths.map((given) => path.resolve(settings.cwd, given));
  const file = path.join(settings.root !== undefined ? path.resolve(settings.root) : ignoreRoot(settings.cwd), IGNORE_FILE);
  return fs.existsSync(file) ? [file] : [];
}

/**
 * The filter for a run, or undefined when nothing can be ignored (no ignore
 * file, no patterns, gitignore off): the walk then asks nothing.
 */
export function createIgnoreFilter(settings: IgnoreSettings): IgnoreFilter | undefined {
  const cwd = path.resolve(settings.cwd);
  const fixed: Rules[] = [];
  if (settings.ignorePaths) {
    for (const given of settings.ignorePaths) {
      const file = path.resolve(cwd, given);
      const text = readText(file);
      if (text === undefined) throw new IgnoreFileError(`--ignore-path ${given}: cannot read the file`);
      fixed.push(rulesOf(path.dirname(file), text));
    }
  } else {
    const root = settings.root !== undefined ? path.resolve(settings.root) : ignoreRoot(cwd);
    const text = readText(path.join(root, IGNORE_FILE));
    if (text !== undefined) fixed.push(rulesOf(root, text));
  }
  if (settings.patterns && settings.patterns.patterns.length > 0) fixed.push(rulesOf(path.resolve(settings.patterns.dir), settings.patterns.patterns));
  // repositories are found path by path: a path named on the command line may lead into one elsewhere
  const git = settings.gitignore === false ? undefined : new GitignoreChains();
  if (fixed.length === 0 && !git) return undefined;
  return (file, isDirectory) => {
    const absolute = path.resolve(cwd, file);
    for (const rules of fixed) {
      const relative = relativeTo(rules, absolute, isDirectory);
      if (relative !== undefined && rules.matcher.ignores(relative)) return true;
    }
    return git ? git.ignores(absolute, isDirectory) : false;
  };
}
