/** A function that returns the next pseudo-random number in [0, 1). */
export type Prng = () => number;

/**
 * Creates a seeded pseudo-random generator (mulberry32): the same seed always
 * yields the same sequence, so seed data and fault decisions repeat run to run.
 * Not suitable for anything security-related.
 */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns an integer in [min, max], both inclusive. */
export function randomInt(prng: Prng, min: number, max: number): number {
  return min + Math.floor(prng() * (max - min + 1));
}

export function pickOne<T>(prng: Prng, items: readonly T[]): T {
  return items[Math.floor(prng() * items.length)];
}

/** Returns `count` distinct items in random order; fewer if `items` is shorter. */
export function pickSome<T>(prng: Prng, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const picked: T[] = [];

  while (picked.length < count && pool.length > 0) {
    const index = Math.floor(prng() * pool.length);
    picked.push(pool.splice(index, 1)[0]);
  }

  return picked;
}

/** Returns `length` lower-case hexadecimal digits, e.g. for span and trace ids. */
export function randomHex(prng: Prng, length: number): string {
  let hex = '';

  for (let i = 0; i < length; i++) {
    hex += Math.floor(prng() * 16).toString(16);
  }

  return hex;
}
