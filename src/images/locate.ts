/**
 * Where an image URL's file goes and what it is called afterwards: an image
 * at `https://cdn-ak.f.st-hatena.com/images/fotolife/a/alice/20190611/x.png`
 * is saved as `<out>/images/fotolife/a/alice/20190611/x.png` and linked as
 * `<prefix>/images/fotolife/a/alice/20190611/x.png`. The query and fragment
 * are dropped (Hatena adds cache-busting queries); the path keeps its
 * percent-encoding in the new URL and is decoded for the file name.
 */
import path from 'node:path';
import { HATENA_IMAGE_HOSTS, isOnHosts, urlHost } from '../hatena/image-hosts.js';

export interface ImageFile {
  /** What to fetch: the URL as found, `//host/…` read as https. */
  fetchUrl: string;
  /** The path on the host, as written (percent-encoded), without its leading slash. */
  urlPath: string;
  /** The same path decoded, with `/` between segments: the file under <out>. */
  filePath: string;
}

/** Hatena's hosts and the configured ones. */
export function imageHosts(extra: readonly string[] = []): string[] {
  return [...HATENA_IMAGE_HOSTS, ...extra];
}

const SEGMENT_BAD = /[\u0000-\u001f\u007f\\/:*?"<>|]/;
const SEGMENT_BAD_ALL = new RegExp(SEGMENT_BAD.source, 'g');

/**
 * Fotolife's images before the CDN: `http://f.hatena.ne.jp/images/fotolife/…`
 * (the rest of f.hatena.ne.jp is Fotolife's pages, not pictures).
 */
const OLD_FOTOLIFE = /^\s*(?:https?:)?\/\/f\.hatena\.ne\.jp\/images\/fotolife\//i;
export const OLD_FOTOLIFE_HOST = 'f.hatena.ne.jp';

/**
 * The file an image URL names, or undefined when it is not on `hosts` or its
 * path cannot be a file name (empty, `.`/`..`, control characters, a folder).
 */
export function imageFile(url: string, hosts: readonly string[]): ImageFile | undefined {
  if (!isOnHosts(url, hosts) && !OLD_FOTOLIFE.test(url)) return undefined;
  const trimmed = url.trim();
  const host = urlHost(trimmed)!;
  const fetchUrl = trimmed.startsWith('//') ? `https:${trimmed}` : trimmed;
  let parsed: URL;
  try {
    parsed = new URL(fetchUrl);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // the path as written: after the host, up to the query or fragment
  const afterHost = trimmed.slice(trimmed.toLowerCase().indexOf(host) + host.length);
  const urlPath = afterHost.replace(/[?#].*$/s, '').replace(/^\/+/, '');
  if (urlPath === '' || urlPath.endsWith('/')) return undefined;
  const files: string[] = [];
  const urls: string[] = [];
  for (const raw of urlPath.split('/')) {
    let segment: string;
    let undecodable = false;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      segment = raw;
      undecodable = true;
    }
    if (segment === '' || segment === '.' || segment === '..') return undefined;
    // a segment no file can be named (Hatena's image proxy puts a whole URL in one): those characters become _
    if (undecodable || SEGMENT_BAD.test(segment)) {
      const safe = segment.replace(SEGMENT_BAD_ALL, '_').replace(undecodable ? /%/g : /(?!)/, '_');
      files.push(safe);
      urls.push(encodeURIComponent(safe));
    } else {
      files.push(segment);
      urls.push(raw);
    }
  }
  return { fetchUrl, urlPath: urls.join('/'), filePath: files.join('/') };
}

/** The file on disk under `out`. */
export function localFile(out: string, image: ImageFile): string {
  return path.join(out, ...image.filePath.split('/'));
}

/** The new URL: the prefix (without its trailing slashes), then the path on the host. */
export function publicUrl(prefix: string, image: ImageFile): string {
  return `${prefix.replace(/\/+$/, '')}/${image.urlPath}`;
}
