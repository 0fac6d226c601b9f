/**
 * One walk over a parsed region: every pass's visitor sees every element in
 * document order (ESLint's merged traversal). Code samples are visited but
 * not entered, so no pass ever looks inside one. The walk is iterative: any
 * depth of nesting is fine.
 */
import { isCodeSample, isElement, type ChildNode, type Element, type Root } from '../html/dom.js';
import type { MarkdownReference, Pass, PassOptions, Report, ReportInit } from '../types.js';

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

/** Call `enter` for every element in document order; its children are walked when it returns true. */
export function walkElements(root: Root, enter: (node: Element) => boolean): void {
  const stack: ChildNode[] = [];
  for (let index = root.childNodes.length - 1; index >= 0; index--) stack.push(root.childNodes[index]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (!enter(node)) continue;
    const children = node.childNodes;
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
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
    walkElements(root, (node) => {
      for (const visitor of elementVisitors) visitor.element!(node);
      return !isCodeSample(node);
    });
  }
  for (const reference of references) for (const visitor of visitors) visitor.markdown?.(reference);
  for (const visitor of visitors) visitor.finish?.();
  return reports;
}
