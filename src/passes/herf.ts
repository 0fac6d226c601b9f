/**
 * herf: the attribute name `herf` (any case), a typo for `href`, becomes `href`.
 *
 * When the element has an `href` too: the same value means the `herf` is a
 * leftover and goes; a different value is left alone with a warning, since
 * only the author knows which link was meant.
 */
import { attributeParts, attributeSpan } from '../html/spans.js';
import { mayContain } from '../engine/prefilter.js';
import type { Pass } from '../types.js';

const NEEDLE = /herf/i;

export const herf: Pass = {
  name: 'herf',
  description: 'Rename the misspelt attribute herf= to href=',
  needle: NEEDLE,
  mayReport: (text) => mayContain(text, NEEDLE),
  create(context) {
    const { source } = context;
    return {
      element(node) {
        const span = attributeSpan(node, 'herf');
        if (!span) return;
        const parts = attributeParts(source, span);
        if (!parts || parts.name.end - parts.name.start !== 4) return;
        const herfValue = String(node.properties.herf ?? '');
        const hrefValue = node.properties.href;
        if (hrefValue === undefined || hrefValue === null) {
          context.report({
            message: `<${node.tagName} herf=…> renamed to href`,
            ...span,
            edits: [{ ...parts.name, text: 'href' }],
          });
          return;
        }
        if (String(hrefValue).trim() === herfValue.trim()) {
          // the attribute and the one whitespace character before it
          const start = /\s/.test(source[span.start - 1] ?? '') ? span.start - 1 : span.start;
          context.report({
            message: `<${node.tagName}> dropped herf that repeats its href`,
            ...span,
            edits: [{ start, end: span.end, text: '' }],
          });
          return;
        }
        context.report({
          message: `<${node.tagName}> has both href and herf with different values; left as is`,
          ...span,
          severity: 'warning',
        });
      },
    };
  },
};
