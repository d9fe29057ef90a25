import type { SmoothedVelocity } from './bridge';

/**
 * Phase edges read off a smoothed velocity by one rule, whichever way the cycle runs: walking out from a
 * phase's peak, the edge is where its speed falls to EDGE_FRACTION of that peak (a rest), unless the
 * velocity goes straight on through zero into the other phase (a turnaround), where the edge is the
 * zero crossing. The same definition as the simulator's truth (src/shared/sim/types.ts).
 */
export const EDGE_FRACTION = 0.05;
/** The ramp above the edge over which its slope is measured (fraction of the phase's peak speed). */
const SLOPE_FRACTION = 0.2;
/**
 * A rest edge is extrapolated from the part of its ramp between these fractions of the peak, where the
 * speed stands above the velocity's noise (a random walk about as large as 5% of a slow lowering's peak
 * after a pause): sqrt(speed) fitted linear in time (a constant-jerk start) and solved for 5%.
 */
const RAMP_FIT_FROM = 0.1;
const RAMP_FIT_TO = 0.45;
/**
 * Still time between the two phases' 5% points beyond what crossing the band at the ramps' own slopes
 * takes, above which there was a pause. The simulator's shortest pause holds 20 ms (plan.ts MIN_HOLD_S).
 */
const MIN_PAUSE_S = 0.02;
/** The band's transit is estimated from straight ramps; a real bounce curves, so it gets this margin. */
const TRANSIT_MARGIN = 1.5;
/** An edge's sd is capped here: beyond it the edge is not in the signal at all. */
const MAX_EDGE_SD_S = 2;

export interface EdgeEstimate {
  atS: number;
  /** One standard deviation of atS: the velocity's sd there over the ramp's slope. */
  sdS: number;
  /** 'rest': 5% of the phase's peak; 'turnaround': a zero crossing into the other phase. */
  kind: 'rest' | 'turnaround';
}

export interface PhaseEstimate {
  start: EdgeEstimate;
  end: EdgeEstimate;
  durationS: number;
  durationSdS: number;
  peakSpeedMps: number;
}

export interface CycleEdges {
  eccentric: PhaseEstimate;
  concentric: PhaseEstimate;
}

interface Crossing {
  atS: number;
  /** First sample at or beyond the level, walking out. */
  index: number;
}

/** Walking from `from` in `dir`, where sign * velocity first falls to `level` (interpolated). */
function crossing(v: SmoothedVelocity, from: number, level: number, sign: 1 | -1, dir: 1 | -1): Crossing {
  const { tS, velocityMps } = v;
  let i = from;
  while (i + dir >= 0 && i + dir < tS.length && sign * velocityMps[i]! > level) i += dir;
  if (i === from) return { atS: tS[i]!, index: i };
  const j = i - dir;
  const vi = sign * velocityMps[i]!;
  const vj = sign * velocityMps[j]!;
  const f = vj === vi ? 0 : (vj - level) / (vj - vi);
  return { atS: tS[j]! + f * (tS[i]! - tS[j]!), index: i };
}

interface Ramp {
  edge: Crossing;
  /** Where the speed itself fell to 5% (the turnaround test compares these: no extrapolation). */
  crossed: Crossing;
  peakSpeedMps: number;
  /** Mean slope between the edge and SLOPE_FRACTION of the peak, m/s^2. */
  slopeMps2: number;
}

/** sqrt(speed) fitted linear in time between the RAMP_FIT_ fractions, solved for the 5% point; null: no fit. */
function extrapolatedEdgeS(
  v: SmoothedVelocity,
  from: number,
  to: number,
  sign: 1 | -1,
  peakSpeedMps: number,
): number | null {
  const [lo, hi] = from < to ? [from, to] : [to, from];
  if (hi - lo < 3) return null;
  let n = 0;
  let st = 0;
  let sy = 0;
  let stt = 0;
  let sty = 0;
  const t0 = v.tS[lo]!;
  for (let i = lo; i <= hi; i++) {
    const t = v.tS[i]! - t0;
    const y = Math.sqrt(Math.max(sign * v.velocityMps[i]!, 0));
    n++;
    st += t;
    sy += y;
    stt += t * t;
    sty += t * y;
  }
  const slope = (n * sty - st * sy) / (n * stt - st * st);
  if (!Number.isFinite(slope) || slope === 0) return null;
  const intercept = (sy - slope * st) / n;
  return t0 + (Math.sqrt(EDGE_FRACTION * peakSpeedMps) - intercept) / slope;
}

/** The 5% edge of the phase peaking at peakIndex (velocity sign `sign`), walking in `dir`. */
function ramp(v: SmoothedVelocity, peakIndex: number, sign: 1 | -1, dir: 1 | -1): Ramp {
  const peakSpeedMps = sign * v.velocityMps[peakIndex]!;
  const crossed = crossing(v, peakIndex, EDGE_FRACTION * peakSpeedMps, sign, dir);
  const fitFrom = crossing(v, peakIndex, RAMP_FIT_FROM * peakSpeedMps, sign, dir);
  const fitTo = crossing(v, peakIndex, RAMP_FIT_TO * peakSpeedMps, sign, dir);
  const fittedS = extrapolatedEdgeS(v, fitFrom.index, fitTo.index, sign, peakSpeedMps);
  // The fit only moves the edge within the stretch the speed stayed under 10% (never past the peak).
  const edge =
    fittedS === null
      ? crossed
      : {
          atS:
            dir > 0
              ? Math.min(Math.max(fittedS, fitFrom.atS), crossed.atS)
              : Math.max(Math.min(fittedS, fitFrom.atS), crossed.atS),
          index: crossed.index,
        };
  const upper = crossing(v, peakIndex, SLOPE_FRACTION * peakSpeedMps, sign, dir);
  const rampS = Math.max(Math.abs(edge.atS - upper.atS), 1e-3);
  return {
    edge,
    crossed,
    peakSpeedMps,
    slopeMps2: ((SLOPE_FRACTION - EDGE_FRACTION) * peakSpeedMps) / rampS,
  };
}

/**
 * The edge of the phase peaking at peakIndex, walking in `dir`. When the other phase lies that way and
 * its own 5% point follows with no more still time between than crossing the band at the two ramps'
 * slopes takes (+ MIN_PAUSE_S), the bar turned straight round: the edge is the zero crossing.
 */
function walkEdge(
  v: SmoothedVelocity,
  peakIndex: number,
  sign: 1 | -1,
  dir: 1 | -1,
  otherPeakIndex: number,
): EdgeEstimate {
  const own = ramp(v, peakIndex, sign, dir);
  const sd = (index: number, slopeMps2: number): number =>
    Math.min(v.velocitySdMps[index]! / slopeMps2, MAX_EDGE_SD_S);
  if ((otherPeakIndex - peakIndex) * dir > 0) {
    const other = ramp(v, otherPeakIndex, sign === 1 ? -1 : 1, dir === 1 ? -1 : 1);
    const transitS =
      (EDGE_FRACTION * own.peakSpeedMps) / own.slopeMps2 +
      (EDGE_FRACTION * other.peakSpeedMps) / other.slopeMps2;
    const stillS = (other.crossed.atS - own.crossed.atS) * dir;
    if (stillS <= TRANSIT_MARGIN * transitS + MIN_PAUSE_S) {
      const zero = crossing(v, own.edge.index, 0, sign, dir);
      const bandS = Math.max(stillS, 1e-3);
      const crossSlopeMps2 = (EDGE_FRACTION * (own.peakSpeedMps + other.peakSpeedMps)) / bandS;
      return { atS: zero.atS, sdS: sd(zero.index, crossSlopeMps2), kind: 'turnaround' };
    }
  }
  return { atS: own.edge.atS, sdS: sd(own.edge.index, own.slopeMps2), kind: 'rest' };
}

function phase(v: SmoothedVelocity, peakIndex: number, sign: 1 | -1, otherPeakIndex: number): PhaseEstimate {
  const start = walkEdge(v, peakIndex, sign, -1, otherPeakIndex);
  const end = walkEdge(v, peakIndex, sign, 1, otherPeakIndex);
  return {
    start,
    end,
    durationS: end.atS - start.atS,
    durationSdS: Math.hypot(start.sdS, end.sdS),
    peakSpeedMps: sign * v.velocityMps[peakIndex]!,
  };
}

/** The lowering (largest downward speed) and the lift (largest upward speed) of one cycle. */
export function readCycleEdges(v: SmoothedVelocity): CycleEdges | null {
  let down = -1;
  let up = -1;
  v.velocityMps.forEach((x, i) => {
    if (x < 0 && (down < 0 || x < v.velocityMps[down]!)) down = i;
    if (x > 0 && (up < 0 || x > v.velocityMps[up]!)) up = i;
  });
  if (down < 0 || up < 0) return null;
  return { eccentric: phase(v, down, -1, up), concentric: phase(v, up, 1, down) };
}
