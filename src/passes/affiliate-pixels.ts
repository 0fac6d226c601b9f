/**
 * affiliate-pixels: drop affiliate tracking-pixel images.
 *
 * Amazon `/e/ir`, A8 `0.gif`, moshimo impressions and afb leads are pixels by
 * URL alone. ValueCommerce `gifbanner`, LinkShare `fs-bin/show` and
 * AccessTrade `sp/rr` also serve visible banners, so they go only when the
 * image is at most 1x1. Only the `<img>` goes: the link around or beside it
 * stays, and so do product images, widgets and banners.
 */
import { isTiny, matchPixelUrl, PIXEL_HOST_NEEDLE } from '../hatena/pixels.js';
import { openingSpan } from '../html/spans.js';
import { mayContain } from '../engine/prefilter.js';
import type { Pass } from '../types.js';

/** hast reads `width="1"` as the number 1: back to text, so that "1.5" counts as 1 as before. */
function asWritten(value: unknown): unknown {
  return typeof value === 'number' ? String(value) : value;
}

export const affiliatePixels: Pass = {
  name: 'affiliate-pixels',
  description: 'Drop affiliate tracking-pixel images (Amazon /e/ir, A8, moshimo, afb; 1x1 ValueCommerce, LinkShare, AccessTrade)',
  needle: PIXEL_HOST_NEEDLE,
  mayReport: (text, options) => options.pixelPatterns.length > 0 || mayContain(text, PIXEL_HOST_NEEDLE),
  create(context) {
    const { pixelPatterns } = context.options;
    return {
      element(node) {
        if (node.tagName !== 'img') return;
        const { src, width, height, style } = node.properties;
        if (typeof src !== 'string') return;
        const pixel = matchPixelUrl(src, pixelPatterns);
        if (!pixel) return;
        if (!pixel.always && !isTiny(asWritten(width), asWritten(height), typeof style === 'string' ? style : undefined)) return;
        const span = openingSpan(node);
        if (!span || !/^<img[\s/>]/i.test(context.source.slice(span.start, span.start + 5))) return;
        if (pixel.suspect) {
          context.report({ message: `1x1 ${pixel.network} image looks like a tracking pixel but is not a known pixel URL; left as is`, ...span, severity: 'notice' });
          return;
        }
        context.report({ message: `dropped ${pixel.network} tracking pixel`, ...span, edits: [{ ...span, text: '' }] });
      },
      markdown(reference) {
        if (reference.kind !== 'image') return;
        const pixel = matchPixelUrl(reference.url, pixelPatterns);
        // a Markdown image has no size: only the URL can tell
        if (!pixel?.always || pixel.suspect) return;
        const span = { start: reference.start, end: reference.end };
        context.report({ message: `dropped ${pixel.network} tracking pixel (Markdown image)`, ...span, edits: [{ ...span, text: '' }] });
      },
    };
  },
};
