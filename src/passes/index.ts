/**
 * The passes, in the order their reports are listed. Every pass sees the same
 * parse of a region; the engine applies their edits together.
 */
import type { Pass } from '../types.js';
import { affiliatePixels } from './affiliate-pixels.js';
import { blankTarget } from './blank-target.js';
import { herf } from './herf.js';
import { keywordLinks } from './keyword-links.js';
import { preEscapedHtml } from './pre-escaped-html.js';

export const passes: readonly Pass[] = [keywordLinks, herf, blankTarget, affiliatePixels, preEscapedHtml];

export const passNames: readonly string[] = passes.map((pass) => pass.name);

/** The passes to run: all, or `only`, minus `skip`. Unknown names throw. */
export function selectPasses(only?: readonly string[], skip?: readonly string[]): Pass[] {
  for (const name of [...(only ?? []), ...(skip ?? [])]) {
    if (!passNames.includes(name)) {
      throw new Error(`unknown pass "${name}" (passes: ${passNames.join(', ')})`);
    }
  }
  return passes.filter((pass) => (!only || only.length === 0 || only.includes(pass.name)) && !(skip ?? []).includes(pass.name));
}
