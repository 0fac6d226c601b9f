/**
 * Cheap, sound tests run before parsing: a pass is skipped only when its
 * needle cannot be in the text the parser would see.
 *
 * The parser decodes character references in attribute values and text, so
 * `&#107;eyword` reads as `keyword`. A text that holds a numeric reference to
 * an ASCII letter, digit or URL punctuation, or a named one such as
 * `&lowbar;`, might hide a needle; such a text always passes.
 */

const NUMERIC_REFERENCE = /&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}))/g;
const NAMED_ASCII_REFERENCE = /&(?:lowbar|UnderBar|period|sol|colon|hyphen|dash|Hat|grave|DiacriticalGrave|equals|quest|num|percnt|plus|comma);/;

function hidesAscii(codePoint: number): boolean {
  return (
    (codePoint >= 0x30 && codePoint <= 0x39) ||
    (codePoint >= 0x41 && codePoint <= 0x5a) ||
    (codePoint >= 0x61 && codePoint <= 0x7a) ||
    codePoint === 0x5f || // _
    codePoint === 0x2e || // .
    codePoint === 0x2f || // /
    codePoint === 0x2d || // -
    codePoint === 0x3a || // :
    codePoint === 0x3d // =
  );
}

let lastText: string | undefined;
let lastAnswer = false;

/** Whether `text` holds a character reference that could spell part of a needle. */
export function hasHidingReference(text: string): boolean {
  if (text === lastText) return lastAnswer;
  let answer = false;
  if (text.includes('&')) {
    if (NAMED_ASCII_REFERENCE.test(text)) answer = true;
    else if (text.includes('&#')) {
      for (const match of text.matchAll(NUMERIC_REFERENCE)) {
        const codePoint = match[1] !== undefined ? parseInt(match[1], 16) : Number(match[2]);
        if (hidesAscii(codePoint)) {
          answer = true;
          break;
        }
      }
    }
  }
  lastText = text;
  lastAnswer = answer;
  return answer;
}

/** Whether the parser could find `needle` in `text` (case-insensitive needles expected). */
export function mayContain(text: string, needle: RegExp): boolean {
  return needle.test(text) || hasHidingReference(text);
}
