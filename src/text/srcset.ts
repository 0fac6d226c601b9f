/**
 * The image candidates of a `srcset` attribute, as written: each URL's span
 * in the raw attribute value. Follows the HTML parsing rules for srcset: a
 * URL is a run of non-space characters (trailing commas are separators), its
 * descriptors run to the next comma.
 */
export interface SrcsetUrl {
  /** Offsets into the raw value. */
  start: number;
  end: number;
  url: string;
}

const SPACE = /[ \t\n\f\r]/;

export function srcsetUrls(value: string): SrcsetUrl[] {
  const out: SrcsetUrl[] = [];
  let index = 0;
  while (index < value.length) {
    while (index < value.length && (SPACE.test(value[index]!) || value[index] === ',')) index++;
    if (index >= value.length) break;
    const start = index;
    while (index < value.length && !SPACE.test(value[index]!)) index++;
    let end = index;
    let sawComma = false;
    while (end > start && value[end - 1] === ',') {
      end--;
      sawComma = true;
    }
    out.push({ start, end, url: value.slice(start, end) });
    if (sawComma) continue;
    // descriptors, up to the next comma outside parentheses
    let depth = 0;
    while (index < value.length) {
      const char = value[index]!;
      if (char === '(') depth++;
      else if (char === ')') depth = Math.max(0, depth - 1);
      else if (char === ',' && depth === 0) break;
      index++;
    }
  }
  return out;
}
