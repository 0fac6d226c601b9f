/**
 * Colour is decided per stream, as prettier does: NO_COLOR turns it off,
 * FORCE_COLOR turns it on (or off with 0/false), otherwise only a terminal
 * gets colour. picocolors' own guess looks at CI and stdout, which would
 * colour a patch redirected to a file in CI.
 */
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag?: boolean): Colors {
  return pc.createColors(wantsColor(stream, env, flag));
}
