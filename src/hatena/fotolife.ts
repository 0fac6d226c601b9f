/**
 * Hatena Fotolife, Hatena's photo store. A Hatena post showed a picture as
 * `<a href="http://f.hatena.ne.jp/<id>/<timestamp>" class="hatena-fotolife"
 * itemprop="url"><img … alt="f:id:<id>:<timestamp>p:plain"></a>`, often in a
 * `<span itemscope itemtype="http://schema.org/Photograph">`. The link leads
 * to Fotolife's page for the picture, and the alt is the picture's id in
 * Hatena's notation, not a description.
 */

/** A Fotolife page of one picture: `f.hatena.ne.jp/<id>/<14-digit timestamp>` (http, https, or //). */
const PAGE_URL = /^\s*(?:https?:)?\/\/f\.hatena\.ne\.jp\/[A-Za-z][\w-]*\/\d{14}\/?(?:[?#]\S*)?\s*$/i;

export function isFotolifePageUrl(url: string): boolean {
  return PAGE_URL.test(url);
}

/**
 * `f:id:<id>:<timestamp><kind>[:<option>…]` as Hatena wrote it in alt and
 * title: `f:id:alice:20170104185455p:plain`, `…j:image:w300`. Nothing else.
 */
const FOTOLIFE_ID = /^\s*f:id:[A-Za-z][\w-]*:\d{14}[a-z]?(?::[\w-]+)*\s*$/;

export function isFotolifeId(text: string): boolean {
  return FOTOLIFE_ID.test(text);
}

/** itemtype of the wrapper Hatena put around a Fotolife picture. */
const PHOTOGRAPH = /^\s*https?:\/\/schema\.org\/Photograph\s*$/i;

export function isPhotographType(itemtype: string): boolean {
  return PHOTOGRAPH.test(itemtype);
}

/** What must occur in a text for the fotolife-links pass to find anything. */
export const FOTOLIFE_NEEDLE = /f\.hatena\.ne\.jp|f:id:|schema\.org\/Photograph/i;
