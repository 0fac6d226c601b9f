import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode, DecodeError, encodableFor, encode, encodingFromLabel, firstInvalidUtf8 } from '../src/formats/encoding.js';

const JAPANESE = '<p>はてなダイアリーから移行した記事です。漢字とカタカナ、ひらがな。</p>\n';

describe('decode and encode', () => {
  it('reads UTF-8 with and without BOM and writes the BOM back as it was', () => {
    const plain = Buffer.from(JAPANESE);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect(decode(plain)).toMatchObject({ text: JAPANESE, encoding: 'utf-8', bom: false });
    expect(decode(withBom)).toMatchObject({ text: JAPANESE, encoding: 'utf-8', bom: true });
    expect(encode(JAPANESE, decode(withBom)).equals(withBom)).toBe(true);
  });

  it.each(['euc-jp', 'shiftjis'])('detects %s and writes the same bytes back', (name) => {
    const bytes = iconv.encode(JAPANESE, name);
    const decoded = decode(bytes);
    expect(decoded.text).toBe(JAPANESE);
    expect(decoded.encoding).toBe(name === 'euc-jp' ? 'euc-jp' : 'shift_jis');
    expect(encode(decoded.text, decoded).equals(bytes)).toBe(true);
  });

  it('refuses binary files, UTF-16 and bytes no encoding reads back exactly', () => {
    expect(() => decode(Buffer.from('ab\0cd'))).toThrow(/binary file \(NUL byte at offset 2\)/);
    expect(() => decode(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(/UTF-16/);
    expect(() => decode(Buffer.from([0x41, 0x80, 0xff, 0xff]))).toThrow(DecodeError);
    expect(() => decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0xa4, 0xa2])]))).toThrow(/not valid UTF-8: byte 0xa4 at offset 3/);
  });

  it('honours a forced encoding and says where it breaks', () => {
    const bytes = iconv.encode(JAPANESE, 'euc-jp');
    expect(decode(bytes, 'euc-jp').text).toBe(JAPANESE);
    expect(() => decode(Buffer.from(JAPANESE), 'euc-jp')).toThrow(/does not round-trip as euc-jp: byte 0x\w\w at offset \d+/);
  });

  it('finds the first byte that breaks UTF-8', () => {
    expect(firstInvalidUtf8(Buffer.from('abc'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe3, 0x81]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0);
  });

  it('writes characters a legacy encoding cannot hold as character references', () => {
    expect(encodableFor('utf-8')).toBeUndefined();
    expect(encodableFor('euc-jp')!('漢字 😀 한')).toBe('漢字 &#x1F600; &#xD55C;');
    expect(encodableFor('shift_jis')!('<li>漢字</li>')).toBe('<li>漢字</li>');
  });

  it('reads encoding labels', () => {
    expect(encodingFromLabel('SJIS')).toBe('shift_jis');
    expect(encodingFromLabel('cp932')).toBe('shift_jis');
    expect(encodingFromLabel('EUC-JP')).toBe('euc-jp');
    expect(encodingFromLabel('utf8')).toBe('utf-8');
    expect(encodingFromLabel('latin1')).toBeUndefined();
  });
});
