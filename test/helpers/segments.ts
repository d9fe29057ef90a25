import { findStrokes, type SegmentInput, type Stroke } from '../../src/shared/engine/strokes';

/**
 * Tracker-level inputs for findStrokes tests: the acceleration of a bar whose true velocity is given,
 * sampled evenly, taken as one segment from rest to rest (velocity zero at both ends).
 */
export function restToRestStrokes(
  velocity: (t: number) => number,
  range: { fromS: number; toS: number; rateHz: number },
  options: { noise?: () => number; input?: Partial<SegmentInput> } = {},
): Stroke[] {
  const { fromS, toS, rateHz } = range;
  const noise = options.noise ?? ((): number => 0);
  const t: number[] = [];
  const a: number[] = [];
  const dt = 1 / rateHz;
  for (let i = 0; fromS + i * dt <= toS + 1e-9; i++) {
    const s = fromS + i * dt;
    t.push(s);
    a.push((velocity(s + dt / 2) - velocity(s - dt / 2)) / dt + noise());
  }
  return findStrokes({
    t: Float64Array.from(t),
    accelMps2: Float64Array.from(a),
    first: 0,
    last: t.length - 1,
    startVelocityMps: 0,
    startsAtTurn: false,
    endPinS: toS,
    endsAtTurn: false,
    committedAtS: toS,
    ...options.input,
  });
}
