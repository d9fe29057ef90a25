import type { Sample } from '../../src/shared/engine/types';

/**
 * A deliberately simple, independent trajectory generator for engine unit tests: vertical-only motion
 * made of minimum-jerk strokes and still pauses, sensor z axis up, optional noise. The full simulator
 * (src/shared/sim) is used for realistic scenarios; this one keeps the expected answers obvious.
 */
export interface Move {
  /** Signed displacement in metres (negative = down); 0 = a pause. */
  dz: number;
  durationS: number;
}

const G = 9.80665;

/** Minimum-jerk velocity shape on s in [0,1], integral 1. */
function mjVelocity(s: number): number {
  return 30 * s * s * (1 - s) * (1 - s);
}
function mjAccel(s: number): number {
  return 60 * s * (1 - s) * (1 - 2 * s);
}

export interface Synthetic {
  samples: Sample[];
  /** Start/end time of each non-pause move, 5%-of-peak edges. */
  strokes: { startS: number; endS: number; dz: number }[];
}

/** 5% of peak speed of a minimum-jerk stroke is reached at this fraction of its duration. */
export const MJ_EDGE = (() => {
  let lo = 0;
  let hi = 0.5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (mjVelocity(mid) < 0.05 * mjVelocity(0.5)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
})();

export function synthesize(
  moves: Move[],
  opts: { rateHz?: number; noiseG?: number; seed?: number; t0?: number } = {},
): Synthetic {
  const rate = opts.rateHz ?? 100;
  const noise = opts.noiseG ?? 0;
  let seed = opts.seed ?? 1;
  const rand = (): number => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const total = moves.reduce((s, m) => s + m.durationS, 0);
  const samples: Sample[] = [];
  const strokes: Synthetic['strokes'] = [];
  let acc = 0;
  for (const m of moves) {
    if (m.dz !== 0) {
      strokes.push({
        startS: (opts.t0 ?? 0) + acc + MJ_EDGE * m.durationS,
        endS: (opts.t0 ?? 0) + acc + (1 - MJ_EDGE) * m.durationS,
        dz: m.dz,
      });
    }
    acc += m.durationS;
  }
  const n = Math.floor(total * rate);
  for (let i = 0; i <= n; i++) {
    const t = i / rate;
    let start = 0;
    let a = 0;
    for (const m of moves) {
      if (t < start + m.durationS) {
        if (m.dz !== 0) {
          const s = (t - start) / m.durationS;
          a = (m.dz / (m.durationS * m.durationS)) * mjAccel(s);
        }
        break;
      }
      start += m.durationS;
    }
    samples.push({
      t: (opts.t0 ?? 0) + t,
      ax: noise * gauss(),
      ay: noise * gauss(),
      az: 1 + a / G + noise * gauss(),
    });
  }
  return { samples, strokes };
}

export { mjVelocity };
