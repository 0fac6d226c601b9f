import { describe, expect, it } from 'vitest';
import { decodeKeyword, garbledMatches, keywordReadings, parseKeywordUrl, readingMatching } from '../src/hatena/keyword-url.js';

describe('parseKeywordUrl', () => {
  it.each([
    ['http://d.hatena.ne.jp/keyword/%A5%AF%A5%E9%A5%A6%A5%C9', 'diary'],
    ['https://d.hatena.ne.jp/keyword/QWERTY', 'diary'],
    ['//d.hatena.ne.jp/keyword/TCP/IP', 'diary'],
    ['http://hatenadiary.g.hatena.ne.jp/keyword/x', 'group'],
    ['/keyword/%E6%9C%80%E8%BF%91', 'relative'],
    ['http://k.hatena.ne.jp/keywordblog/x', 'keywordblog'],
  ])('recognises %s as %s', (href, kind) => {
    expect(parseKeywordUrl(href)?.kind).toBe(kind);
  });

  it.each(['https://b.hatena.ne.jp/keyword/AWS', 'https://example.com/keyword/x', 'http://d.hatena.ne.jp/keyword/', 'http://d.hatena.ne.jp/asin/4873117917'])(
    'does not take %s',
    (href) => expect(parseKeywordUrl(href)).toBeUndefined(),
  );

  it('takes the path with slashes, without query or fragment', () => {
    expect(parseKeywordUrl('http://d.hatena.ne.jp/keyword/TCP/IP?kid=1#x')?.encoded).toBe('TCP/IP');
  });

  it('takes extra hosts from the options', () => {
    expect(parseKeywordUrl('https://kw.example.jp/keyword/x', ['kw.example.jp'])?.kind).toBe('extra');
  });
});

describe('decodeKeyword', () => {
  it.each([
    ['%A5%AF%A5%E9%A5%A6%A5%C9', 'クラウド'],
    ['SSL%BE%DA%CC%C0%BD%F1', 'SSL証明書'],
    ['C%2B%2B', 'C++'],
    ['example%2Ecom', 'example.com'],
    ['%a4%cf%a4%c6%a4%ca', 'はてな'],
    ['%E3%81%AF%E3%81%A6%E3%81%AAID', 'はてなID'],
    ['Apache%20Mesos', 'Apache Mesos'],
  ])('decodes %s as %s', (encoded, keyword) => expect(decodeKeyword(encoded)).toBe(keyword));

  it('tries EUC-JP before UTF-8: 任天堂, not ǤŷƲ', () => {
    expect(decodeKeyword('%C7%A4%C5%B7%C6%B2')).toBe('任天堂');
    expect(keywordReadings('%C7%A4%C5%B7%C6%B2')).toContain('ǤŷƲ');
  });

  it('finds the reading that matches the link text', () => {
    expect(readingMatching('Ruby+on+Rails', 'Ruby on Rails')).toBe('Ruby on Rails');
    expect(readingMatching('%C7%A4%C5%B7%C6%B2', 'ǤŷƲ')).toBe('ǤŷƲ');
    expect(readingMatching('%A5%AF', 'クラウド')).toBeUndefined();
  });

  it('gives nothing for bytes that are neither EUC-JP nor UTF-8', () => {
    expect(decodeKeyword('%FF%FE%FD')).toBeUndefined();
  });
});

describe('keyword URLs a converter garbled (EUC-JP read as UTF-8, U+FFFD for the bytes that were not UTF-8)', () => {
  // 独自ドメイン in EUC-JP is C6 C8 BC AB A5 C9 A5 E1 A5 A4 A5 F3; read as UTF-8 and written back:
  const GARBLED = '%EF%BF%BD%C8%BC%EF%BF%BD%EF%BF%BD%C9%A5%E1%A5%A4%EF%BF%BD%EF%BF%BD';

  it('is matched by the text that was its keyword, and by no other', () => {
    expect(garbledMatches(GARBLED, '独自ドメイン')).toBe(true);
    expect(readingMatching(GARBLED, '独自ドメイン')).toBe('独自ドメイン');
    expect(garbledMatches(GARBLED, 'ドメイン')).toBe(false);
    // the bytes that survived must be there: 独白 is C6 C8 C7 F2, the URL kept C8 BC
    expect(garbledMatches(GARBLED, '独白ドメイン')).toBe(false);
    expect(garbledMatches(GARBLED, 'abc')).toBe(false);
  });

  it('a U+FFFD stands for up to three bytes of 0x80 and above, never for ASCII', () => {
    // 雑談 (BB A8 C3 CC) came out as four U+FFFD; two U+FFFD cover it too (two bytes each)
    expect(garbledMatches('%EF%BF%BD%EF%BF%BD%EF%BF%BD%EF%BF%BD', '雑談')).toBe(true);
    expect(garbledMatches('%EF%BF%BD%EF%BF%BD', '雑談')).toBe(true);
    expect(garbledMatches('%EF%BF%BD', '雑談')).toBe(false);
    expect(garbledMatches('A%EF%BF%BD', 'AB')).toBe(false);
  });

  it('needs a U+FFFD: a plain URL is read as before', () => {
    expect(garbledMatches('%C5%D0%BB%B3', '登山')).toBe(false);
    expect(readingMatching('%C5%D0%BB%B3', '登山')).toBe('登山');
  });

  it('is never read as mojibake (鐃緒申): no reading at all', () => {
    expect(keywordReadings(GARBLED)).toEqual([]);
    expect(decodeKeyword(GARBLED)).toBeUndefined();
  });
});
