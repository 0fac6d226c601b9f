/**
 * The owner's old blog, and how its permalinks map to the new site (the
 * `ownBlogs` setting):
 *
 *     { "url": "https://example.hateblo.jp", "from": "/entry/YYYY/MM/DD/ID", "to": "/posts/YYYY/MM/DD/ID/" }
 *     { "url": "http://d.hatena.ne.jp/example", "from": "/YYYYMMDD/ID", "to": "/YYYY/MM/DD/ID/" }
 *
 * `url` is the blog's address: its host, and for Hatena Diary the user's
 * folder. `from` is a permalink's path after it, with the placeholders YYYY,
 * MM, DD (digits) and ID (one path segment); `to` is the new address, a path
 * or a URL, with the same placeholders. A link matches whatever its scheme
 * (http, https, //), with any case of host, and with or without a trailing
 * slash; its #fragment is kept.
 */

export interface OwnBlog {
  url: string;
  from: string;
  to: string;
}

const PLACEHOLDER = /YYYY|MM|DD|ID/g;
const GROUP: Record<string, string> = { YYYY: '(\\d{4})', MM: '(\\d{2})', DD: '(\\d{2})', ID: '([^/?#\\s]+)' };

/** Why an `ownBlogs` entry cannot be used, or undefined when it can. */
export function ownBlogProblem(blog: OwnBlog): string | undefined {
  if (!/^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?$/i.test(blog.url)) return `"url" must be the blog's address, like "https://example.hateblo.jp" or "http://d.hatena.ne.jp/example", not ${JSON.stringify(blog.url)}`;
  if (!blog.from.startsWith('/')) return `"from" must be a path starting with "/", like "/entry/YYYY/MM/DD/ID", not ${JSON.stringify(blog.from)}`;
  const used: string[] = blog.from.match(PLACEHOLDER) ?? [];
  if (new Set(used).size !== used.length) return `"from" names a placeholder twice: ${JSON.stringify(blog.from)}`;
  for (const name of blog.to.match(PLACEHOLDER) ?? []) {
    if (!used.includes(name)) return `"to" uses ${name}, which "from" does not have`;
  }
  if (/[\s"<>]/.test(blog.to) || blog.to === '') return `"to" must be a path or URL without spaces or quotes, not ${JSON.stringify(blog.to)}`;
  return undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Compiled {
  blog: OwnBlog;
  /** `//host/folder`, lowercase host */
  base: string;
  path: RegExp;
  names: string[];
}

export type OwnLinkResult =
  /** A permalink of the old blog: its new address. */
  | { kind: 'mapped'; to: string }
  /** On the old blog, but not a permalink the patterns know (or it has a query): kept. */
  | { kind: 'unmapped'; reason: string };

function compile(blog: OwnBlog): Compiled {
  const match = /^https?:(\/\/[^/?#\s]+)(\/[^?#\s]*)?$/i.exec(blog.url)!;
  const base = match[1]!.toLowerCase().replace(/:(?:80|443)$/, '') + (match[2] ?? '').replace(/\/+$/, '');
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const placeholder of blog.from.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(blog.from.slice(last, placeholder.index)) + GROUP[placeholder[0]]!;
    names.push(placeholder[0]);
    last = placeholder.index + placeholder[0].length;
  }
  source += escapeRegExp(blog.from.slice(last).replace(/\/+$/, ''));
  return { blog, base, path: new RegExp(`^${source}/?$`), names };
}

export class OwnBlogs {
  private readonly compiled: Compiled[];
  /** Lowercase hosts of the old blogs, for a cheap first test. */
  readonly hosts: readonly string[];

  constructor(blogs: readonly OwnBlog[]) {
    this.compiled = blogs.map(compile);
    this.hosts = [...new Set(this.compiled.map((entry) => entry.base.slice(2).split('/')[0]!))];
  }

  get size(): number {
    return this.compiled.length;
  }

  /** What becomes of a link (as the parser decoded it); undefined when it is not to an old blog. */
  map(url: string): OwnLinkResult | undefined {
    const match = /^\s*(?:https?:)?(\/\/[^/?#\s]+)([^?#\s]*)(\?[^#\s]*)?(#\S*)?\s*$/i.exec(url);
    if (!match) return undefined;
    const authority = match[1]!.toLowerCase().replace(/:(?:80|443)$/, '');
    const path = match[2]!;
    let onBlog = false;
    for (const entry of this.compiled) {
      const folder = entry.base.slice(authority.length);
      if (!entry.base.startsWith(authority) || (folder !== '' && !folder.startsWith('/'))) continue;
      if (folder !== '' && path !== folder && !path.startsWith(`${folder}/`)) continue;
      onBlog = true;
      const found = entry.path.exec(path.slice(folder.length));
      if (!found) continue;
      if (match[3]) return { kind: 'unmapped', reason: 'it has a query string' };
      const values = new Map(entry.names.map((name, index) => [name, found[index + 1]!]));
      const to = entry.blog.to.replace(PLACEHOLDER, (name) => values.get(name) ?? name);
      return { kind: 'mapped', to: to + (match[4] ?? '') };
    }
    return onBlog ? { kind: 'unmapped', reason: 'no "from" pattern of ownBlogs matches it' } : undefined;
  }
}
