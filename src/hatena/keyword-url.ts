/**
 * Hatena keyword page URLs: recognise them and decode the keyword.
 *
 * Hatena Diary served its pages in EUC-JP, so the keyword in
 * `http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9` is percent-encoded
 * EUC-JP (クラウド). Hand-written and newer links use UTF-8. Some EUC-JP byte
 * strings are valid UTF-8 too (任天堂 is %C7%A4%C5%B7%C6%B2, ǤŷƲ in UTF-8),
 * so EUC-JP is tried first. Node's built-in decoder reads EUC-JP (iconv-lite
 * stands in on a Node built without full ICU), so nothing is loaded for it.
 */
import { TextDecoder } from 'node:util';
import { lazyIconv } from '../lazy.js';

export type KeywordHostKind =
  /** d.hatena.ne.jp: Hatena Diary's keyword pages, the autolink target */
  | 'diary'
  /** *.g.hatena.ne.jp: Hatena Group keyword pages */
  | 'group'
  /** k.hatena.ne.jp/keywordblog/ */
  | 'keywordblog'
  /** /keyword/... without a host (anond, Hatena's own pages) */
  | 'relative'
  /** a host added with the keywordHosts option */
  | 'extra';

export interface KeywordUrl {
  kind: KeywordHostKind;
  host: string;
  /** The path after /keyword/ as written (percent-encoded), without query or fragment. */
  encoded: string;
}

const KEYWORD_HREF = /^\s*(?:(?:https?:)?\/\/([^/?#\s]+))?\/(keyword|keywordblog)\/([^?#]*)/i;

/** Recognise a keyword page URL. `extraHosts` are matched exactly (case-insensitively). */
export function parseKeywordUrl(href: string, extraHosts: readonly string[] = []): KeywordUrl | undefined {
  const match = KEYWORD_HREF.exec(href);
  if (!match) return undefined;
  const host = (match[1] ?? '').toLowerCase().replace(/:\d+$/, '');
  const blog = match[2]!.toLowerCase() === 'keywordblog';
  const encoded = match[3]!;
  if (!encoded) return undefined;
  let kind: KeywordHostKind | undefined;
  if (!host) kind = blog ? undefined : 'relative';
  else if (host === 'd.hatena.ne.jp' && !blog) kind = 'diary';
  else if (host === 'k.hatena.ne.jp' && blog) kind = 'keywordblog';
  else if (host.endsWith('.g.hatena.ne.jp') && !blog) kind = 'group';
  else if (extraHosts.some((extra) => extra.toLowerCase() === host)) kind = 'extra';
  return kind ? { kind, host, encoded } : undefined;
}

function percentBytes(encoded: string, plusIsSpace: boolean): Uint8Array {
  const bytes: number[] = [];
  for (let index = 0; index < encoded.length; index++) {
    const char = encoded[index]!;
    if (char === '%' && /^[0-9a-f]{2}$/i.test(encoded.slice(index + 1, index + 3))) {
      bytes.push(parseInt(encoded.slice(index + 1, index + 3), 16));
      index += 2;
    } else if (char === '+' && plusIsSpace) {
      bytes.push(0x20);
    } else {
      for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
    }
  }
  return Uint8Array.from(bytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Node's own EUC-JP decoder (ICU), when this build of Node has one: nothing to load. */
let eucJp: TextDecoder | null | undefined;

/** Strict EUC-JP: bytes that are not EUC-JP give undefined. */
function decodeEucJp(bytes: Uint8Array): string | undefined {
  if (eucJp === undefined) {
    try {
      eucJp = new TextDecoder('euc-jp', { fatal: true });
    } catch {
      eucJp = null;
    }
  }
  if (eucJp) {
    try {
      return eucJp.decode(bytes);
    } catch {
      return undefined;
    }
  }
  // a Node without full ICU: iconv-lite, checked by encoding back
  const buffer = Buffer.from(bytes);
  const text = lazyIconv().decode(buffer, 'euc-jp');
  if (text.includes('\ufffd')) return undefined;
  return lazyIconv().encode(text, 'euc-jp').equals(buffer) ? text : undefined;
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const REPLACEMENT = /%EF%BF%BD/i;

/** Whether a keyword URL holds U+FFFD: a converter lost some of its bytes. */
export const isGarbledKeyword = (encoded: string): boolean => REPLACEMENT.test(encoded);

const readingsCache = new Map<string, readonly string[]>();

/**
 * Every reading of the keyword, most likely first: EUC-JP, then UTF-8, each
 * with `+` kept and with `+` read as a space. Undecodable readings are left out.
 */
export function keywordReadings(encoded: string): readonly string[] {
  const cached = readingsCache.get(encoded);
  if (cached) return cached;
  const out: string[] = [];
  // a URL holding U+FFFD lost bytes: any reading of it is mojibake (鐃緒申), none is the keyword
  if (REPLACEMENT.test(encoded)) {
    // no reading
  } else if (!/[%+]|[^\x00-\x7f]/.test(encoded)) {
    out.push(encoded);
  } else {
    for (const plusIsSpace of [false, true]) {
      if (plusIsSpace && !encoded.includes('+')) continue;
      const bytes = percentBytes(encoded, plusIsSpace);
      for (const decode of [decodeEucJp, decodeUtf8]) {
        const text = decode(bytes);
        // U+FFFD is a converter's loss, not a keyword (see garbledMatches)
        if (text !== undefined && !text.includes('\ufffd') && !out.includes(text)) out.push(text);
      }
    }
  }
  if (readingsCache.size > 20000) readingsCache.clear();
  readingsCache.set(encoded, out);
  return out;
}

/** The keyword of a keyword URL path, decoded: EUC-JP first, then UTF-8. */
export function decodeKeyword(encoded: string): string | undefined {
  return keywordReadings(encoded)[0];
}

const squash = (text: string) => text.replace(/\s+/g, '');

/**
 * A keyword URL a converter garbled: it read the EUC-JP bytes as UTF-8, so
 * every byte that was not UTF-8 became U+FFFD (`%EF%BF%BD`) while byte pairs
 * that happened to be UTF-8 stayed (独自ドメイン: `%EF%BF%BD%C8%BC%EF%BF%BD…`).
 * True when `text`, in EUC-JP, is what the URL was before: its bytes equal
 * the URL's, each U+FFFD standing for one to three bytes of 0x80 and above
 * (what a UTF-8 decoder replaces by one). Linear in both lengths (no backtracking).
 */
export function garbledMatches(encoded: string, text: string): boolean {
  if (!REPLACEMENT.test(encoded) || text.length === 0 || text.length > 200) return false;
  let euc: Buffer;
  try {
    euc = lazyIconv().encode(text, 'euc-jp');
    if (lazyIconv().decode(euc, 'euc-jp') !== text) return false;
  } catch {
    return false;
  }
  const url = percentBytes(encoded, false);
  // tokens: a byte, or -1 for U+FFFD (EF BF BD)
  const tokens: number[] = [];
  for (let index = 0; index < url.length; index++) {
    if (url[index] === 0xef && url[index + 1] === 0xbf && url[index + 2] === 0xbd) {
      tokens.push(-1);
      index += 2;
    } else tokens.push(url[index]!);
  }
  // every token stands for one byte at least
  if (tokens.length > euc.length) return false;
  let reachable = new Set<number>([0]);
  for (const token of tokens) {
    const next = new Set<number>();
    for (const at of reachable) {
      if (token >= 0) {
        if (euc[at] === token) next.add(at + 1);
        continue;
      }
      for (let width = 1; width <= 3 && at + width <= euc.length && euc[at + width - 1]! >= 0x80; width++) next.add(at + width);
    }
    if (next.size === 0) return false;
    reachable = next;
  }
  return reachable.has(euc.length);
}

/** The reading that equals `text` (ignoring whitespace), if any. */
export function readingMatching(encoded: string, text: string): string | undefined {
  // most keywords are plain ASCII written as they read
  if (encoded === text && !/[%+]/.test(encoded)) return text;
  const target = squash(text);
  if (!target) return undefined;
  const reading = keywordReadings(encoded).find((candidate) => squash(candidate) === target);
  if (reading !== undefined) return reading;
  return garbledMatches(encoded, text) ? text : undefined;
}
