/**
 * The configuration file: where it is looked up, what it may hold, and how
 * it is checked. A key blogfix does not know, or a value of the wrong kind,
 * is an error that names the key: a typo must not silently run every pass.
 *
 * Lookup (as prettier and eslint do, from the working folder): the first
 * folder, walking up from the cwd to the root, that holds `blogfix.config.json`
 * or a package.json with a "blogfix" key; in one folder the config file wins.
 * `--config FILE` names the file instead (a package.json given so is read for
 * its "blogfix" key); `--no-config` reads none.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ownBlogProblem, type OwnBlog } from '../hatena/own-blogs.js';
import { offByDefault, passNames, presetNames, presets } from '../passes/index.js';

const require = createRequire(import.meta.url);

export const CONFIG_FILE = 'blogfix.config.json';
export const PACKAGE_KEY = 'blogfix';

/** What a configuration file may hold; every key is optional. */
export interface Config {
  /** Passes on (true) or off (false), by name; a pass not named stays on. */
  passes?: Record<string, boolean>;
  /** Extra hosts whose /keyword/ pages are Hatena keyword pages (host names, e.g. "d.example.jp"). */
  keywordHosts?: string[];
  /** Extra image URL patterns (regular expressions, case-insensitive) that are tracking pixels whatever their size. */
  pixelPatterns?: string[];
  /** Paths to leave alone, in gitignore syntax, relative to the folder of the configuration file. */
  ignore?: string[];
  /** Respect .gitignore files inside a git repository (default true). */
  gitignore?: boolean;
  /** Extra hosts `blogfix images` moves pictures off, besides Hatena's ("img.example.jp" or "127.0.0.1:8080"). */
  imageHosts?: string[];
  /** Presets whose passes to turn on ("leaving-hatena"); "passes" still turns any of them off. */
  preset?: string[];
  /** Extra hosts ("host" or "host:port") that serve the same images over https, for https-images. */
  httpsImageHosts?: string[];
  /** The owner's old blogs and where their posts are now, for own-links. */
  ownBlogs?: OwnBlog[];
  /**
   * What a walk of the configuration's folder (or `blogfix clean` with no
   * path there) covers: paths or glob patterns relative to that folder. It
   * replaces a recognised site's content folders.
   */
  content?: string[];
}

export const CONFIG_KEYS: readonly (keyof Config)[] = ['passes', 'keywordHosts', 'pixelPatterns', 'ignore', 'gitignore', 'preset', 'httpsImageHosts', 'ownBlogs', 'imageHosts', 'content'];

/** What a key means when the configuration leaves it out (shown by --print-config). */
export const CONFIG_DEFAULTS: Required<Config> = { passes: {}, keywordHosts: [], pixelPatterns: [], ignore: [], gitignore: true, preset: [], httpsImageHosts: [], ownBlogs: [], imageHosts: [], content: [] };

/**
 * Keys any configuration may hold that are not settings: `$schema` names the
 * JSON Schema an editor checks the file with (schema/blogfix.config.schema.json).
 */
export const EDITOR_KEYS: readonly string[] = ['$schema'];

/** A configuration read from a file. */
export interface LoadedConfig {
  config: Config;
  /** The file it came from, as it should be named in messages (`package.json#blogfix` for the key). */
  source: string;
  /** The folder its relative patterns are relative to. */
  dir: string;
}

/** A configuration that cannot be used; the message names the file and the key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const describe = (value: unknown): string => (Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : JSON.stringify(value));

function stringList(value: unknown, key: string, check?: (item: string, where: string) => void): string[] {
  if (!Array.isArray(value)) throw new ConfigError(`"${key}" must be an array of strings, not ${describe(value)}`);
  return value.map((item: unknown, index) => {
    const where = `"${key}"[${index}]`;
    if (typeof item !== 'string' || item.trim() === '') throw new ConfigError(`${where} must be a non-empty string, not ${describe(item)}`);
    check?.(item, where);
    return item;
  });
}

const HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

function checkHost(host: string, where: string): void {
  if (!HOST.test(host)) throw new ConfigError(`${where}: "${host}" is not a host name (write the host alone, like "d.example.jp")`);
}

function checkHostAndPort(host: string, where: string): void {
  const match = /^(.*?)(?::(\d{1,5}))?$/.exec(host)!;
  if (!HOST.test(match[1]!) || (match[2] !== undefined && Number(match[2]) > 65535)) {
    throw new ConfigError(`${where}: "${host}" is not a host or host:port (write it alone, like "img.example.jp" or "127.0.0.1:8080")`);
  }
}

function checkPreset(name: string, where: string): void {
  if (!presetNames.includes(name)) throw new ConfigError(`${where}: unknown preset "${name}" (presets: ${presetNames.join(', ')})`);
}

function ownBlogList(value: unknown): OwnBlog[] {
  if (!Array.isArray(value)) throw new ConfigError(`"ownBlogs" must be an array of {"url", "from", "to"} objects, not ${describe(value)}`);
  return value.map((item: unknown, index) => {
    const where = `"ownBlogs"[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new ConfigError(`${where} must be an object with "url", "from" and "to", not ${describe(item)}`);
    const entry = item as Record<string, unknown>;
    for (const key of Object.keys(entry)) if (!['url', 'from', 'to'].includes(key)) throw new ConfigError(`${where}: unknown key "${key}" (keys: url, from, to)`);
    for (const key of ['url', 'from', 'to']) {
      if (typeof entry[key] !== 'string' || (entry[key] as string).trim() === '') throw new ConfigError(`${where}."${key}" must be a non-empty string, not ${describe(entry[key])}`);
    }
    const blog: OwnBlog = { url: entry.url as string, from: entry.from as string, to: entry.to as string };
    const problem = ownBlogProblem(blog);
    if (problem) throw new ConfigError(`${where}: ${problem}`);
    return blog;
  });
}

function checkPattern(source: string, where: string): void {
  try {
    new RegExp(source, 'i');
  } catch (error) {
    throw new ConfigError(`${where}: not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Check a parsed configuration; throws a ConfigError naming the first bad key. */
export function validateConfig(value: unknown): Config {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`the configuration must be a JSON object, not ${describe(value)}`);
  const config: Config = {};
  for (const [key, item] of Object.entries(value)) {
    switch (key) {
      case 'passes': {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          throw new ConfigError(`"passes" must be an object of pass names to true or false, not ${describe(item)}`);
        }
        const passes: Record<string, boolean> = {};
        for (const [name, on] of Object.entries(item)) {
          if (!passNames.includes(name)) throw new ConfigError(`"passes": unknown pass "${name}" (passes: ${passNames.join(', ')})`);
          if (typeof on !== 'boolean') throw new ConfigError(`"passes"."${name}" must be true or false, not ${describe(on)}`);
          passes[name] = on;
        }
        config.passes = passes;
        break;
      }
      case 'keywordHosts':
        config.keywordHosts = stringList(item, key, checkHost);
        break;
      case 'pixelPatterns':
        config.pixelPatterns = stringList(item, key, checkPattern);
        break;
      case 'ignore':
        config.ignore = stringList(item, key);
        break;
      case 'content':
        config.content = stringList(item, key);
        break;
      case 'gitignore':
        if (typeof item !== 'boolean') throw new ConfigError(`"gitignore" must be true or false, not ${describe(item)}`);
        config.gitignore = item;
        break;
      case 'preset':
        config.preset = typeof item === 'string' ? [item] : stringList(item, key);
        config.preset.forEach((name, index) => checkPreset(name, typeof item === 'string' ? '"preset"' : `"preset"[${index}]`));
        break;
      case 'httpsImageHosts':
        config.httpsImageHosts = stringList(item, key, checkHostAndPort);
        break;
      case 'ownBlogs':
        config.ownBlogs = ownBlogList(item);
        break;
      case 'imageHosts':
        config.imageHosts = stringList(item, key, checkHostAndPort);
        break;
      case '$schema':
        if (typeof item !== 'string') throw new ConfigError(`"$schema" must be a string (the URL or path of the JSON Schema), not ${describe(item)}`);
        break;
      default:
        throw new ConfigError(`unknown key "${key}" (keys: ${CONFIG_KEYS.join(', ')}; $schema for editors)`);
    }
  }
  return config;
}

function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${shown}: cannot read: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (error as Error).message}`);
  }
  const json = text.replace(/^\ufeff/, '');
  try {
    return JSON.parse(json);
  } catch (error) {
    const { line, column } = jsonErrorAt(json);
    const reason = (error as Error).message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    throw new ConfigError(`${shown}:${line}:${column}: not valid JSON: ${reason}`);
  }
}

/**
 * Where JSON.parse stopped, as a 1-based line and column (UTF-16 code units,
 * as editors count): found by jsonc-parser, strict (no comments, no trailing
 * commas), since V8's message gives an offset at best.
 */
export function jsonErrorAt(text: string): { line: number; column: number } {
  const { parse } = require('jsonc-parser') as typeof import('jsonc-parser');
  const errors: { offset: number }[] = [];
  parse(text, errors as never, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const offset = errors[0]?.offset ?? text.length;
  const before = text.slice(0, offset);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line: (before.match(/\r\n?|\n/g)?.length ?? 0) + 1, column: offset - lineStart + 1 };
}

function fromJson(value: unknown, source: string, dir: string): LoadedConfig {
  try {
    return { config: validateConfig(value), source, dir };
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${source}: ${error.message}`);
    throw error;
  }
}

const hasKey = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, PACKAGE_KEY);

/** Read a configuration file named by the user (`--config`): a package.json is read for its "blogfix" key. */
export function loadConfigFile(file: string, cwd: string): LoadedConfig {
  const absolute = path.resolve(cwd, file);
  const shown = path.relative(cwd, absolute) || file;
  const value = readJson(absolute, shown);
  if (path.basename(absolute) === 'package.json') {
    if (!hasKey(value)) throw new ConfigError(`${shown}: has no "${PACKAGE_KEY}" key`);
    return fromJson(value[PACKAGE_KEY], `${shown}#${PACKAGE_KEY}`, path.dirname(absolute));
  }
  return fromJson(value, shown, path.dirname(absolute));
}

/** Look the configuration up from `cwd` to the root; undefined when there is none. */
export function findConfig(cwd: string): LoadedConfig | undefined {
  for (let dir = path.resolve(cwd); ; ) {
    const file = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(file)) return loadConfigFile(file, cwd);
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const shown = path.relative(cwd, pkg) || 'package.json';
      const value = readJson(pkg, shown);
      if (hasKey(value)) return fromJson(value[PACKAGE_KEY], `${shown}#${PACKAGE_KEY}`, dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The configuration for a run: `file` is --config (a path), false for
 * --no-config, undefined to look it up.
 */
export function resolveConfig(cwd: string, file: string | false | undefined): LoadedConfig | undefined {
  if (file === false) return undefined;
  return file === undefined ? findConfig(cwd) : loadConfigFile(file, cwd);
}

/**
 * The passes to skip, and the passes off by default to turn on, once the
 * configuration and the command line are put together: `--only` replaces
 * the file's choice; `--skip` adds to it. A preset (the file's "preset" or
 * `--preset`) turns its passes on; "passes" in the file turns any pass on or
 * off, a preset's too.
 */
export function passChoice(
  config: Config | undefined,
  only: readonly string[] | undefined,
  skip: readonly string[] | undefined,
  preset?: readonly string[],
): { only?: string[]; skip: string[]; enable?: string[] } {
  if (only && only.length > 0) return { only: [...only], skip: [...(skip ?? [])] };
  const named = Object.entries(config?.passes ?? {});
  const off = named.filter(([, on]) => !on).map(([name]) => name);
  const fromPresets = [...(config?.preset ?? []), ...(preset ?? [])].flatMap((name) => {
    checkPreset(name, 'preset');
    return presets[name]!;
  });
  const enable = [...new Set([...fromPresets, ...named.filter(([, on]) => on).map(([name]) => name)])].filter((name) => offByDefault.has(name) && !off.includes(name));
  const choice: { skip: string[]; enable?: string[] } = { skip: [...new Set([...off, ...(skip ?? [])])] };
  if (enable.length > 0) choice.enable = enable;
  return choice;
}
