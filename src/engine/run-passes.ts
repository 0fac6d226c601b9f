/**
 * One walk over a parsed region: every pass's visitor sees every element in
 * document order (ESLint's merged traversal). Code samples are visited but
 * not entered, so no pass ever looks inside one.
 */
import type { Root } from 'hast';
import { CONTINUE, SKIP, visitParents } from 'unist-util-visit-parents';
import { isCodeSample } from '../hast.js';
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

export function runPasses(
  tree: Root,
  source: string,
  passes: readonly Pass[],
  options: PassOptions,
  references: readonly MarkdownReference[] = [],
): Report[] {
  const reports: Report[] = [];
  const visitors = passes.map((pass) =>
    pass.create({ source, options, report: (init) => reports.push(toReport(pass.name, init)) }),
  );
  const elementVisitors = visitors.filter((visitor) => visitor.element);
  visitParents(tree, 'element', (node, ancestors) => {
    for (const visitor of elementVisitors) visitor.element!(node, ancestors);
    return isCodeSample(node) ? SKIP : CONTINUE;
  });
  for (const reference of references) for (const visitor of visitors) visitor.markdown?.(reference);
  for (const visitor of visitors) visitor.finish?.();
  return reports;
}
