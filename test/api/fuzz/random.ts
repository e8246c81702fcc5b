/**
 * A seeded random source, so that a failing fuzz run can be replayed: the seed is fixed unless
 * STEPWISE_FUZZ_SEED names another, and every failure message carries it.
 */

export const FUZZ_SEED = Number(process.env.STEPWISE_FUZZ_SEED ?? 20240611);

export interface Random {
  /** In [0, 1). */
  next(): number;
  int(below: number): number;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast and good enough to spread mutations. */
export function random(seed = FUZZ_SEED): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number): number => Math.floor(next() * below);
  return { next, int, pick: (items) => items[int(items.length)] };
}
