/**
 * One traversal of a parsed region: every pass's visitor sees every element
 * in document order, with its ancestors (ESLint's merged traversal). Code
 * samples are visited but not entered (`SKIP`), so no pass ever looks inside
 * one.
 *
 * The walk is `visitParents(root, 'element', visitor)` of
 * unist-util-visit-parents (what unist-util-visit is built on; the passes
 * need ancestors, not only the parent). It recurses once per level and
 * copies the ancestors at each, so it cannot take every tree: any depth
 * parses (`<div>` 100 000 times). A tree deeper than 400 levels (to-hast.ts
 * knows the depth: isTooDeepForRecursion; it converts such trees in slices of
 * 400 levels) is walked by `walkElements` instead, a small iterative walk that
 * visits the same elements with the same ancestors in the same order
 * (test/walk.test.ts) at any depth and in linear time.
 */
import type { Element, Root } from 'hast';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { MarkdownReference, Pass, PassOptions, Report, ReportInit } from '../types.js';
import { isCodeSample, type Parent } from './elements.js';
import { isTooDeepForRecursion } from './to-hast.js';

function toReport(pass: string, init: ReportInit): Report {
  const edits = init.edits ?? [];
  const report: Report = {
    pass,
    message: init.message,
    start: init.start,
    end: init.end,
    severity: edits.length > 0 ? 'fix' : (init.severity ?? 'warning'),
    edits,
  };
  if (init.keyword !== undefined) report.keyword = init.keyword;
  return report;
}

/** Whether `enter` wants an element's children walked. */
type Enter = (node: Element, ancestors: readonly Parent[]) => boolean;

/**
 * Call `enter` for every element in document order, with its ancestors
 * (root first, parent last); its children are walked when it returns true.
 * `ancestors` is one array, changed as the walk goes: copy it to keep it.
 * The fallback for trees too deep for visitParents (see above).
 */
export function walkElements(root: Root, enter: Enter): void {
  const ancestors: Parent[] = [root];
  // elements still to visit, and how many ancestors each has
  const stack: Element[] = [];
  const depths: number[] = [];
  const pushChildren = (parent: Parent, depth: number) => {
    for (let index = parent.children.length - 1; index >= 0; index--) {
      const child = parent.children[index]!;
      if (child.type === 'element') {
        stack.push(child);
        depths.push(depth);
      }
    }
  };
  pushChildren(root, 1);
  while (stack.length > 0) {
    const node = stack.pop()!;
    const depth = depths.pop()!;
    ancestors.length = depth;
    if (!enter(node, ancestors) || node.children.length === 0) continue;
    ancestors.push(node);
    pushChildren(node, depth + 1);
  }
}

export function runPasses(
  root: Root,
  source: string,
  passes: readonly Pass[],
  options: PassOptions,
  references: readonly MarkdownReference[] = [],
): Report[] {
  const reports: Report[] = [];
  const visitors = passes.map((pass) => pass.create({ source, options, report: (init) => reports.push(toReport(pass.name, init)) }));
  const elementVisitors = visitors.filter((visitor) => visitor.element);
  if (elementVisitors.length > 0) {
    if (isTooDeepForRecursion(root)) {
      walkElements(root, (node, ancestors) => {
        for (const visitor of elementVisitors) visitor.element!(node, ancestors);
        return !isCodeSample(node);
      });
    } else {
      visitParents(root, 'element', (node, ancestors) => {
        for (const visitor of elementVisitors) visitor.element!(node, ancestors as Parent[]);
        return isCodeSample(node) ? SKIP : undefined;
      });
    }
  }
  for (const reference of references) for (const visitor of visitors) visitor.markdown?.(reference);
  for (const visitor of visitors) visitor.finish?.();
  return reports;
}
