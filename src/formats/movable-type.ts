/**
 * Movable Type export files: Hatena Blog's only export (`<blog>.export.txt`),
 * one file holding every entry.
 *
 * Read as Movable Type reads it: entries end at a line of exactly 8 dashes,
 * sections at a line of exactly 5, so a 40-dash line inside a `<pre>` is
 * text. Only the HTML of BODY, EXTENDED BODY, EXCERPT and COMMENT bodies is
 * cleaned; metadata lines and a comment's AUTHOR/EMAIL/IP/URL/DATE lines
 * never are. Each region is named after its entry (BASENAME, else TITLE).
 */
import type { Region } from './layout.js';

const CLEANED_SECTIONS = new Set(['BODY', 'EXTENDED BODY', 'EXCERPT', 'COMMENT']);
const COMMENT_FIELD = /^(?:AUTHOR|EMAIL|IP|URL|DATE):/;
const SECTION_KEY = /^([A-Z][A-Z ]*[A-Z]):[ \t]*$/;
const META_LINE = /^([A-Z][A-Z ]*[A-Z]):[ \t]?(.*)$/;

const SNIFF = /^(?:--------\r?\n)?(?:(?:AUTHOR|TITLE|BASENAME|STATUS|ALLOW COMMENTS|ALLOW PINGS|CONVERT BREAKS|DATE|CATEGORY|PRIMARY CATEGORY|TAGS|IMAGE|NO ENTRY|START BODY): ?.*\r?\n)+-----\r?\n(?:BODY|EXTENDED BODY|EXCERPT|KEYWORDS|COMMENT|PING):/;

/** Recognise an export by its name or by its first lines. */
export function isMovableTypeExport(text: string, path?: string): boolean {
  if (path && /\.export\.txt$/i.test(path)) return true;
  return SNIFF.test(text.slice(0, 8192));
}

interface Line {
  start: number;
  /** end of the content, before the line ending */
  end: number;
  /** start of the next line */
  next: number;
}

function* lines(text: string): Generator<Line> {
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const next = newline === -1 ? text.length : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    yield { start, end, next };
    start = next;
  }
}

/** The regions to clean in an export, in order, each labelled with its entry. */
export function movableTypeRegions(text: string): Region[] {
  const regions: Region[] = [];
  let state: 'meta' | 'key' | 'content' = 'meta';
  let meta: Record<string, string> = {};
  let entryCount = 0;
  let section: { key: string; contentStart: number; fieldsDone: boolean } | undefined;
  const label = () => meta.BASENAME || meta.TITLE || `entry ${entryCount + 1}`;
  const close = (end: number) => {
    if (section && CLEANED_SECTIONS.has(section.key) && end > section.contentStart) {
      regions.push({ start: section.contentStart, end, kind: 'html', label: label() });
    }
    section = undefined;
  };

  for (const line of lines(text)) {
    const content = text.slice(line.start, line.end);
    if (content === '--------') {
      close(line.start);
      if (state !== 'meta' || Object.keys(meta).length > 0) entryCount++;
      meta = {};
      state = 'meta';
      continue;
    }
    if (content === '-----') {
      close(line.start);
      state = 'key';
      continue;
    }
    if (state === 'meta') {
      const match = META_LINE.exec(content);
      if (match && !(match[1]! in meta)) meta[match[1]!] = match[2]!.trim();
      continue;
    }
    if (state === 'key') {
      const match = SECTION_KEY.exec(content);
      if (!match) continue;
      section = { key: match[1]!, contentStart: line.next, fieldsDone: match[1] !== 'COMMENT' };
      state = 'content';
      continue;
    }
    // content: a comment's own fields come first and are never cleaned
    if (section && !section.fieldsDone) {
      if (COMMENT_FIELD.test(content)) section.contentStart = line.next;
      else section.fieldsDone = true;
    }
  }
  close(text.length);
  return regions;
}
