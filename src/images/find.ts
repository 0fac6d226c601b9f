/**
 * Find the images on image hosts in a post, as a pass the engine runs: the
 * engine parses each region, skips code samples (HTML code elements,
 * Markdown code) exactly as it does for the passes, and splices the edits
 * into the original text, so every byte outside a URL stays as it was. This
 * pass is not one of `clean`'s: `blogfix images` runs it alone.
 *
 * What it reports depends on `decide`, asked once per URL found: a new URL
 * (a fix: the URL as written is replaced), a reason to keep it (a warning),
 * or nothing (not ours).
 */
import type { Pass, PassVisitor } from '../types.js';
import { htmlVisitor } from './find-html.js';
import { markdownVisitor } from './find-markdown.js';
import { imageFile, OLD_FOTOLIFE_HOST, type ImageFile } from './locate.js';

export const IMAGES_PASS = 'images';

export type Decision = { to: string } | { keep: string } | undefined;

export interface FindSettings {
  /** Image hosts (`host` or `host:port`). */
  hosts: readonly string[];
  /** What to do with an image URL on the hosts (`url` as the parser decoded it). */
  decide(url: string, image: ImageFile): Decision;
}

/** A URL found, with the span of its text as written (inside quotes, brackets). */
export interface Found {
  url: string;
  image: ImageFile;
  start: number;
  end: number;
}

/** How a visitor says what it found: `escape` makes the new URL fit where the old one was written, or says why it cannot. */
export type Emit = (found: Found, escape: (url: string) => string | { cannot: string }) => void;

function hostNeedle(hosts: readonly string[]): RegExp {
  const names = [...new Set(hosts.map((host) => host.replace(/:\d+$/, '').toLowerCase()))];
  return new RegExp(names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
}

/** The pass, and the image behind each fix it made (by the fix's message). */
export interface ImagesPass extends Pass {
  imageOf(message: string): ImageFile | undefined;
}

export function imagesPass(settings: FindSettings): ImagesPass {
  const { hosts } = settings;
  const fixed = new Map<string, ImageFile>();
  return {
    imageOf: (message) => fixed.get(message),
    name: IMAGES_PASS,
    description: 'move images off Hatena: point their URLs at the copies blogfix images saved',
    needle: hostNeedle([...hosts, OLD_FOTOLIFE_HOST]),
    // the engine asks only when a host name, or a character reference that could spell one, occurs
    mayReport: () => true,
    create(context): PassVisitor {
      const emit: Emit = (found, escape) => {
        const decision = settings.decide(found.url, found.image);
        if (!decision) return;
        if ('keep' in decision) {
          context.report({ message: `kept ${found.url}: ${decision.keep}`, start: found.start, end: found.end });
          return;
        }
        const text = escape(decision.to);
        if (typeof text !== 'string') {
          context.report({ message: `kept ${found.url}: ${text.cannot}`, start: found.start, end: found.end });
          return;
        }
        const message = `${found.url} → ${decision.to}`;
        fixed.set(message, found.image);
        context.report({ message, start: found.start, end: found.end, edits: [{ start: found.start, end: found.end, text }] });
      };
      const locate = (url: string) => imageFile(url, hosts);
      const html = htmlVisitor(context.source, locate, emit);
      const markdown = markdownVisitor(context.source, locate, emit);
      return {
        element: html.element,
        markdown: markdown.markdown,
        finish() {
          html.finish();
          markdown.finish();
        },
      };
    },
  };
}
