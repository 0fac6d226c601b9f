/**
 * The default format: with --dry-run the patch on stdout (its changed words
 * marked on a terminal), with --check the path of each post that would
 * change, one a line, as prettier's --list-different; when writing, the path
 * of each post written, one a line, as prettier's --write (not with --quiet);
 * each post's warnings on
 * stderr in ESLint's stylish layout.
 */
import type { WalkError } from '../files/walk.js';
import { colorPatch } from './highlight.js';
import { patchOf } from './patch.js';
import type { Reporter, ReporterContext } from './reporter.js';
import { fileMessages } from './summary.js';

export function stylishReporter(context: ReporterContext): Reporter {
  const { stdout, stderr, out, err, mode, quiet } = context;
  return {
    keepsFixes: false,
    walkError(error: WalkError) {
      stderr.write(`${err.underline(error.display)}\n  ${err.red('error')}    ${error.message}\n`);
    },
    result(result) {
      const patch = patchOf(result);
      if (patch) stdout.write(out.isColorSupported ? colorPatch(patch, out) : patch);
      if (mode === 'check' && result.status === 'changed') stdout.write(`${result.display}\n`);
      if (mode === 'write' && result.written && !quiet) stdout.write(`${result.display}\n`);
      const messages = fileMessages(result, err, quiet);
      if (messages) stderr.write(messages);
    },
    finish() {},
  };
}
