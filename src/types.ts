/**
 * The shared vocabulary of blogfix: edits, reports, passes.
 *
 * A pass never changes anything itself. It looks at a parsed region and
 * reports what it found; a report may carry edits, which are plain data
 * (`{start, end, text}` on the text the pass saw). The engine decides which
 * edits to apply and splices them into the original text.
 */
import type { Element, Root } from 'hast';

export type { Element, Root } from 'hast';
/** An element's ancestors, root first, parent last. */
export type Ancestors = readonly (Root | Element)[];

/** Replace `text.slice(start, end)` by `text`. Offsets are UTF-16 code units. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A fix is a report with edits; a warning or notice leaves the text alone. */
export type Severity = 'fix' | 'warning' | 'notice';

/** What a pass found, on the text it saw. */
export interface Report {
  /** Name of the pass that made the report. */
  pass: string;
  /** One line for people; names the decoded keyword, not its percent-encoding. */
  message: string;
  /** The span the report is about (for line and column). */
  start: number;
  end: number;
  severity: Severity;
  /** Edits to make; applied together or not at all. Empty for warnings and notices. */
  edits: TextEdit[];
  /** The decoded Hatena keyword, when the report is about a keyword link. */
  keyword?: string;
  /** The entry of a Movable Type export the report is in (its BASENAME or TITLE). */
  entry?: string;
  /** Hatena notation left in a post: each construct and its line (see formats/hatena-notation.ts). */
  notation?: { construct: string; line: number }[];
}

/** What a pass hands to `context.report`. */
export interface ReportInit {
  message: string;
  start: number;
  end: number;
  /** Present and non-empty: a fix. Absent or empty: a warning (or a notice). */
  edits?: TextEdit[];
  severity?: 'warning' | 'notice';
  keyword?: string;
}

/** An applied edit, flattened with its report, as the issue tracker describes it. */
export interface Edit extends TextEdit {
  pass: string;
  message: string;
}

/** A Markdown link or image found by the Markdown reader, with its source spans. */
export interface MarkdownReference {
  kind: 'link' | 'image';
  /** The destination as written, after backslash escapes and character references. */
  url: string;
  /** Span of the whole `[text](url)` or `![alt](url)`. */
  start: number;
  end: number;
  /** Span of the link text between the brackets (empty for images). */
  textStart: number;
  textEnd: number;
  /** The link text (or image alt) as plain text. */
  label: string;
}

/** Settings a pass may read. */
export interface PassOptions {
  /** Extra hosts whose `/keyword/` pages count as Hatena keyword pages. */
  keywordHosts: readonly string[];
  /** Extra image URL patterns that are tracking pixels whatever their size. */
  pixelPatterns: readonly RegExp[];
}

export interface PassContext {
  /** The text of the region being cleaned; every offset is an offset into it. */
  readonly source: string;
  readonly options: PassOptions;
  report(report: ReportInit): void;
}

/**
 * The visitor a pass returns: called once per element, in document order.
 *
 * The tree is hast (https://github.com/syntax-tree/hast), made from parse5's
 * by hast-util-from-parse5, so a visitor reads like a rehype plugin's:
 * `node.tagName`, `node.properties.href`, `node.properties.className` (an
 * array), `node.children`; use hast-util-to-string (or `textOf` in
 * src/engine/elements.ts, which also takes any depth), hast-util-is-element,
 * hast-util-has-property and property-information rather than helpers of
 * your own.
 *
 * Edits are offsets into `context.source`, and come only from source spans:
 * `openingSpan`, `closingSpan`, `elementSpan`, `attributeSpan` and
 * `attributeParts` in src/html/spans.ts (parse5's locations, kept on
 * `node.data.sourceCodeLocation`), or `node.position.start.offset` /
 * `.end.offset`. Never from the length of a decoded value, and nothing is
 * ever serialized.
 */
export interface PassVisitor {
  /**
   * An element outside code samples. Elements inside `<code>`, `<script>`,
   * `<style>`, `<textarea>` and code `<pre>`s are never visited; the code
   * element itself is.
   *
   * `ancestors` runs from the root (a hast `root`) to the parent. It is only
   * valid during the call (a very deep tree is walked with one array that
   * changes): copy what you keep, or keep what you need from it (the parent,
   * the nearest `<a>`; `closestFinder` in src/engine/elements.ts answers
   * "nearest ancestor named ..." in linear time over a whole tree). The
   * nodes themselves stay valid until `finish`.
   */
  element?(node: Element, ancestors: Ancestors): void;
  /** A Markdown link or image outside code (Markdown posts only). */
  markdown?(reference: MarkdownReference): void;
  /** Called after the walk, for passes that decide with the whole region in view. */
  finish?(): void;
}

export interface Pass {
  /** kebab-case; the module, the fixture folder and `--only` use the same name. */
  readonly name: string;
  /** One line, shown by `blogfix passes`. */
  readonly description: string;
  /**
   * What must occur in a text (case-insensitively, once character references
   * are read) for the pass to report anything. The engine tests the needles
   * of all passes in one scan and parses nothing when none occurs.
   */
  readonly needle: RegExp;
  /**
   * Sound prefilter, looked at when the needles occur: false only if the pass
   * cannot report anything on this text.
   */
  mayReport(text: string, options: PassOptions): boolean;
  /** Make the visitor for one parse of one region. */
  create(context: PassContext): PassVisitor;
}
