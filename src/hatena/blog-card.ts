/**
 * Hatena blog cards. A card is an iframe that shows a preview of a page:
 *
 * - `<iframe src="https://hatenablog-parts.com/embed?url=<encoded URL>" title="…" class="embed-card embed-blogcard">`
 *   (embed-webcard for other sites), src also `//hatenablog-parts.com/…`;
 * - `<iframe src="https://<blog>/embed/YYYY/MM/DD/ID" class="embed-card …">`, the
 *   blog's own form, for `https://<blog>/entry/YYYY/MM/DD/ID`.
 *
 * Hatena follows it with `<cite class="hatena-citation"><a href="URL">host</a></cite>`.
 */

const PARTS = /^\s*(?:https?:)?\/\/hatenablog-parts\.com\/embed\?url=([^#\s]*)\s*$/i;
const OWN_EMBED = /^\s*((?:https?:)?\/\/[^/?#\s]+)\/embed\/([^?#\s]+?)\/?\s*$/i;
const ABSOLUTE_HTTP = /^https?:\/\/[^\s/?#"'<>\\]+(?:[/?#][^\s"<>\\]*)?$/i;

export interface CardTarget {
  /** The page the card shows. */
  url: string;
  form: 'parts' | 'embed-path';
}

/**
 * The page a card's `src` shows, or undefined when it is not a card's src or
 * the page is not an http(s) URL. `embed?url=` is read to the end (Hatena
 * writes it as the only parameter); it is percent-decoded when it was encoded.
 */
export function cardTarget(src: string): CardTarget | undefined {
  const parts = PARTS.exec(src);
  if (parts) {
    let url = parts[1]!;
    if (/%3a|%2f/i.test(url)) {
      try {
        url = decodeURIComponent(url);
      } catch {
        return undefined;
      }
    }
    return ABSOLUTE_HTTP.test(url) ? { url, form: 'parts' } : undefined;
  }
  const own = OWN_EMBED.exec(src);
  if (own) {
    const origin = own[1]!.startsWith('//') ? `https:${own[1]}` : own[1]!;
    const url = `${origin}/entry/${own[2]}`;
    return ABSOLUTE_HTTP.test(url) ? { url, form: 'embed-path' } : undefined;
  }
  return undefined;
}

/** Whether a class attribute carries Hatena's card class. */
export function hasCardClass(className: string | undefined): boolean {
  return className !== undefined && /(?:^|\s)embed-card(?:\s|$)/.test(className);
}

/** Whether a class attribute is Hatena's citation class. */
export function hasCitationClass(className: string | undefined): boolean {
  return className !== undefined && /(?:^|\s)hatena-citation(?:\s|$)/.test(className);
}

/** Two URLs name the same page: equal but for the scheme and a trailing slash. */
export function samePage(a: string, b: string): boolean {
  const norm = (url: string) => url.trim().replace(/^(?:https?:)?\/\//i, '//').replace(/\/$/, '');
  return norm(a) === norm(b);
}

/** The src of a card that shows `url`, in the hatenablog-parts form. */
export function partsSrc(url: string): string {
  return `https://hatenablog-parts.com/embed?url=${encodeURIComponent(url)}`;
}

/** What must occur in a text for the blog-cards pass to find anything. */
export const CARD_NEEDLE = /hatenablog-parts|embed-card/i;
