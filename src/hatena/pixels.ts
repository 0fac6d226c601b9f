/**
 * Affiliate tracking-pixel URLs. Some networks serve nothing but pixels from a
 * URL; others serve visible banners from the same URL, so those count only
 * when the image is at most 1x1.
 */

export interface PixelMatch {
  network: string;
  /** True when the URL alone proves a pixel; false when the size must say so too. */
  always: boolean;
  /** Looks like a pixel but is not a known pixel URL: reported, never removed. */
  suspect?: boolean;
}

interface PixelRule extends PixelMatch {
  host: RegExp;
  path: RegExp;
}

const RULES: readonly PixelRule[] = [
  { network: 'Amazon', always: true, host: /(?:^|\.)amazon-adsystem\.com$/, path: /^\/e\/ir$/ },
  { network: 'Amazon', always: true, host: /(?:^|\.)assoc-amazon\.[a-z.]+$/, path: /^\/e\/ir$/ },
  { network: 'A8.net', always: true, host: /^www\d*\.a8\.net$/, path: /^\/0\.gif$/ },
  { network: 'moshimo', always: true, host: /^i\.(?:af\.)?moshimo\.com$/, path: /^\/af\/i\/impression$/ },
  { network: 'afb', always: true, host: /^t\.afi-b\.com$/, path: /^\/lead\// },
  { network: 'ValueCommerce', always: false, host: /(?:^|\.)valuecommerce\.(?:com|ne\.jp)$/, path: /^\/(?:servlet\/|atq\/)?gifbanner$/ },
  // servlet/atq/gifbanner serves 1x1 images too, but it is not a documented pixel URL
  { network: 'ValueCommerce (atq)', always: false, suspect: true, host: /(?:^|\.)valuecommerce\.(?:com|ne\.jp)$/, path: /^\/servlet\/atq\/gifbanner$/ },
  { network: 'LinkShare', always: false, host: /(?:^|\.)linksynergy\.com$/, path: /^\/fs-bin\/show$/ },
  { network: 'AccessTrade', always: false, host: /(?:^|\.)accesstrade\.net$/, path: /^\/sp\/rr$/ },
];

const URL_PARTS = /^\s*(?:https?:)?\/\/([^/?#\s]+)([^?#\s]*)/i;

/** Which network's pixel URL this is, if any. `extra` patterns are always pixels. */
export function matchPixelUrl(src: string, extra: readonly RegExp[] = []): PixelMatch | undefined {
  for (const pattern of extra) {
    if (pattern.test(src)) return { network: 'configured pattern', always: true };
  }
  const match = URL_PARTS.exec(src);
  if (!match) return undefined;
  const host = match[1]!.toLowerCase().replace(/:\d+$/, '');
  const path = match[2] || '/';
  for (const rule of RULES) {
    if (rule.host.test(host) && rule.path.test(path)) {
      return rule.suspect ? { network: rule.network, always: rule.always, suspect: true } : { network: rule.network, always: rule.always };
    }
  }
  return undefined;
}

/** Hosts worth looking for before parsing (see the pass's prefilter). */
export const PIXEL_HOST_NEEDLE = /amazon-adsystem|assoc-amazon|a8\.net|moshimo|afi-b|valuecommerce|linksynergy|accesstrade/i;

function leadingNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*([+-]?\d+)/.exec(value);
  return match ? Number(match[1]) : undefined;
}

function styleLength(style: string, property: 'width' | 'height'): number | undefined {
  const match = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([+-]?\\d+)`, 'i').exec(style);
  return match ? Number(match[1]) : undefined;
}

/** Whether width and height, from attributes or style, are both given and at most 1. */
export function isTiny(width: unknown, height: unknown, style: string | undefined): boolean {
  const w = leadingNumber(width) ?? (style ? styleLength(style, 'width') : undefined);
  const h = leadingNumber(height) ?? (style ? styleLength(style, 'height') : undefined);
  return w !== undefined && h !== undefined && w <= 1 && h <= 1;
}
