/**
 * From the command line's paths to the posts to clean: a folder that is a
 * site's root becomes its content (site.ts), patterns become the posts they
 * match (glob.ts), and everything is then walked (walk.ts). No path at all
 * means the working folder's content: a site's, or the configuration's
 * "content"; a folder that is neither is a usage error.
 */
import path from 'node:path';
import fs from 'node:fs';
import { expandPatterns } from './glob.js';
import type { IgnoreFilter } from './ignore.js';
import { configuredWalk, detectSite, SITE_KINDS, siteWalk, type SiteWalk } from './site.js';
import { expandPaths, type WalkError, type Walked } from './walk.js';

export interface TargetOptions {
  /** The working folder (default process.cwd()). */
  cwd?: string;
  ignored?: IgnoreFilter;
  /** The configuration's "content", with its folder and its name. */
  content?: { dir: string; source: string; paths: readonly string[] };
}

export interface Collected extends Walked {
  /** The site roots met, and what was walked in each. */
  sites: SiteWalk[];
  /** Patterns that match no post (errors unless --no-error-on-unmatched-pattern). */
  unmatched: WalkError[];
  /** Set when there is nothing to walk at all (no path, no site, no content). */
  usage?: string;
}

const isDir = (file: string) => {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
};

export function collectTargets(paths: readonly string[], options: TargetOptions = {}): Collected {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const sites: SiteWalk[] = [];
  const given = paths.length > 0 ? paths : [path.relative(process.cwd(), cwd) || '.'];
  const replaced: string[] = [];
  for (const item of given) {
    const folder = path.resolve(cwd, item);
    let walk: SiteWalk | undefined;
    if (options.content && path.resolve(options.content.dir) === folder) walk = configuredWalk(item, options.content.source, options.content.paths);
    else if (isDir(folder)) {
      const site = detectSite(folder);
      if (site) walk = siteWalk(item, folder, site);
    }
    if (walk) {
      sites.push(walk);
      replaced.push(...walk.paths);
    } else replaced.push(item);
  }
  if (paths.length === 0 && sites.length === 0) {
    const names = SITE_KINDS.map((kind) => kind.name).join(', ');
    return {
      targets: [],
      errors: [],
      ignoredFolders: [],
      empty: [],
      temps: [],
      unmatched: [],
      sites,
      usage: `no paths given, and ${given[0]} is not the root of a site blogfix recognises (${names}); name files, folders or patterns (blogfix clean posts/), or set "content" in the configuration`,
    };
  }
  const globbed = expandPatterns(replaced, { cwd, ignored: options.ignored });
  const walked = expandPaths(globbed.paths, { ignored: options.ignored });
  return { ...walked, unmatched: globbed.errors, sites };
}
