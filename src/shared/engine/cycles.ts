import { median } from './summary';

/**
 * Finds the bar's up-and-down cycles without needing it to be still anywhere: the vertical acceleration
 * is integrated twice through leaky (high-pass) integrators, and the turning points of that band-passed
 * height are confirmed with hysteresis once it has come back a fair share of a typical rise.
 *
 * Why it exists: the zero-velocity tracker (motion.ts) times phases precisely, but it needs rests to
 * anchor its integration, and real lifters sway and rarely stand still mid-set (../shared/data/realbar:
 * the tracker was "lost" for 20 of 33 s of one squat set and found 1 of 10 reps). The band-passed height
 * distorts the timing (its turning points lead the real ones by 0.2-0.4 s) but keeps one clear rise per
 * lift. reconcile.ts uses its lifts to fill in the reps of a set the tracker lost; letting it decide
 * which of the tracker's strokes are reps was measured and not landed (branch wip/swing-gate).
 */

/** Time constants (s) of the running mean removed from the acceleration and of the two integrators. */
const MEAN_TAU_S = 3;
const VELOCITY_TAU_S = 1;
const HEIGHT_TAU_S = 1.5;
/** Hysteresis: the smallest move back (m, band-passed) that confirms a turning point... */
const MIN_HYSTERESIS_M = 0.03;
/** ...or this fraction of the median recent swing, whichever is larger. */
const HYSTERESIS_FRACTION = 0.35;
/** A swing smaller than this (m, band-passed) is sway, stepping or adjusting, never a stroke. */
export const MIN_SWING_M = 0.08;
/** A swing smaller than this fraction of the median of recent accepted swings is not a stroke either. */
const SWING_FRACTION = 0.45;
/** A rejected rise between two accepted falls is a lift if at least this fraction of the median rise. */
const RECOVERED_RISE_FRACTION = 0.2;
/** Recent swings kept for the medians. */
const HISTORY = 5;
/** Longest step integrated: across a gap the filters carry on from where they were. */
const MAX_STEP_S = 0.1;

export interface Swing {
  /** +1: a rise (bottom to top), -1: a fall. */
  direction: 1 | -1;
  /** Times of the turning points it runs between. */
  fromS: number;
  toS: number;
  /** Band-passed height travelled (m): a relative size, not the range of motion. */
  amplitudeM: number;
  /**
   * Where the band-passed speed stays above a quarter of its peak in this swing: the part where the bar
   * really moves. A fast lift's is close to its phase; a slow lowering's is distorted by the filter.
   */
  activeFromS: number;
  activeToS: number;
  /** Where the bar's own stroke is estimated to start and end (corrected for the filter's distortion). */
  strokeFromS: number;
  strokeToS: number;
  /** Peak band-passed speed (m/s): attenuated, a lower bound on the bar's. */
  peakSpeedMps: number;
  /** Whether it is large enough, for this set, to be a stroke of a rep. */
  accepted: boolean;
  /** A rise accepted only because the falls either side of it were (see takeRecovered). */
  betweenFalls?: true;
  committedAtS: number;
}

/**
 * The detector's swing leads the bar (a causal band-pass filter): its active part ends before the true
 * top by about this share of its length (median over 2,500 simulated lifts, seeds 1-200: 0.42, quartiles
 * 0.36-0.46, 0.30 s; its start is 0.06 s late). A filled-in rep's lift ends that much later, and so does
 * the lowering after a touch-and-go top start. Simulator within tolerance (seeds 1-200 / 121-320 /
 * 321-520): 93.8 -> 93.9% / 94.7 -> 94.8% / 92.7% (a share of 0.3: 94.0 / 94.8 / 92.7%).
 */
const ACTIVE_END_LEAD_FRACTION = 0.42;

/** Fraction of a swing's peak band-passed speed that bounds its active part. */
const ACTIVE_FRACTION = 0.25;
/** The band-passed speed is kept at this spacing for the active part (a swing can last many seconds). */
const HISTORY_STEP_S = 0.02;
const MAX_HISTORY = 3000;

export class CycleDetector {
  private started = false;
  private prevT = 0;
  private mean = 0;
  private velocity = 0;
  private height = 0;
  /** Direction of the turning point being looked for: +1 a top, -1 a bottom, 0 not yet known. */
  private seeking: 1 | -1 | 0 = 0;
  private candidateM = 0;
  private candidateS = 0;
  /** The last confirmed turning point (the start of the stream counts as one). */
  private lastTurnM = 0;
  private lastTurnS = 0;
  /** Recent rises, accepted or not (for the hysteresis). */
  private readonly rises: number[] = [];
  /** Derived from `rises` when they change (the median would otherwise be sorted on every sample). */
  private hysteresisM = MIN_HYSTERESIS_M;
  /** Band-passed speed since the last turning point, every HISTORY_STEP_S (times and values). */
  private historyT: number[] = [];
  private historyV: number[] = [];
  private readonly accepted: { [dir: number]: number[] } = { 1: [], [-1]: [] };
  /** The last rise and whether the last fall was accepted (for recovering a rise between two falls). */
  private lastRise: Swing | null = null;
  private lastFallAccepted = false;
  private recovered: Swing | null = null;

  /** Feeds one sample; returns the swing it confirms, if any. */
  push(tS: number, accelMps2: number): Swing | null {
    if (!this.started) {
      // The start counts as a turning point: a recording may begin with the bar already on its way up.
      // The mean starts at 0, as the input is gravity-free: one noisy first sample would fake a swing.
      this.started = true;
      this.prevT = tS;
      this.lastTurnS = tS;
      return null;
    }
    const dt = Math.min(tS - this.prevT, MAX_STEP_S);
    this.prevT = tS;
    if (dt <= 0) return null;
    this.mean += ((accelMps2 - this.mean) * dt) / MEAN_TAU_S;
    this.velocity += (accelMps2 - this.mean) * dt - (this.velocity * dt) / VELOCITY_TAU_S;
    this.height += this.velocity * dt - (this.height * dt) / HEIGHT_TAU_S;
    const h = this.height;
    const lastT = this.historyT[this.historyT.length - 1];
    if (lastT === undefined || tS - lastT >= HISTORY_STEP_S) {
      this.historyT.push(tS);
      this.historyV.push(this.velocity);
      // A swing longer than the history (a minute) is no lift: forget its start.
      if (this.historyT.length > MAX_HISTORY) {
        this.historyT = this.historyT.slice(MAX_HISTORY / 2);
        this.historyV = this.historyV.slice(MAX_HISTORY / 2);
      }
    }
    const dir = this.seeking;
    if (dir === 0 || dir * (h - this.candidateM) > 0) {
      if (dir === 0) this.seeking = h >= 0 ? 1 : -1;
      this.candidateM = h;
      this.candidateS = tS;
      return null;
    }
    if (dir * (this.candidateM - h) < this.hysteresisM) return null;
    // The candidate is a turning point: the height has come back far enough from it.
    const swing = this.confirm(dir, tS);
    this.seeking = dir === 1 ? -1 : 1;
    this.candidateM = h;
    this.candidateS = tS;
    return swing;
  }

  /**
   * A rise confirmed earlier but not accepted, accepted now that the falls either side of it were (see
   * confirm); taken once, after push or flush.
   */
  takeRecovered(): Swing | null {
    const rise = this.recovered;
    this.recovered = null;
    return rise;
  }

  /**
   * The stream ended: the turning point being looked for is taken as confirmed if the height has come
   * back from the last one by more than the hysteresis (a set that ends at lockout).
   */
  flush(nowS: number): Swing | null {
    const dir = this.seeking;
    if (dir === 0 || dir * (this.candidateM - this.lastTurnM) < this.hysteresisM) return null;
    const swing = this.confirm(dir, nowS);
    this.seeking = 0;
    return swing;
  }

  reset(): void {
    Object.assign(this, new CycleDetector());
  }

  /** The candidate is a turning point: the swing from the last one to it. */
  private confirm(dir: 1 | -1, nowS: number): Swing {
    const amplitudeM = dir * (this.candidateM - this.lastTurnM);
    const [activeFromS, activeToS, peakSpeedMps] = this.activePart(dir);
    const swing: Swing = {
      direction: dir,
      fromS: this.lastTurnS,
      toS: this.candidateS,
      amplitudeM,
      activeFromS,
      activeToS,
      strokeFromS: activeFromS,
      strokeToS: activeToS + ACTIVE_END_LEAD_FRACTION * (activeToS - activeFromS),
      peakSpeedMps,
      accepted: this.accept(dir, amplitudeM),
      committedAtS: nowS,
    };
    // Two accepted lowerings in a row: the bar rose in between, however small that rise read (a gap in
    // the stream, or the filter still settling, shrinks a band-passed swing).
    if (dir === -1 && swing.accepted && this.lastFallAccepted && this.lastRise && !this.lastRise.accepted) {
      const rise = this.lastRise;
      if (rise.amplitudeM >= Math.max(MIN_SWING_M, RECOVERED_RISE_FRACTION * median(this.accepted[1]!))) {
        this.recovered = { ...rise, accepted: true, betweenFalls: true, committedAtS: nowS };
      }
    }
    if (dir === 1) this.lastRise = swing;
    else this.lastFallAccepted = swing.accepted;
    // Rises only: the lift is the clearest stroke of any rep (a slow negative's swing is small).
    if (dir === 1) {
      this.rises.push(amplitudeM);
      if (this.rises.length > HISTORY) this.rises.shift();
      this.hysteresisM = Math.max(MIN_HYSTERESIS_M, HYSTERESIS_FRACTION * median(this.rises));
    }
    this.lastTurnM = this.candidateM;
    this.lastTurnS = this.candidateS;
    return swing;
  }

  /**
   * The active part of the swing from the last turning point to the candidate, from the kept speeds;
   * then forgets the speeds before the candidate (they belong to this swing only).
   */
  private activePart(dir: 1 | -1): [number, number, number] {
    const ts = this.historyT;
    const vs = this.historyV;
    let peak = 0;
    let peakAt = -1;
    for (let i = 0; i < ts.length && ts[i]! <= this.candidateS; i++) {
      const v = dir * vs[i]!;
      if (v > peak) {
        peak = v;
        peakAt = i;
      }
    }
    let range: [number, number, number] = [this.lastTurnS, this.candidateS, peak];
    if (peakAt >= 0) {
      let a = peakAt;
      while (a > 0 && dir * vs[a - 1]! > ACTIVE_FRACTION * peak) a--;
      let b = peakAt;
      while (b < ts.length - 1 && dir * vs[b + 1]! > ACTIVE_FRACTION * peak) b++;
      range = [ts[a]!, ts[b]!, peak];
    }
    let keepFrom = 0;
    while (keepFrom < ts.length && ts[keepFrom]! < this.candidateS) keepFrom++;
    this.historyT = ts.slice(keepFrom);
    this.historyV = vs.slice(keepFrom);
    return range;
  }

  private accept(dir: 1 | -1, amplitudeM: number): boolean {
    const history = this.accepted[dir]!;
    const ok = amplitudeM >= Math.max(MIN_SWING_M, SWING_FRACTION * median(history));
    if (ok) {
      history.push(amplitudeM);
      if (history.length > HISTORY) history.shift();
    }
    return ok;
  }
}
