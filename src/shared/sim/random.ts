/**
 * Seeded pseudo-random numbers. Everything the simulator does is a pure function of a seed, so a failing
 * engine test or benchmark can be replayed exactly. sfc32 (small fast counter) passes PractRand for far
 * more numbers than a session needs and is cheap in plain JS numbers.
 */

/** splitmix32: spreads a seed (or a seed + stream label) into well-mixed 32-bit words. */
function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seed for an independent sub-stream, so e.g. sensor noise does not shift when the motion plan changes. */
export function deriveSeed(seed: number, stream: number): number {
  return splitmix32(splitmix32(seed >>> 0) ^ Math.imul(stream + 1, 0x27d4eb2d));
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Box-Muller yields normals in pairs; the second is kept for the next call. */
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: number) {
    const s = seed >>> 0;
    this.a = splitmix32(s);
    this.b = splitmix32(this.a ^ 0x5bd1e995);
    this.c = splitmix32(this.b ^ 0x1b873593);
    this.d = 1;
    // Discard the first outputs: sfc32 needs a few rounds to decorrelate nearby seeds.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spareNormal;
    }
    const u1 = 1 - this.next(); // (0, 1]: log is finite
    const u2 = this.next();
    const r = Math.sqrt(-2 * Math.log(u1));
    const angle = 2 * Math.PI * u2;
    this.spareNormal = r * Math.sin(angle);
    this.hasSpare = true;
    return mean + sd * r * Math.cos(angle);
  }

  /** Normal clipped to mean ± limitSd standard deviations (human variability without absurd outliers). */
  clippedNormal(mean: number, sd: number, limitSd = 2.5): number {
    const z = Math.max(-limitSd, Math.min(limitSd, this.normal()));
    return mean + sd * z;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Rng.pick: empty list');
    return item;
  }

  /** An independent generator seeded from this one. */
  fork(): Rng {
    return new Rng((this.next() * 4294967296) >>> 0);
  }
}

export function createRng(seed: number): Rng {
  return new Rng(seed);
}
