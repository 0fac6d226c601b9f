/**
 * blank-target: `target="_brank"` and `target="brank"` (any case, stray
 * spaces) become `target="_blank"`. Only the value changes; the quotes stay.
 * The misspelt names seen in real posts (`targe`, `taraget`, ...) carrying
 * such a value become `target` too. `target="blank"` is valid HTML (a window
 * named "blank"), so it stays, with a notice.
 */
import type { Element } from 'hast';
import { attributeParts, attributeSpan, type AttributeParts, type Span } from '../html/spans.js';
import { mayContain } from '../engine/prefilter.js';
import type { Pass, PassContext, TextEdit } from '../types.js';

const MISSPELT_NAMES = ['targe', 'taraget', 'tagret', 'traget', 'tareget', 'taget'];
const NEEDLE = new RegExp(`brank|=\\s*["']?\\s*blank|(?:${MISSPELT_NAMES.join('|')})\\s*=`, 'i');
const BRANK = new Set(['_brank', 'brank']);

interface Found {
  name: string;
  span: Span;
  parts: AttributeParts;
  value: string;
}

function find(context: PassContext, node: Element, name: string): Found | undefined {
  const span = attributeSpan(node, name);
  if (!span) return undefined;
  const parts = attributeParts(context.source, span);
  if (!parts?.value) return undefined;
  const value = context.source.slice(parts.value.start, parts.value.end).trim().toLowerCase();
  return { name, span, parts, value };
}

export const blankTarget: Pass = {
  name: 'blank-target',
  description: 'Correct target="_brank" (and misspelt target names) to target="_blank"',
  needle: NEEDLE,
  mayReport: (text) => mayContain(text, NEEDLE),
  create(context) {
    return {
      element(node) {
        const target = find(context, node, 'target');
        if (target) {
          if (BRANK.has(target.value)) {
            context.report({
              message: `<${node.tagName}> target="${target.value}" corrected to _blank`,
              ...target.span,
              edits: [{ ...target.parts.value!, text: '_blank' }],
            });
          } else if (target.value === 'blank') {
            context.report({
              message: `<${node.tagName}> target="blank" opens a window named "blank" (valid HTML); left as is`,
              ...target.span,
              severity: 'notice',
            });
          }
        }
        for (const name of MISSPELT_NAMES) {
          const found = find(context, node, name);
          if (!found) continue;
          if (!BRANK.has(found.value) && found.value !== '_blank') continue;
          if (target) {
            context.report({
              message: `<${node.tagName}> has both target and ${name}="${found.value}"; left as is`,
              ...found.span,
              severity: 'warning',
            });
            continue;
          }
          const edits: TextEdit[] = [{ ...found.parts.name, text: 'target' }];
          if (BRANK.has(found.value)) edits.push({ ...found.parts.value!, text: '_blank' });
          context.report({
            message: `<${node.tagName}> ${name}="${found.value}" corrected to target="_blank"`,
            ...found.span,
            edits,
          });
        }
      },
    };
  },
};
