/**
 * https-images: `http://` image URLs on hosts known to serve the same file
 * over https become `https://`: on an https site they are mixed content,
 * blocked or flagged by browsers.
 *
 * The hosts are Hatena's image CDNs and Amazon's image hosts (one list,
 * shared with `blogfix images`), and those the configuration adds under
 * `httpsImageHosts`. Looked at: `src` and `srcset` of `<img>`, `srcset` of
 * `<source>`, the link around an image when it points at the same image, and
 * Markdown images (and the link around one, likewise). Only the scheme
 * changes: `http:` becomes `https:`, every other character stays.
 */
import { AMAZON_IMAGE_HOSTS, HATENA_IMAGE_HOSTS, isOnHosts, urlHost } from '../hatena/image-hosts.js';
import { markdownDestination } from '../formats/markdown-destination.js';
import type { Element } from 'hast';
import { closestFinder } from '../engine/elements.js';
import { attributeParts, attributeSpan, type Span } from '../html/spans.js';
import { mayContain } from '../engine/prefilter.js';
import { linksAroundImages } from '../formats/markdown-images.js';
import { srcsetUrls } from '../text/srcset.js';
import type { MarkdownReference, Pass, PassContext } from '../types.js';

const HTTP = /^http:\/\//i;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** http:// followed by one of the hosts (a host's subdomains are other hosts, but the needle may be loose). */
function needleFor(hosts: readonly string[]): RegExp {
  const bare = [...new Set(hosts.map((host) => host.toLowerCase().replace(/:\d+$/, '')))];
  return new RegExp(`http://(?:${bare.map(escapeRegExp).join('|')})`, 'i');
}

/** Same URL but for the scheme. */
function sameButScheme(a: string, b: string): boolean {
  const rest = (url: string) => url.trim().replace(/^https?:/i, '');
  return rest(a) === rest(b);
}

function hostOf(url: string): string {
  return /^\s*https?:\/\/([^/?#\s]+)/i.exec(url)?.[1]?.toLowerCase() ?? url;
}

export function createHttpsImages(extraHosts: readonly string[] = []): Pass {
  const hosts = [...HATENA_IMAGE_HOSTS, ...AMAZON_IMAGE_HOSTS, ...extraHosts];
  const needle = needleFor(hosts);
  const withPort = hosts.filter((host) => host.includes(':')).map((host) => host.toLowerCase());
  // a URL with a port of its own speaks http there: only a "host:port" entry says https is served on it
  const upgradable = (url: string | undefined): url is string => {
    if (url === undefined || !HTTP.test(url.trim()) || !isOnHosts(url, hosts)) return false;
    const host = urlHost(url)!;
    return !host.includes(':') || withPort.includes(host);
  };

  return {
    name: 'https-images',
    description: "Make http:// image URLs https:// on hosts that serve the same file over https (Hatena's and Amazon's image hosts, and httpsImageHosts)",
    needle,
    mayReport: (text) => mayContain(text, needle),
    create(context: PassContext) {
      const { source } = context;
      const done = new Set<number>();
      const linkOf = closestFinder(['a']);

      /** Make the scheme of a raw URL at `at` https, once per offset. */
      const upgrade = (at: number, url: string, what: string, about: Span) => {
        if (done.has(at)) return;
        // the URL as written must start with the scheme itself (not a character reference)
        if (!HTTP.test(source.slice(at, at + 7))) return;
        done.add(at);
        context.report({ message: `${what}: http image URL on ${hostOf(url)} made https`, ...about, edits: [{ start: at, end: at + 5, text: 'https:' }] });
      };

      /** The start of the value of attribute `name` as written, past leading white space. */
      const valueStart = (node: Element, name: string): { at: number; raw: string; span: Span } | undefined => {
        const span = attributeSpan(node, name);
        if (!span) return undefined;
        const parts = attributeParts(source, span);
        if (!parts?.value) return undefined;
        const raw = source.slice(parts.value.start, parts.value.end);
        const lead = raw.length - raw.trimStart().length;
        return { at: parts.value.start + lead, raw, span };
      };

      const srcset = (node: Element) => {
        const written = valueStart(node, 'srcset');
        // the candidates are found in the value as written: it must read as it is written (no character references)
        if (!written || !/http:/i.test(written.raw) || written.raw.includes('&')) return;
        const base = written.at - (written.raw.length - written.raw.trimStart().length);
        for (const candidate of srcsetUrls(written.raw)) {
          if (upgradable(candidate.url)) upgrade(base + candidate.start, candidate.url, `<${node.tagName} srcset>`, written.span);
        }
      };

      const images: MarkdownReference[] = [];
      const links: MarkdownReference[] = [];

      const upgradeMarkdown = (reference: MarkdownReference, what: string) => {
        const destination = markdownDestination(source, reference);
        if (destination) upgrade(destination.url.start, reference.url, what, { start: reference.start, end: reference.end });
      };

      return {
        element(node, ancestors) {
          if (node.tagName === 'img') {
            const src = node.properties.src;
            if (typeof src === 'string' && upgradable(src)) {
              const written = valueStart(node, 'src');
              if (written) upgrade(written.at, src, '<img src>', written.span);
              // the link around it, when it points at the same image
              const link = linkOf(ancestors);
              const href = link?.properties.href;
              if (link && typeof href === 'string' && sameButScheme(href, src) && upgradable(href)) {
                const linkWritten = valueStart(link, 'href');
                if (linkWritten) upgrade(linkWritten.at, href, '<a href> around the same image', linkWritten.span);
              }
            }
            srcset(node);
          } else if (node.tagName === 'source') {
            srcset(node);
          }
        },
        markdown(reference) {
          if (reference.kind === 'image') images.push(reference);
          else links.push(reference);
        },
        finish() {
          for (const image of images) if (upgradable(image.url)) upgradeMarkdown(image, 'Markdown image');
          for (const { link, image } of linksAroundImages(images, links)) {
            // a link whose text is exactly an image with the same URL
            if (sameButScheme(link.url, image.url) && upgradable(link.url) && upgradable(image.url)) upgradeMarkdown(link, 'Markdown link around the same image');
          }
        },
      };
    },
  };
}

export const httpsImages: Pass = createHttpsImages();
