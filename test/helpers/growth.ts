/**
 * Linearity, measured rather than assumed: how much longer a run takes on an
 * input `factor` times bigger. Both sizes are timed in turns (so a busy
 * machine slows both alike) and the fastest of each is kept. Linear work gives
 * a ratio near `factor`; quadratic work gives `factor` squared. This is a
 * check of growth, not of speed: the bounds the tests use are generous.
 */
export interface Growth {
  small: number;
  big: number;
  ratio: number;
}

export function growth<T>(make: (n: number) => T, run: (input: T) => void, n: number, factor = 4, turns = 3): Growth {
  const small = make(n);
  const big = make(n * factor);
  run(small); // warm up the JIT on the small one
  let bestSmall = Infinity;
  let bestBig = Infinity;
  for (let turn = 0; turn < turns; turn++) {
    let start = performance.now();
    run(small);
    bestSmall = Math.min(bestSmall, performance.now() - start);
    start = performance.now();
    run(big);
    bestBig = Math.min(bestBig, performance.now() - start);
  }
  // a floor of a millisecond keeps a near-zero small time from inflating the ratio
  return { small: bestSmall, big: bestBig, ratio: bestBig / Math.max(bestSmall, 1) };
}
