/**
 * Site-aware walking. A folder that is the root of a static site (Hugo,
 * Jekyll, Astro, Eleventy, Hexo, Gatsby, Docusaurus; recognised by the
 * site's own configuration file) is walked for its content only, never for
 * its templates, themes, layouts, includes, generated output or caches:
 * `blogfix clean .` at a Hugo root cleans `content/`, not
 * `layouts/_default/single.html`, `themes/<t>/layouts/partials/share.html`
 * or `public/`. `blogfix clean` with no path does the same for the working
 * folder.
 *
 * The configuration's "content" (paths or glob patterns relative to its
 * folder) replaces what the site would give, and gives a content list to a
 * folder that is not a site. Elsewhere a folder is walked whole (minus
 * dot-folders, node_modules and the ignore files), as before.
 */
import fs from 'node:fs';
import path from 'node:path';

export type SiteName = 'Hugo' | 'Jekyll' | 'Astro' | 'Eleventy' | 'Hexo' | 'Gatsby' | 'Docusaurus';

interface SiteKind {
  name: SiteName;
  /** Configuration files that make a folder such a site, most specific first. */
  configs: readonly string[];
  /** A further test, for configuration names two generators share. */
  accept?: (root: string, config: string) => boolean;
  /** Content folders, relative to the root; those that exist are walked. */
  content: readonly string[];
  /** Jekyll: page files at the root (with front matter) are content too. */
  rootPages?: boolean;
  /**
   * Eleventy: the first content folder that exists is the input folder, walked
   * minus its `_` folders (_includes, _data, _layouts); none: the root, so.
   */
  inputFolder?: boolean;
  /** What is never walked at the root (for the documentation and the note). */
  leftOut: readonly string[];
}

const isDir = (file: string) => {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
};

const isFile = (file: string) => {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

function readHead(file: string, bytes = 4096): string {
  try {
    const handle = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const read = fs.readSync(handle, buffer, 0, bytes, 0);
      return buffer.toString('utf8', 0, read);
    } finally {
      fs.closeSync(handle);
    }
  } catch {
    return '';
  }
}

function dependsOn(root: string, name: string): boolean {
  const text = readHead(path.join(root, 'package.json'), 1 << 16);
  return new RegExp(`"${name}"\\s*:`).test(text);
}

const scripts = (base: string) => ['js', 'mjs', 'cjs', 'ts', 'mts'].map((ext) => `${base}.${ext}`);

/** The sites blogfix knows, in the order they are tried. */
export const SITE_KINDS: readonly SiteKind[] = [
  {
    name: 'Hexo',
    configs: ['_config.yml', '_config.yaml'],
    // Jekyll's configuration has the same name: Hexo has source/ and scaffolds/ or depends on hexo
    accept: (root) => isDir(path.join(root, 'source')) && (isDir(path.join(root, 'scaffolds')) || dependsOn(root, 'hexo')),
    content: ['source'],
    leftOut: ['themes/', 'public/', 'scaffolds/', 'node_modules/', '.deploy_git/'],
  },
  {
    name: 'Jekyll',
    configs: ['_config.yml', '_config.yaml', '_config.toml'],
    content: ['_posts', '_drafts'],
    rootPages: true,
    leftOut: ['_layouts/', '_includes/', '_sass/', '_data/', '_site/', '.jekyll-cache/', 'vendor/', 'node_modules/'],
  },
  {
    name: 'Hugo',
    configs: ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json', 'config/_default/hugo.toml', 'config/_default/config.toml', 'config/_default/hugo.yaml', 'config/_default/config.yaml'],
    // config.* is a common name: Hugo's has content/, archetypes/ or themes/ beside it
    accept: (root, config) => config.startsWith('hugo.') || ['content', 'archetypes', 'themes', 'layouts'].some((name) => isDir(path.join(root, name))),
    content: ['content'],
    leftOut: ['layouts/', 'themes/', 'archetypes/', 'assets/', 'static/', 'data/', 'i18n/', 'public/', 'resources/', 'node_modules/'],
  },
  {
    name: 'Astro',
    configs: scripts('astro.config'),
    content: ['src/content', 'src/pages'],
    leftOut: ['src/layouts/', 'src/components/', 'public/', 'dist/', '.astro/', 'node_modules/'],
  },
  {
    name: 'Docusaurus',
    configs: scripts('docusaurus.config'),
    content: ['blog', 'docs', 'src/pages'],
    leftOut: ['src/theme/', 'src/components/', 'static/', 'build/', '.docusaurus/', 'node_modules/'],
  },
  {
    name: 'Gatsby',
    configs: scripts('gatsby-config'),
    content: ['content', 'src/content', 'src/posts', 'src/pages', 'blog', 'posts'],
    leftOut: ['src/templates/', 'src/components/', 'static/', 'public/', '.cache/', 'node_modules/'],
  },
  {
    name: 'Eleventy',
    configs: [...scripts('eleventy.config'), '.eleventy.js', '.eleventy.cjs', '.eleventy.mjs'],
    content: ['content', 'src', 'posts', 'blog'],
    inputFolder: true,
    leftOut: ['_includes/', '_layouts/', '_data/', '_site/', 'dist/', 'public/', 'node_modules/'],
  },
];

export interface Site {
  name: SiteName;
  /** The configuration file that told, relative to the root. */
  config: string;
  kind: SiteKind;
}

/** The site whose root `folder` is, if any. */
export function detectSite(folder: string): Site | undefined {
  for (const kind of SITE_KINDS) {
    for (const config of kind.configs) {
      if (isFile(path.join(folder, config)) && (!kind.accept || kind.accept(folder, config))) return { name: kind.name, config, kind };
    }
  }
  return undefined;
}

const PAGE_EXTENSIONS = ['.md', '.markdown', '.mdx', '.html', '.htm'];
const NOT_PAGES = /^(?:readme|changelog|license|licence|contributing|code_of_conduct)(?:\.|$)/i;
const OUTPUT = new Set(['node_modules', '_site', 'dist', 'public', 'build']);
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function entries(folder: string): fs.Dirent[] {
  try {
    return fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name));
  } catch {
    return [];
  }
}

/** What a site root's walk covers, as paths joined to the folder as it was named. */
export interface SiteWalk {
  /** The site recognised, or "configuration" for the configuration's "content". */
  site: SiteName | 'configuration';
  /** The configuration file that told (e.g. hugo.toml, blogfix.config.json). */
  config: string;
  /** The folder as named (`.` for the working folder). */
  root: string;
  /** The paths to walk instead of the folder (folders, files, or patterns). */
  paths: string[];
  /** What was left out, for the note. */
  leftOut: readonly string[];
}

/** A folder's entries for Eleventy's input folder: minus `_` folders, dot-entries and output. */
function inputEntries(shown: string, folder: string, atRoot: boolean): string[] {
  const out: string[] = [];
  for (const entry of entries(folder)) {
    if (entry.name.startsWith('.') || entry.name.startsWith('_') || (atRoot && OUTPUT.has(entry.name))) continue;
    if (entry.isDirectory()) out.push(path.join(shown, entry.name));
    else if (entry.isFile() && PAGE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()) && !NOT_PAGES.test(entry.name)) out.push(path.join(shown, entry.name));
  }
  return out;
}

/** The content of a site rooted at `folder`, named `shown` on the command line. */
export function siteWalk(shown: string, folder: string, site: Site): SiteWalk {
  const { kind } = site;
  const paths: string[] = [];
  const existing = kind.content.filter((name) => isDir(path.join(folder, name)));
  if (kind.inputFolder) {
    const input = existing[0];
    paths.push(...(input ? inputEntries(path.join(shown, input), path.join(folder, input), false) : inputEntries(shown, folder, true)));
  } else {
    paths.push(...existing.map((name) => path.join(shown, name)));
  }
  if (kind.rootPages) {
    for (const entry of entries(folder)) {
      if (!entry.isFile() || !PAGE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
      // a Jekyll page has front matter; a README without it is copied as it is
      if (/^(?:\ufeff)?---[ \t]*\r?\n/.test(readHead(path.join(folder, entry.name), 8))) paths.push(path.join(shown, entry.name));
    }
  }
  return { site: site.name, config: site.config, root: shown, paths, leftOut: kind.leftOut };
}

/** The configuration's "content", relative to its folder, as paths to walk from where the folder was named. */
export function configuredWalk(shown: string, source: string, content: readonly string[]): SiteWalk {
  const posix = (file: string) => (path.sep === '/' ? file : file.split(path.sep).join('/'));
  return { site: 'configuration', config: source, root: shown, paths: content.map((item) => (shown === '.' ? item : posix(path.join(shown, item)))), leftOut: [] };
}

/** One line for people: which site, and what was walked. */
export function describeSiteWalk(walk: SiteWalk): string {
  const where = walk.root === '.' ? 'the working folder' : walk.root;
  const shownPaths = walk.paths.map((item) => {
    const relative = walk.root === '.' ? item : path.relative(walk.root, item) || '.';
    return isDir(item) ? `${relative}/` : relative;
  });
  const list = shownPaths.length > 8 ? `${shownPaths.slice(0, 8).join(', ')} and ${shownPaths.length - 8} more` : shownPaths.join(', ');
  if (walk.site === 'configuration') return `${where}: walked the "content" of ${walk.config}: ${list || 'nothing'}`;
  const head = `${where} is ${/^[AEIOU]/.test(walk.site) ? 'an' : 'a'} ${walk.site} site (${walk.config})`;
  if (shownPaths.length === 0) return `${head}, but it has no content folder: nothing walked (set "content" in the configuration, or name the folders)`;
  return `${head}: walked its content only: ${list} (never ${walk.leftOut.slice(0, 5).join(', ')}…)`;
}
