/**
 * Is a response a picture? Its content type must say so (or say nothing
 * useful: `application/octet-stream`, none), and its first bytes must be
 * those of an image format browsers show. An HTML error page sent with
 * status 200, or a truncated body, is not saved as a picture.
 */

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'ico' | 'avif' | 'heic' | 'svg';

const starts = (bytes: Uint8Array, magic: readonly number[], at = 0) => bytes.length >= at + magic.length && magic.every((byte, index) => bytes[at + index] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** The image format of `bytes`, by their magic number, or undefined. */
export function sniffImage(bytes: Uint8Array): ImageKind | undefined {
  if (starts(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts(bytes, ascii('GIF87a')) || starts(bytes, ascii('GIF89a'))) return 'gif';
  if (starts(bytes, ascii('RIFF')) && starts(bytes, ascii('WEBP'), 8)) return 'webp';
  if (starts(bytes, ascii('BM')) && bytes.length >= 26) return 'bmp';
  if (starts(bytes, [0, 0, 1, 0]) && bytes.length >= 22) return 'ico';
  if (starts(bytes, ascii('ftyp'), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (brand === 'avif' || brand === 'avis') return 'avif';
    if (/^(?:heic|heix|mif1|msf1)$/.test(brand)) return 'heic';
  }
  // SVG is text: an <svg> root near the start, after an XML declaration, a doctype or comments
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8').replace(/^\ufeff/, '');
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(head)) return 'svg';
  return undefined;
}

/** The media type of a Content-Type header, lowercased, without parameters ('' when absent). */
export function mediaType(contentType: string | null): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Why a response is not a picture, or undefined when it is one: the content
 * type names an image (or is absent or octet-stream) and the bytes start as
 * an image does. SVG must also be labelled as SVG (it is text, and a text
 * page is no picture unless the server says so).
 */
export function notAnImage(contentType: string | null, bytes: Uint8Array): string | undefined {
  const type = mediaType(contentType);
  const labelled = type.startsWith('image/');
  if (!labelled && type !== '' && type !== 'application/octet-stream' && type !== 'binary/octet-stream') {
    return `not an image: the server sent ${type}`;
  }
  if (bytes.length === 0) return 'not an image: the server sent nothing';
  const kind = sniffImage(bytes);
  if (kind === undefined) return `not an image: its bytes are no known picture format${labelled ? ` though the server said ${type}` : ''}`;
  if (kind === 'svg' && type !== 'image/svg+xml') return `not an image: SVG text sent as ${type || 'no type'}`;
  return undefined;
}
