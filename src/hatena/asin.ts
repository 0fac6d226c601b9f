/**
 * Hatena's Amazon-box leftovers. A Hatena Amazon box ended with a link
 * 「この商品を含むブログ (4件) を見る」 to `d.hatena.ne.jp/asin/<ASIN>/<tag>`,
 * Hatena Diary's page of the posts mentioning the product. Hatena Diary has
 * closed: every link into `d.hatena.ne.jp/asin/` leads nowhere. Amazon's own
 * product links (`amazon.co.jp/…/ASIN/…`, `/dp/…`) are not these.
 */

const ASIN_URL = /^\s*(?:https?:)?\/\/d\.hatena\.ne\.jp(?::80|:443)?\/asin\//i;

/** Whether a URL (as the parser decoded it) is a link into d.hatena.ne.jp/asin/. */
export function isAsinUrl(url: string): boolean {
  return ASIN_URL.test(url);
}

/** 「この商品を含むブログを見る」, with or without a count 「(4件)」, spaces as Hatena wrote them or not. */
const LEFTOVER_TEXT = /^\s*この商品を含むブログ\s*(?:[(（]\s*[0-9０-９,]+\s*件\s*[)）])?\s*を見る\s*$/;

/** Whether a link's text is Hatena's 「この商品を含むブログ…を見る」. */
export function isAsinLeftoverText(text: string): boolean {
  return LEFTOVER_TEXT.test(text);
}

/** What must occur in a text for the asin-links pass to find anything. */
export const ASIN_NEEDLE = /d\.hatena\.ne\.jp\/asin\//i;
