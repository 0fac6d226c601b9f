/**
 * Markdown links around an image: a link whose whole text is one image
 * (`[![alt](photo.jpg)](page)`), paired with that image, from the links and
 * images a pass was shown.
 */
import type { MarkdownReference } from '../types.js';

export interface LinkAroundImage {
  link: MarkdownReference;
  image: MarkdownReference;
}

/** The links whose text is exactly one of `images`, each with it, in the order of `links`. */
export function linksAroundImages(images: readonly MarkdownReference[], links: readonly MarkdownReference[]): LinkAroundImage[] {
  const byStart = new Map<number, MarkdownReference>();
  for (const image of images) byStart.set(image.start, image);
  const out: LinkAroundImage[] = [];
  for (const link of links) {
    const image = byStart.get(link.textStart);
    if (image && image.end === link.textEnd) out.push({ link, image });
  }
  return out;
}
