/**
 * How a post is named in a patch, so that `git apply` takes it:
 *
 * - inside a git work tree, relative to the tree's top (git apply run at the
 *   top, or anywhere in the tree, reads names that way), whatever path was
 *   given on the command line (`../content/a.md`, an absolute path);
 * - elsewhere, relative to the current folder;
 * - written as git writes them with core.quotePath=false: UTF-8 as it is,
 *   the name in double quotes with C escapes only when it holds a control
 *   character, `"` or `\`.
 *
 * Written here rather than taken from jsdiff, whose quoting escapes every
 * non-ASCII byte (git's default, core.quotePath=true), which makes Japanese
 * names unreadable.
 */
import path from 'node:path';
import { gitTop } from '../files/git-top.js';

/** The name of `file` in a patch, without a/ or b/ and unquoted. */
export function patchPath(file: string, cwd = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const top = gitTop(path.dirname(absolute));
  const relative = path.relative(top ?? path.resolve(cwd), absolute);
  return relative.split(path.sep).join('/');
}

const NAMED: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

/** A name (prefix included) as git writes it with core.quotePath=false. */
export function gitQuote(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x1f"\\\x7f]/.test(name)) return name;
  // eslint-disable-next-line no-control-regex
  return `"${name.replace(/[\x00-\x1f"\\\x7f]/g, (char) => NAMED[char] ?? `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`)}"`;
}

/**
 * The header lines of a git patch for a changed file. git ends the ---/+++
 * lines with a tab when the name holds a space, so that patch(1) knows where
 * it ends.
 */
export function patchHeader(name: string): string {
  const a = gitQuote(`a/${name}`);
  const b = gitQuote(`b/${name}`);
  const tab = name.includes(' ') ? '\t' : '';
  return `diff --git ${a} ${b}\n--- ${a}${tab}\n+++ ${b}${tab}\n`;
}
