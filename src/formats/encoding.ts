/**
 * Bytes to text and back, losslessly or not at all.
 *
 * A file is read as UTF-8 (with or without BOM), EUC-JP or Shift_JIS; the
 * text must encode back to exactly the bytes it came from, or the file is
 * refused and left untouched. Text an edit inserts that the encoding cannot
 * hold is written as a numeric character reference.
 */
import { isUtf8 } from 'node:buffer';
import { lazyIconv } from '../lazy.js';

export type EncodingName = 'utf-8' | 'euc-jp' | 'shift_jis';

export const ENCODINGS: readonly EncodingName[] = ['utf-8', 'euc-jp', 'shift_jis'];

/** How people write each encoding's name. */
export const ENCODING_NAMES: Record<EncodingName, string> = { 'utf-8': 'UTF-8', 'euc-jp': 'EUC-JP', shift_jis: 'Shift_JIS' };

export interface Decoded {
  text: string;
  encoding: EncodingName;
  /** The file started with a UTF-8 byte order mark (not part of `text`). */
  bom: boolean;
}

/** Why a file cannot be read as text; the message names the reason. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Normalise a user's encoding label (`sjis`, `EUC-JP`, `cp932` ...). */
export function encodingFromLabel(label: string): EncodingName | undefined {
  const key = label.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (key === 'utf8') return 'utf-8';
  if (key === 'eucjp') return 'euc-jp';
  if (['shiftjis', 'sjis', 'cp932', 'windows31j', 'mskanji'].includes(key)) return 'shift_jis';
  return undefined;
}

/** Offset of the first byte that breaks UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    if (byte < 0x80) {
      index++;
      continue;
    }
    let need: number;
    let min: number;
    if (byte >= 0xc2 && byte <= 0xdf) (need = 1), (min = 0x80);
    else if (byte >= 0xe0 && byte <= 0xef) (need = 2), (min = 0x800);
    else if (byte >= 0xf0 && byte <= 0xf4) (need = 3), (min = 0x10000);
    else return index;
    let codePoint = byte & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[index + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += need + 1;
  }
  return -1;
}

/** Offset of the first byte where `a` and `b` differ, or -1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return index;
  return a.length === b.length ? -1 : length;
}

function iconvName(encoding: Exclude<EncodingName, 'utf-8'>): string {
  return encoding === 'euc-jp' ? 'euc-jp' : 'shiftjis';
}

/** Decode with a legacy encoding; undefined unless it round-trips byte for byte. */
function tryLegacy(bytes: Buffer, encoding: Exclude<EncodingName, 'utf-8'>): { text?: string; badOffset: number } {
  const text = lazyIconv().decode(bytes, iconvName(encoding), { stripBOM: false });
  const back = lazyIconv().encode(text, iconvName(encoding), { addBOM: false });
  const badOffset = firstDifference(bytes, back);
  return badOffset === -1 ? { text, badOffset } : { badOffset };
}

/** How Japanese a decoding looks: full-width kana count for, half-width kana against. */
function japaneseScore(text: string): number {
  const full = text.match(/[\u3041-\u30ff]/g)?.length ?? 0;
  const half = text.match(/[\uff61-\uff9f]/g)?.length ?? 0;
  return full - 2 * half;
}

const hex = (byte: number | undefined) => (byte === undefined ? 'end of file' : `0x${byte.toString(16).padStart(2, '0')}`);

/** Refuse what is not text at all: UTF-16, binary files. Throws DecodeError. */
function checkText(bytes: Buffer): void {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DecodeError('UTF-16 text is not supported (byte order mark at offset 0)');
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new DecodeError(`binary file (NUL byte at offset ${nul})`);
}

/**
 * Whether the bytes are UTF-8 text (with or without BOM) to be read as such:
 * then they need not be decoded whole. Throws DecodeError for binary files.
 */
export function isUtf8Text(bytes: Buffer, forced?: EncodingName): boolean {
  checkText(bytes);
  if (forced && forced !== 'utf-8') return false;
  return isUtf8(bytes.subarray(bytes.subarray(0, 3).equals(BOM) ? 3 : 0));
}

/** Read bytes as text. `forced` skips detection. Throws DecodeError. */
export function decode(bytes: Buffer, forced?: EncodingName): Decoded {
  checkText(bytes);
  const bom = bytes.subarray(0, 3).equals(BOM);
  const body = bom ? bytes.subarray(3) : bytes;

  if (forced && forced !== 'utf-8') {
    if (bom) throw new DecodeError(`starts with a UTF-8 byte order mark but ${forced} was asked for`);
    const trial = tryLegacy(body, forced);
    if (trial.text === undefined) {
      throw new DecodeError(`does not round-trip as ${forced}: byte ${hex(body[trial.badOffset])} at offset ${trial.badOffset}`);
    }
    return { text: trial.text, encoding: forced, bom: false };
  }
  if (isUtf8(body)) return { text: body.toString('utf8'), encoding: 'utf-8', bom };
  const invalid = firstInvalidUtf8(body);
  const offset = invalid + (bom ? 3 : 0);
  if (bom || forced === 'utf-8') {
    throw new DecodeError(`not valid UTF-8: byte ${hex(bytes[offset])} at offset ${offset}`);
  }
  const euc = tryLegacy(body, 'euc-jp');
  const sjis = tryLegacy(body, 'shift_jis');
  if (euc.text !== undefined && sjis.text !== undefined) {
    return japaneseScore(sjis.text) > japaneseScore(euc.text)
      ? { text: sjis.text, encoding: 'shift_jis', bom: false }
      : { text: euc.text, encoding: 'euc-jp', bom: false };
  }
  if (euc.text !== undefined) return { text: euc.text, encoding: 'euc-jp', bom: false };
  if (sjis.text !== undefined) return { text: sjis.text, encoding: 'shift_jis', bom: false };
  throw new DecodeError(
    `cannot decode without loss: not UTF-8 (byte ${hex(bytes[offset])} at offset ${offset}), ` +
      `not EUC-JP (offset ${euc.badOffset}), not Shift_JIS (offset ${sjis.badOffset})`,
  );
}

/** Write text back in the encoding (and with the BOM) it was read with. */
export function encode(text: string, decoded: Pick<Decoded, 'encoding' | 'bom'>): Buffer {
  const body = decoded.encoding === 'utf-8' ? Buffer.from(text, 'utf8') : lazyIconv().encode(text, iconvName(decoded.encoding), { addBOM: false });
  return decoded.bom ? Buffer.concat([BOM, body]) : body;
}

/**
 * A function that rewrites characters the encoding cannot hold as numeric
 * character references, or undefined for UTF-8 (it holds everything).
 */
export function encodableFor(encoding: EncodingName): ((text: string) => string) | undefined {
  if (encoding === 'utf-8') return undefined;
  const name = iconvName(encoding);
  return (text) =>
    text.replace(/[^\u0000-\u007f]/gu, (char) =>
      lazyIconv().decode(lazyIconv().encode(char, name), name) === char ? char : `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`,
    );
}
