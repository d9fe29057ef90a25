import type { Swing } from './cycles';
import { median } from './summary';
import { bandPassZeroPhase, highPassZeroPhase } from './zerophase';

/**
 * The bar's lifts and lowerings over a finished stretch, seen without any rest: the vertical
 * acceleration band-passed and integrated with zero-phase filters, and split where the velocity changes
 * sign. Each part of one sign (a lobe) is one stroke up or down.
 *
 * Why, next to the live cycle detector (cycles.ts): its causal filters lead the bar and start up with
 * every stream, so its count of a set's lifts moved with the recording's gain, bias, rate or speed (real
 * recordings, each perturbed seven ways: 117 of 150 counts stayed exact). Looking back over the whole set
 * once it has ended, both ways, nothing leads and nothing starts up mid-set.
 */

/** The band the bar's strokes live in: slower is drift and posture, faster is rattle. */
const LOW_HZ = 0.1;
const HIGH_HZ = 2.5;
/** A stroke is a lift or lowering when it travels this share of the stretch's big strokes... */
const MIN_TRAVEL_FRACTION = 0.4;
/** ...and reaches this share of their median peak speed (a slower one is picking the bar up, a re-rack). */
const MIN_PEAK_SPEED_FRACTION = 0.4;
/** Big strokes: the largest few of a direction's (a set has at least three lifts). */
const BIG_STROKES = 3;
/** Band-passed travel below this is sway, whatever the stretch (m). */
const MIN_TRAVEL_M = 0.05;
/**
 * A stroke starts where its band-passed velocity crosses zero and ends this long after it crosses back
 * (2,530 simulated lifts, seeds 1-200: start -0.03 to +0.03 s, median 0.003 s; end +0.02 to +0.09 s,
 * median 0.049 s).
 */
const STROKE_END_LAG_S = 0.05;
/** The active part of a stroke: where its speed is above this share of its peak. */
const ACTIVE_FRACTION = 0.25;

/** Strokes of one sign of the band-passed velocity, before they are judged. */
interface Lobe {
  direction: 1 | -1;
  fromS: number;
  toS: number;
  travelM: number;
  peakSpeedMps: number;
  activeFromS: number;
  activeToS: number;
}

/**
 * The strokes of a stretch of vertical acceleration (m/s^2, gravity included or not: a constant is
 * filtered out) sampled every `stepS` from `startS`, each marked `accepted` when it is a lift or lowering
 * of the set rather than sway, a step or a rack move. `committedAtS` is the time they are asked for.
 * `velocityMps`: the stretch's lookedBackVelocity, when the caller has it already.
 */
export function strokeLobes(
  accelMps2: Float64Array,
  startS: number,
  stepS: number,
  committedAtS: number,
  velocityMps: Float64Array = lookedBackVelocity(accelMps2, stepS),
): Swing[] {
  const lobes = splitBySign(velocityMps, startS, stepS);
  const judged = new Map<Lobe, boolean>();
  for (const direction of [1, -1] as const) {
    const own = lobes.filter((l) => l.direction === direction);
    for (const [lobe, ok] of judge(own)) judged.set(lobe, ok);
  }
  return lobes.map((l) => ({
    direction: l.direction,
    fromS: l.fromS,
    toS: l.toS,
    amplitudeM: l.travelM,
    activeFromS: l.activeFromS,
    activeToS: l.activeToS,
    strokeFromS: l.fromS,
    strokeToS: l.toS + STROKE_END_LAG_S,
    peakSpeedMps: l.peakSpeedMps,
    accepted: judged.get(l) === true,
    committedAtS,
  }));
}

/** Band-passed vertical velocity (m/s), one value per reading of `accelMps2` (its lobes are the strokes). */
export function lookedBackVelocity(accelMps2: Float64Array, stepS: number): Float64Array {
  const rateHz = 1 / stepS;
  const a = bandPassZeroPhase(accelMps2, rateHz, LOW_HZ, HIGH_HZ);
  const v = new Float64Array(a.length);
  for (let i = 1; i < a.length; i++) v[i] = v[i - 1]! + 0.5 * (a[i - 1]! + a[i]!) * stepS;
  // The integral of what the band-pass let through still wanders: take that out the same way.
  return highPassZeroPhase(v, rateHz, LOW_HZ);
}

function splitBySign(v: Float64Array, startS: number, stepS: number): Lobe[] {
  const lobes: Lobe[] = [];
  const timeOf = (i: number): number => startS + i * stepS;
  // Where the velocity crosses zero between samples i - 1 and i.
  const crossingS = (i: number): number => {
    const a = v[i - 1]!;
    const b = v[i]!;
    return timeOf(i - 1) + (a / (a - b)) * stepS;
  };
  let from = 0;
  for (let i = 1; i <= v.length; i++) {
    if (i < v.length && Math.sign(v[i]!) === Math.sign(v[from]!)) continue;
    const direction = v[from]! >= 0 ? 1 : -1;
    let travelM = 0;
    let peak = 0;
    let peakAt = from;
    for (let k = from; k < i; k++) {
      const speed = direction * v[k]!;
      travelM += speed * stepS;
      if (speed > peak) {
        peak = speed;
        peakAt = k;
      }
    }
    let a = peakAt;
    while (a > from && direction * v[a - 1]! > ACTIVE_FRACTION * peak) a--;
    let b = peakAt;
    while (b < i - 1 && direction * v[b + 1]! > ACTIVE_FRACTION * peak) b++;
    lobes.push({
      direction,
      fromS: from === 0 ? startS : crossingS(from),
      toS: i === v.length ? timeOf(v.length - 1) : crossingS(i),
      travelM,
      peakSpeedMps: peak,
      activeFromS: timeOf(a),
      activeToS: timeOf(b),
    });
    from = i;
  }
  return lobes;
}

/** Which strokes of one direction are the set's (see MIN_TRAVEL_FRACTION, MIN_PEAK_SPEED_FRACTION). */
function judge(lobes: Lobe[]): Map<Lobe, boolean> {
  const out = new Map<Lobe, boolean>();
  const travels = lobes.map((l) => l.travelM).sort((a, b) => b - a);
  const big = median(travels.slice(0, BIG_STROKES));
  const sized = lobes.filter((l) => l.travelM >= Math.max(MIN_TRAVEL_M, MIN_TRAVEL_FRACTION * big));
  const peak = median(sized.map((l) => l.peakSpeedMps));
  for (const l of lobes) out.set(l, sized.includes(l) && l.peakSpeedMps >= MIN_PEAK_SPEED_FRACTION * peak);
  return out;
}
