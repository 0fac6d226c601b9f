/**
 * Hosts that serve a blog's pictures: Hatena's image CDNs, and Amazon's image
 * hosts (Hatena's Amazon boxes pointed at them). Shared by the https-images
 * pass and `blogfix images`, so both agree on what a Hatena image is.
 */

/** Hatena's image hosts (Fotolife, the Bookmark and blog-parts CDNs). */
export const HATENA_IMAGE_HOSTS: readonly string[] = [
  'cdn-ak.f.st-hatena.com',
  'cdn-ak2.f.st-hatena.com',
  'cdn.image.st-hatena.com',
  'cdn-ak.b.st-hatena.com',
  'f.st-hatena.com',
  'img.f.hatena.ne.jp',
];

/** Amazon's image hosts, which serve the same file over https. */
export const AMAZON_IMAGE_HOSTS: readonly string[] = [
  'images-na.ssl-images-amazon.com',
  'images-fe.ssl-images-amazon.com',
  'images-eu.ssl-images-amazon.com',
  'ecx.images-amazon.com',
  'g-ecx.images-amazon.com',
  'm.media-amazon.com',
];

/** Lowercased `host` or `host:port` of a URL (`//host/…` and `http(s)://host/…`), or undefined. */
export function urlHost(url: string): string | undefined {
  const match = /^\s*(?:https?:)?\/\/([^/?#\s]+)/i.exec(url);
  return match ? match[1]!.toLowerCase() : undefined;
}

/** Whether `url` is on one of `hosts` (each `host` or `host:port`, compared case-insensitively). */
export function isOnHosts(url: string, hosts: readonly string[]): boolean {
  const host = urlHost(url);
  if (host === undefined) return false;
  const bare = host.replace(/:\d+$/, '');
  return hosts.some((entry) => {
    const wanted = entry.toLowerCase();
    return wanted.includes(':') ? wanted === host : wanted === bare;
  });
}
