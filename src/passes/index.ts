/**
 * The passes, in the order their reports are listed. Every pass sees the same
 * parse of a region; the engine applies their edits together.
 *
 * Most passes are on by default. Some repairs are a choice (an embed, a link
 * to Hatena's photo pages), so their passes are off until the configuration
 * turns them on, by name or with a preset, as ESLint's shared configs do.
 * `own-links` is on as soon as `ownBlogs` says where the old blog was.
 */
import type { OwnBlog } from '../hatena/own-blogs.js';
import type { Pass } from '../types.js';
import { affiliatePixels } from './affiliate-pixels.js';
import { asinLinks } from './asin-links.js';
import { blankTarget } from './blank-target.js';
import { blogCards } from './blog-cards.js';
import { fotolifeLinks } from './fotolife-links.js';
import { herf } from './herf.js';
import { createHttpsImages, httpsImages } from './https-images.js';
import { keywordLinks } from './keyword-links.js';
import { createOwnLinks, ownLinks } from './own-links.js';
import { preEscapedHtml } from './pre-escaped-html.js';

/** Every pass, in the order they run (own-links and https-images as they are without settings). */
export const passes: readonly Pass[] = [keywordLinks, herf, blankTarget, affiliatePixels, preEscapedHtml, asinLinks, httpsImages, blogCards, fotolifeLinks, ownLinks];

export const passNames: readonly string[] = passes.map((pass) => pass.name);

/** Passes that run only when turned on (by name, by a preset, or, for own-links, by `ownBlogs`). */
export const offByDefault: ReadonlySet<string> = new Set(['blog-cards', 'fotolife-links', 'own-links']);

/** Presets: named sets of passes to turn on. */
export const presets: Readonly<Record<string, readonly string[]>> = Object.freeze({
  /** Everything an owner does by hand when moving a blog off Hatena. */
  'leaving-hatena': Object.freeze(['blog-cards', 'fotolife-links', 'own-links']),
});

export const presetNames: readonly string[] = Object.keys(presets);

/** The presets that turn a pass on. */
export function presetsTurningOn(name: string): string[] {
  return presetNames.filter((preset) => presets[preset]!.includes(name));
}

/** What passes with settings of their own are made with. */
export interface PassSettings {
  /** The owner's old blogs and how their permalinks map to the new site (own-links). */
  ownBlogs?: readonly OwnBlog[];
  /** Hosts, beyond Hatena's and Amazon's, that serve the same images over https (https-images). */
  httpsImageHosts?: readonly string[];
}

/** Whether a pass runs when nothing names it. */
export function isOnByDefault(name: string, settings: PassSettings = {}): boolean {
  if (name === 'own-links') return (settings.ownBlogs?.length ?? 0) > 0;
  return !offByDefault.has(name);
}

function configured(pass: Pass, settings: PassSettings): Pass {
  if (pass === ownLinks && settings.ownBlogs?.length) return createOwnLinks(settings.ownBlogs);
  if (pass === httpsImages && settings.httpsImageHosts?.length) return createHttpsImages(settings.httpsImageHosts);
  return pass;
}

/**
 * The passes to run: `only` when given, else the passes on by default plus
 * `enable`; minus `skip`. Unknown names throw.
 */
export function selectPasses(only?: readonly string[], skip?: readonly string[], enable?: readonly string[], settings: PassSettings = {}): Pass[] {
  for (const name of [...(only ?? []), ...(skip ?? []), ...(enable ?? [])]) {
    if (!passNames.includes(name)) {
      throw new Error(`unknown pass "${name}" (passes: ${passNames.join(', ')})`);
    }
  }
  const chosen = (name: string) => (only && only.length > 0 ? only.includes(name) : isOnByDefault(name, settings) || (enable ?? []).includes(name));
  return passes.filter((pass) => chosen(pass.name) && !(skip ?? []).includes(pass.name)).map((pass) => configured(pass, settings));
}
