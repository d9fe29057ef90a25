import type { Gap } from './types';
import { findStrokes, type SegmentVelocitySink, type Stroke } from './strokes';

/**
 * Tracks the bar between zero-velocity points (rests and turnarounds) and hands each segment to
 * findStrokes. The hard part is a slow negative: lowered at a nearly constant speed, the bar reads
 * what it reads at rest. A rest is therefore only confirmed when the signal is still AND the velocity
 * carried into the quiet stretch has been cancelled; while the signal is still but the bar carries
 * velocity (a plateau), that velocity is held rather than integrated, so noise cannot walk it to zero.
 */

/** Accepted input of the tracker: times relative to the stream origin. */
export interface TrackerSample {
  t: number;
  accelMps2: number;
}

/**
 * The bottom of a lowering stroke, seen as it happens (before the stroke is finalised at the next
 * zero-velocity point), so the lifter can be told at once whether the negative was rushed.
 */
export interface LiveBottom {
  startS: number;
  endS: number;
  displacementM: number;
  committedAtS: number;
}

export interface TrackerOutput {
  strokes: Stroke[];
  bottoms: LiveBottom[];
  gaps: Gap[];
  /**
   * How far (0..1) the vertical projector should pull its gravity reference towards this sample:
   * 0 in motion, small at a confirmed rest, larger while regaining the track after a gap or at start.
   */
  calibrationWeight: number;
}

type Mode = 'lost' | 'rest' | 'moving';

/** Where a segment begins: its first sample, the velocity there, and how it began. */
interface SegmentStart {
  first: number;
  startVelocity: number;
  startsAtTurn: boolean;
  /** The segment begins with a rest lasting until this time (NaN: no such rest, or too short). */
  restUntilS: number;
}

/** How long the signal must be still before a rest can be confirmed. */
const STILL_WINDOW_S = 0.1;
/** History kept before a motion onset, so the start of a slow phase can be found afterwards. */
const PRE_ROLL_S = 0.6;
/** Window over which a slow onset is recognised from the integrated acceleration. */
const ONSET_WINDOW_S = 0.5;
/** A longer window for onsets that creep in over seconds (the start of a very slow phase). */
const ONSET_LONG_WINDOW_S = 2.0;
/** A segment longer than this without a zero-velocity point is not a lift (walking with the bar). */
const MAX_SEGMENT_S = 60;
/** Samples further apart than max(this, 8 typical periods) are a gap. */
const MIN_GAP_S = 0.25;
/** Stillness needed to regain the track after a gap. */
const REACQUIRE_S = 0.4;
/** A still stretch must last this long before its velocity is held as a plateau. */
const MIN_PLATEAU_S = 0.3;
/** The slowest plateau a lift holds (0.4 m lowered in 8 s). */
const MIN_PLATEAU_SPEED_MPS = 0.045;
/**
 * The slowest upward plateau held: no lift crawls up for seconds (0.4 m at this speed takes 5 s), but
 * stepping back with the bar leaves an upward velocity error of about 0.05 m/s (|f| reads the steps'
 * horizontal acceleration as +a_h^2 / 2g), which held would hide the set's first lowering.
 */
const MIN_UP_PLATEAU_SPEED_MPS = 0.08;
/**
 * A stop inside a held plateau: the window it is sought in, the share of the held speed it must cancel,
 * and its margin over noise (see stopWithinHold).
 */
const STOP_WINDOW_S = 0.7;
const STOP_FRACTION = 0.8;
const STOP_NOISE_SIGMAS = 3.5;
/**
 * A hold that begins this soon after a turnaround may be the velocity error the stop before it left, like
 * one after an unconfirmed crossing. Simulator (200 / seeds 121-320) within 84.5 -> 84.9 / 86.1 -> 86.4%
 * (0.5 s: 84.5 / 86.2), false reps 37 -> 37 / 37 -> 34, missed 41 -> 42 / 38 -> 39.
 */
const HOLD_AFTER_TURN_S = 0.8;
/**
 * A rest this short before the next onset may have been a moment of the last move taken for rest (a
 * lift-off caught late reads slow enough to stop while the bar still rises, and the rest of its
 * deceleration then reads as a slow lowering): a hold soon after it is judged like one after a
 * turnaround. Simulator within tolerance (seeds 1-200 / 121-320 / 321-520): 90.7 -> 90.8% / 92.5 ->
 * 92.5% / 88.3 -> 89.0% (0.2 s: 90.8% on the first); recall 99.5 -> 99.4% on 321-520 (a squat's last
 * lowering lost); for rests after a lift only: 90.8 / 92.5 / 88.8%, recall 99.2% on 121-320.
 */
const SHORT_REST_S = 0.4;
/** After a zero crossing, the bar must reach this fraction of the last stroke's peak speed the other way. */
const TURN_CONFIRM_FRACTION = 0.2;
/** The largest constant reading a re-oriented bias can fake; a smooth deceleration reads more. */
const MAX_STEADY_OFFSET_MPS2 = 0.2;
/** The stretch of rest needed to measure its offset. */
const MIN_OFFSET_SPAN_S = 0.3;
/** A rest cannot begin sooner than this after a turnaround. */
const MIN_REST_AFTER_TURN_S = 0.35;
/** A burst that removes this much of the bar's speed, ending still, is the bar stopping. */
const MIN_STOPPING_FRACTION = 0.5;
/** No lift carries the bar this far at a constant speed. */
const MAX_PLATEAU_TRAVEL_M = 1.0;
/** How fast the noise model widens while no rest is found, and its ceiling. */
const NOISE_GROWTH_PER_S = 0.6;
const MAX_NOISE_MPS2 = 0.6;
/** Time constants of the gravity reference's adaptation at rest and while the track is lost. */
const REST_CALIBRATION_S = 1.5;
/** History is trimmed in batches of about this many samples (a shift costs what is kept). */
const TRIM_BATCH = 1024;
/** How much of a rest is used to pin the velocity of the segment before it. */
const REST_SETTLE_S = 0.3;
const CALIBRATION_DELAY_S = 0.2;
const LOST_CALIBRATION_S = 0.3;

export class MotionTracker {
  private mode: Mode = 'lost';
  private t = new Float64Array(4096);
  private a = new Float64Array(4096);
  /** Running integral of acceleration (for the onset window). */
  private cum = new Float64Array(4096);
  /** Running integral of squared acceleration (for the spread over the still window). */
  private cum2 = new Float64Array(4096);
  /** The tracker's velocity after each sample while moving (for looking back across a hold). */
  private vel = new Float64Array(4096);
  private len = 0;
  private segStart = 0;
  private segStartVelocity = 0;
  private segStartsAtTurn = false;
  /** The segment begins with a rest lasting until this time (NaN: no such rest, or too short). */
  private segRestUntilS = NaN;
  /** The segment began from a rest shorter than SHORT_REST_S (see there). */
  private segAfterShortRest = false;
  private onsetWindowStart = 0;
  private stillWindowStart = 0;
  private longWindowStart = 0;
  /** A segment that ended in a rest, waiting for REST_SETTLE_S of that rest before it is finalised. */
  private pending: (SegmentStart & { restFrom: number }) | null = null;
  /** Index of the first sample of the current rest. */
  private restStart = 0;

  private prevT = NaN;
  private periodS = 0.01;
  private lowpass = 0;
  private lastBurstT = -Infinity;
  private lastAccelBurstT = -Infinity;
  private samplesSinceBurst = 0;
  private stillSince = NaN;
  private noiseVar = 0.1 * 0.1;

  private velocity = 0;
  private peakSpeed = 0;
  private direction: 0 | 1 | -1 = 0;
  /** Causal position since the segment start, and its highest point (for a lowering stroke's depth). */
  private position = 0;
  private highest = 0;
  /** Seconds of acceleration integrated into `velocity` (held plateaus excluded): its uncertainty grows with it. */
  private integratedS = 0;
  private bottomSent = false;
  /** A zero crossing waiting for the bar to really move the other way. */
  private crossingS = NaN;
  private peakSinceCrossing = 0;
  private plateauStartIdx = 0;
  /** The current (or last) stretch of held plateau, and the velocity held. */
  private heldSinceIdx = -1;
  private heldUntilIdx = -1;
  private heldVelocity = 0;
  private heldAfterCrossing = false;
  /** Highest speed since the current burst of acceleration began (after the last still stretch). */
  private burstPeakSpeed = 0;
  private burstPeakSign = 0;
  private wasStill = false;
  private steady = false;
  /** Samples since the current rest began (the gravity reference is re-measured fast at first). */
  private restSamples = 0;
  private plateauStartPosition = 0;

  /** `velocitySink` receives each segment's final velocity as it is finalised (recorded curves). */
  constructor(private readonly velocitySink?: SegmentVelocitySink) {}

  /**
   * Whether a stretch of motion is open: its strokes are not known yet (moving, or resting for the
   * REST_SETTLE_S that finalises them). A set whose touch-and-go reps all arrive then must not be
   * closed as over in that moment (seed 106: a set's first rep lost).
   */
  get inMotion(): boolean {
    return this.mode === 'moving' || this.pending !== null;
  }

  /**
   * The bar's vertical velocity as the tracker holds it after the last sample, m/s, upwards positive: 0
   * at a rest, the integrated (or held) estimate while moving, null while the track is lost (no gravity
   * reference yet, or after a gap). The causal estimate, before a finished stroke's drift is removed;
   * read-only, for drawing it live.
   */
  get velocityMps(): number | null {
    return this.mode === 'lost' ? null : this.velocity;
  }

  /** Back to the state of a new tracker (every field, so nothing can be forgotten). */
  reset(): void {
    Object.assign(this, new MotionTracker(this.velocitySink));
  }

  private resetSegmentState(): void {
    this.position = 0;
    this.highest = 0;
    this.integratedS = 0;
    this.bottomSent = false;
    this.crossingS = NaN;
    this.burstPeakSpeed = 0;
    this.wasStill = false;
    this.heldSinceIdx = -1;
    this.heldUntilIdx = -1;
  }

  /** Feeds one sample; pushes finished strokes and gaps into `out`. Returns whether the bar is at rest. */
  push(s: TrackerSample, out: TrackerOutput): void {
    const dt = Number.isNaN(this.prevT) ? 0 : s.t - this.prevT;
    if (dt > Math.max(MIN_GAP_S, 8 * this.periodS)) {
      out.gaps.push({ startS: this.prevT, endS: s.t });
      if (this.pending && this.len > 0) this.finalizePending(this.len - 1, this.prevT, out);
      // Whatever was moving across the gap cannot be measured: start over from the next rest.
      this.mode = 'lost';
      this.len = 0;
      this.stillWindowStart = 0;
      this.onsetWindowStart = 0;
      this.longWindowStart = 0;
      this.stillSince = NaN;
      this.lastBurstT = -Infinity;
    } else if (dt > 0) {
      this.periodS += 0.02 * (dt - this.periodS);
    }
    this.prevT = s.t;
    const idx = this.append(s.t, s.accelMps2, dt);

    // Stillness: no sample beyond the noise band lately, and no sustained offset in the low-pass.
    const sigma = Math.sqrt(this.noiseVar);
    const burstThreshold = Math.min(Math.max(4.5 * sigma, 0.15), 0.8);
    // Mean acceleration over the still window (a boxcar: unlike an exponential filter it forgets a
    // deceleration as soon as it is over, which is what lets a rest be confirmed quickly).
    while (
      this.stillWindowStart < idx - 1 &&
      this.t[idx]! - this.t[this.stillWindowStart + 1]! >= STILL_WINDOW_S
    ) {
      this.stillWindowStart++;
    }
    const span = this.t[idx]! - this.t[this.stillWindowStart]!;
    this.lowpass = span > 0 ? (this.cum[idx]! - this.cum[this.stillWindowStart]!) / span : s.accelMps2;
    const meanSquare =
      span > 0 ? (this.cum2[idx]! - this.cum2[this.stillWindowStart]!) / span : s.accelMps2 ** 2;
    const spread = Math.sqrt(Math.max(meanSquare - this.lowpass * this.lowpass, 0));
    const lowpassBand = 3 * sigma * Math.sqrt(this.periodS / Math.max(span, this.periodS)) + 0.02;
    const accelBurst = Math.abs(s.accelMps2) > burstThreshold;
    if (accelBurst) this.lastAccelBurstT = s.t;
    const burst = accelBurst;
    if (burst) {
      this.lastBurstT = s.t;
      this.samplesSinceBurst = 0;
    } else {
      this.samplesSinceBurst++;
    }
    const quiet = !burst && Math.abs(this.lowpass) < lowpassBand;
    if (quiet) {
      if (Number.isNaN(this.stillSince)) this.stillSince = s.t;
    } else {
      this.stillSince = NaN;
    }
    // Steady: no rotation and only noise-sized fluctuation, whatever the mean. After a large rotation an
    // accelerometer's bias projects differently onto the vertical, so a bar at rest can read a small
    // constant acceleration until the gravity reference is re-measured.
    const steady =
      !burst &&
      spread < 2 * sigma &&
      Math.abs(this.lowpass) < MAX_STEADY_OFFSET_MPS2 &&
      s.t - this.lastBurstT >= STILL_WINDOW_S - 1e-9 &&
      this.samplesSinceBurst >= 3;
    this.steady = steady && idx > 0;
    // The boxcar already covers the last window, so stillness needs no further wait.
    const still =
      quiet && s.t - this.lastBurstT >= STILL_WINDOW_S - 1e-9 && this.samplesSinceBurst >= 3 && idx > 0;

    out.calibrationWeight = 0;
    switch (this.mode) {
      case 'lost':
        // Without a gravity reference nothing looks still: calibrate on anything free of bursts.
        if (s.t - this.lastAccelBurstT >= 0.2 && dt > 0)
          out.calibrationWeight = Math.min(dt / LOST_CALIBRATION_S, 0.5);
        if (still && s.t - this.stillSince >= REACQUIRE_S) {
          this.enterRest(idx);
        } else {
          // A lifter holding a bar sways far more than a sensor on a table: if nothing looks still
          // for long, the noise model is too strict; widen it until the next hold qualifies.
          if (!quiet && dt > 0) {
            this.noiseVar = Math.min(this.noiseVar * (1 + dt * NOISE_GROWTH_PER_S), MAX_NOISE_MPS2 ** 2);
          }
          this.trimBefore(this.t[idx]! - PRE_ROLL_S);
        }
        break;
      case 'rest':
        this.stepRest(idx, s, dt, burst, still, sigma, out);
        break;
      case 'moving':
        this.stepMoving(idx, s, burst, still, sigma, out);
        break;
    }
  }

  private stepRest(
    idx: number,
    s: TrackerSample,
    dt: number,
    burst: boolean,
    still: boolean,
    sigma: number,
    out: TrackerOutput,
  ): void {
    this.restSamples++;
    if (this.pending && this.t[idx]! - this.t[this.pending.restFrom]! >= REST_SETTLE_S) {
      this.finalizePending(idx, s.t, out);
    }
    if (still || this.steady) {
      const w = Math.min(this.periodS / 2, 0.05);
      this.noiseVar += w * (s.accelMps2 * s.accelMps2 - this.noiseVar);
      this.noiseVar = Math.min(Math.max(this.noiseVar, 0.02 * 0.02), MAX_NOISE_MPS2 ** 2);
      // Re-measure gravity quickly at the start of a rest (the bar may have rotated), then slowly.
      // Not in the first moments of a rest: a rest is confirmed while the last of the motion fades.
      // (Re-measuring faster once the rest is established was tried and cost recall: a slow start of
      // the next phase was absorbed into the gravity reference.)
      if (this.restSamples * this.periodS > CALIBRATION_DELAY_S) {
        out.calibrationWeight = Math.min(dt / REST_CALIBRATION_S, 0.05);
      }
    }
    // Slow onsets never leave the noise band sample by sample; their integral does.
    while (this.onsetWindowStart < idx && this.t[idx]! - this.t[this.onsetWindowStart]! > ONSET_WINDOW_S) {
      this.onsetWindowStart++;
    }
    while (this.longWindowStart < idx && this.t[idx]! - this.t[this.longWindowStart]! > ONSET_LONG_WINDOW_S) {
      this.longWindowStart++;
    }
    // Measured against the rest's own mean reading: until the gravity reference has converged in a new
    // orientation the rest reads a small constant acceleration, which must not count as an onset.
    const restOffset = this.restOffsetBefore(this.onsetWindowStart);
    const windowVelocity =
      this.cum[idx]! -
      this.cum[this.onsetWindowStart]! -
      restOffset * (this.t[idx]! - this.t[this.onsetWindowStart]!);
    const longVelocity =
      this.cum[idx]! -
      this.cum[this.longWindowStart]! -
      restOffset * (this.t[idx]! - this.t[this.longWindowStart]!);
    const onsetThreshold = Math.max(0.02, 3.5 * sigma * Math.sqrt(this.periodS * ONSET_WINDOW_S));
    // A bar that creeps into a slow phase gains its speed over seconds: the long window sees that.
    const longThreshold = Math.max(0.03, 3.5 * sigma * Math.sqrt(this.periodS * ONSET_LONG_WINDOW_S));
    const creeping = Math.abs(longVelocity) > longThreshold;
    if (burst || creeping || Math.abs(windowVelocity) > onsetThreshold) {
      this.finalizePending(idx - 1, s.t, out);
      this.mode = 'moving';
      // Look back for the slow start of the stroke, but never into the previous segment.
      let start = idx;
      const lookBackS = creeping ? ONSET_LONG_WINDOW_S : PRE_ROLL_S;
      while (start > this.restStart && this.t[idx]! - this.t[start - 1]! <= lookBackS) start--;
      this.segStart = start;
      this.segStartVelocity = 0;
      this.segStartsAtTurn = false;
      this.segAfterShortRest = this.t[start]! - this.t[this.restStart]! < SHORT_REST_S;
      // The bar was certainly still until a window before the onset was noticed.
      const quietUntilS = this.t[idx]! - (creeping ? ONSET_LONG_WINDOW_S : ONSET_WINDOW_S);
      this.segRestUntilS = quietUntilS - this.t[start]! > 0.1 ? quietUntilS : NaN;
      // What the bar gained over the onset window (or the long one, for a creeping start).
      this.velocity =
        creeping && Math.abs(longVelocity) > Math.abs(windowVelocity) ? longVelocity : windowVelocity;
      this.peakSpeed = Math.abs(this.velocity);
      this.direction = 0;
      this.resetSegmentState();
      this.integratedS = ONSET_WINDOW_S;
    } else {
      this.trimBefore(this.t[idx]! - ONSET_LONG_WINDOW_S);
    }
  }

  private stepMoving(
    idx: number,
    s: TrackerSample,
    burst: boolean,
    still: boolean,
    sigma: number,
    out: TrackerOutput,
  ): void {
    // Below this the bar is not carrying a plateau: noise, sway or an onset that came to nothing.
    // After a zero crossing the bar may be moving the other way, slowly (touch-and-go into a slow
    // negative): judge it against what it has done since the crossing.
    const activePeak = Number.isNaN(this.crossingS) ? this.peakSpeed : this.peakSinceCrossing;
    const stopSpeed = Math.max(
      this.velocity > 0 ? MIN_UP_PLATEAU_SPEED_MPS : MIN_PLATEAU_SPEED_MPS,
      0.3 * activePeak,
    );
    // Only a stillness that lasts is a plateau: at the peak of a quick stroke the acceleration crosses
    // zero slowly enough to look still for a moment, and holding the velocity there loses real change.
    let plateau = still && s.t - this.stillSince >= MIN_PLATEAU_S && Math.abs(this.velocity) >= stopSpeed;
    const prevVelocity = this.velocity;
    const dt = idx > 0 ? this.t[idx]! - this.t[idx - 1]! : 0;
    if (plateau) {
      if (this.heldSinceIdx < 0 || this.heldUntilIdx < idx - 1) {
        this.heldSinceIdx = idx;
        this.heldVelocity = this.velocity;
        // Also just after a turnaround: a stop that overshoots zero by its integration error is confirmed
        // as one, and the error is then held as a slow stroke the other way.
        this.heldAfterCrossing =
          !Number.isNaN(this.crossingS) ||
          ((this.segStartsAtTurn || this.segAfterShortRest) &&
            this.t[idx]! - this.t[this.segStart]! < HOLD_AFTER_TURN_S);
      }
      this.heldUntilIdx = idx;
      const stopped = this.stopWithinHold(idx, sigma, stopSpeed);
      if (stopped !== null) {
        plateau = false;
        this.velocity = stopped;
      }
    }
    if (!plateau && idx > 0) {
      this.velocity += 0.5 * (this.a[idx - 1]! + this.a[idx]!) * dt;
      this.integratedS += dt;
    }
    this.position += 0.5 * (prevVelocity + this.velocity) * dt;
    this.vel[idx] = this.velocity;
    if (this.position > this.highest) this.highest = this.position;
    const speed = Math.abs(this.velocity);
    if (speed > this.peakSpeed) this.peakSpeed = speed;
    const significant = Math.max(0.05, 0.25 * this.peakSpeed);
    if (speed > significant && this.direction === 0) this.direction = this.velocity > 0 ? 1 : -1;

    this.detectLiveBottom(idx, prevVelocity, sigma, out);

    // A "plateau" that began just after a zero crossing and is then left by a burst that speeds the bar
    // up the same way, well beyond the held speed, was a rest: the held speed was the velocity error
    // the previous stroke left behind, and the burst is the next phase starting from rest. (A real
    // touch-and-go into a slow negative ends in a deceleration instead.)
    if (
      !plateau &&
      this.heldSinceIdx >= 0 &&
      this.heldAfterCrossing &&
      Math.sign(this.velocity) === Math.sign(this.heldVelocity) &&
      speed - Math.abs(this.heldVelocity) > Math.max(Math.abs(this.heldVelocity), MIN_PLATEAU_SPEED_MPS)
    ) {
      this.reinterpretHoldAsRest(idx, s.t, out);
      return;
    }
    // A hold left in the other direction (a deceleration) cannot be reinterpreted any more.
    if (!plateau && this.heldSinceIdx >= 0 && Math.sign(this.velocity) !== Math.sign(this.heldVelocity)) {
      this.heldSinceIdx = -1;
    }

    // A rest: still, and the velocity is gone, either by the numbers or because the last burst of
    // acceleration cancelled most of the velocity the bar carried into it (a deceleration). The second
    // test survives the drift a long slow negative accumulates; speeding up or wobbling never passes it.
    if (!still && this.wasStill) {
      this.burstPeakSpeed = Math.abs(prevVelocity);
      this.burstPeakSign = Math.sign(prevVelocity);
    }
    if (!still && speed > this.burstPeakSpeed) {
      this.burstPeakSpeed = speed;
      this.burstPeakSign = Math.sign(this.velocity);
    }
    this.wasStill = still;
    // Measured against the fastest the bar went during the burst, not the speed it entered with: a
    // touch-and-go bottom turns one burst into a lowering and a lift, and only the lift's end counts.
    // A bar that has since turned round and is moving the other way (touch-and-go into a slow phase)
    // has not stopped.
    const decelerated =
      this.burstPeakSpeed > 0 &&
      speed <= (1 - MIN_STOPPING_FRACTION) * this.burstPeakSpeed &&
      (Math.sign(this.velocity) === this.burstPeakSign || speed < MIN_PLATEAU_SPEED_MPS);
    // Straight after a turnaround the bar is near zero speed on its way into the next phase, which
    // may start gently: only a longer stillness there is a rest.
    const sinceTurnS = this.segStartsAtTurn ? this.t[idx]! - this.t[this.segStart]! : Infinity;
    const longEnough = sinceTurnS > MIN_REST_AFTER_TURN_S;
    if (longEnough && ((still && (speed < stopSpeed || decelerated)) || (this.steady && decelerated))) {
      this.announceBottomAtRest(idx, s.t, out);
      // The segment is finalised once the rest has lasted a little (or the next motion starts), so
      // its drift can be removed against the whole rest rather than its first sample.
      this.pending = { ...this.currentStart(), restFrom: idx };
      this.enterRest(idx);
      return;
    }
    // Turnaround: the velocity crossed zero and the bar then really moved the other way, under real
    // acceleration; an offset drifting across zero during a pause is not one.
    if (this.direction !== 0) {
      if (Math.sign(prevVelocity) === this.direction && Math.sign(this.velocity) === -this.direction) {
        const ta = this.t[idx - 1]!;
        this.crossingS = ta + (prevVelocity / (prevVelocity - this.velocity)) * dt;
        this.peakSinceCrossing = speed;
      } else if (Math.sign(this.velocity) === this.direction) {
        this.crossingS = NaN;
      } else if (speed > this.peakSinceCrossing) {
        this.peakSinceCrossing = speed;
      }
      // Well beyond what a stopped bar's velocity error reaches, so a rest is never taken for a turnaround.
      let confirm = Math.max(0.03, TURN_CONFIRM_FRACTION * this.peakSpeed);
      // A speed held since just after the crossing may be the last stroke's velocity error at rest:
      // the bar must get well beyond it before this is a turnaround, so that a burst from that rest is
      // recognised as one (the reinterpretation above) before it is taken for a slow negative.
      if (this.heldSinceIdx >= 0 && this.heldAfterCrossing) {
        const held = Math.abs(this.heldVelocity);
        confirm = Math.max(confirm, held + Math.max(held, MIN_PLATEAU_SPEED_MPS));
      }
      if (!Number.isNaN(this.crossingS) && -this.direction * this.velocity > confirm) {
        const crossingS = this.crossingS;
        let k = idx;
        while (k > this.segStart + 1 && this.t[k - 1]! >= crossingS) k--;
        this.closeSegment(k, crossingS, true, s.t, out);
        // The next segment starts at the turnaround, already moving away from it.
        const vAtK = this.velocity * ((this.t[k]! - crossingS) / Math.max(this.t[idx]! - crossingS, 1e-9));
        this.segStart = k;
        this.segStartVelocity = vAtK;
        this.segStartsAtTurn = true;
        this.segAfterShortRest = false;
        this.segRestUntilS = NaN;
        this.resetSegmentState();
        this.peakSpeed = Math.abs(this.velocity);
        this.direction = this.velocity > 0 ? 1 : -1;
        return;
      }
    }

    // A held plateau that would carry the bar further than any lift travels was a rest all along
    // (the velocity carried into it was an integration error, e.g. after walking the bar back).
    if (plateau && Math.abs(this.position - this.plateauStartPosition) > MAX_PLATEAU_TRAVEL_M) {
      const k = Math.max(this.plateauStartIdx, this.segStart + 2);
      this.closeSegment(k, this.t[k]!, false, s.t, out);
      this.enterRest(idx);
      return;
    }
    if (!plateau) {
      this.plateauStartIdx = idx;
      this.plateauStartPosition = this.position;
    }
    if (this.t[idx]! - this.t[this.segStart]! > MAX_SEGMENT_S) {
      this.mode = 'lost';
      this.trimTo(idx);
    }
  }

  /**
   * A lowering stroke ends when its speed falls to 5% of its peak. Where the causal velocity is good
   * enough to resolve that (fast and moderate negatives), report the bottom as soon as it is crossed;
   * otherwise the rest that follows reports it.
   */
  private detectLiveBottom(idx: number, prevVelocity: number, sigma: number, out: TrackerOutput): void {
    if (this.bottomSent || this.direction !== -1) return;
    const edge = 0.05 * this.peakSpeed;
    const uncertainty = 2 * sigma * Math.sqrt(this.periodS * this.integratedS);
    if (edge < uncertainty || prevVelocity > -edge || this.velocity < -edge) return;
    const ta = this.t[idx - 1]!;
    const tb = this.t[idx]!;
    const endS = ta + ((-edge - prevVelocity) / (this.velocity - prevVelocity)) * (tb - ta);
    const sofar = this.strokesOf(this.currentStart(), idx, { pinS: NaN }, tb);
    const down = sofar.filter((st) => st.direction < 0).pop();
    if (!down) return;
    this.bottomSent = true;
    out.bottoms.push({
      startS: down.startS,
      endS,
      displacementM: this.highest - this.position,
      committedAtS: tb,
    });
  }

  private closeSegment(idx: number, pinS: number, atTurn: boolean, nowS: number, out: TrackerOutput): void {
    const strokes = this.strokesOf(this.currentStart(), idx, { pinS, atTurn, final: true }, nowS);
    for (const st of strokes) out.strokes.push(st);
  }

  /**
   * The held stretch [heldSinceIdx, heldUntilIdx] was a rest. Finalise the segment before it with the
   * rest as its end anchor, and start the current motion as a new segment from that rest.
   */
  private reinterpretHoldAsRest(idx: number, nowS: number, out: TrackerOutput): void {
    const restFrom = this.heldSinceIdx;
    const restTo = this.heldUntilIdx;
    const strokes = this.strokesOf(
      this.currentStart(),
      restTo,
      { pinS: this.t[restTo]!, restFromS: this.t[restFrom]!, final: true },
      nowS,
    );
    for (const st of strokes) out.strokes.push(st);
    const gained = this.velocity - this.heldVelocity;
    this.segStart = restFrom;
    this.segStartVelocity = 0;
    this.segStartsAtTurn = false;
    this.segAfterShortRest = false;
    this.segRestUntilS = this.t[restTo]! - 0.1 > this.t[restFrom]! ? this.t[restTo]! - 0.1 : NaN;
    this.restStart = restFrom;
    this.resetSegmentState();
    this.velocity = gained;
    this.peakSpeed = Math.abs(gained);
    this.direction = 0;
  }

  /**
   * A held plateau can hide the stop at the bottom of a slow negative: at a low rate or under a wide
   * noise model the deceleration stays inside the still band, and the held speed carries on through
   * the bottom pause. Its integral shows it: when the acceleration over the last STOP_WINDOW_S cancels
   * most of the held speed, beyond what noise can, and leaves the bar (from the velocity it had at the
   * window's start) slower than a plateau, it has stopped. Returns that velocity, or null.
   */
  private stopWithinHold(idx: number, sigma: number, stopSpeed: number): number | null {
    const last = idx - 1;
    const j = this.firstIndexFrom(this.t[last]! - STOP_WINDOW_S, this.segStart, last);
    const spanS = this.t[last]! - this.t[j]!;
    if (spanS < 0.5 * STOP_WINDOW_S) return null;
    const gained = this.cum[last]! - this.cum[j]!;
    const held = this.heldVelocity;
    if (Math.sign(gained) === Math.sign(held)) return null;
    const noise = STOP_NOISE_SIGMAS * sigma * Math.sqrt(this.periodS * spanS);
    if (Math.abs(gained) < Math.max(STOP_FRACTION * Math.abs(held), noise)) return null;
    const left = this.vel[j]! + gained;
    return Math.abs(left) < stopSpeed ? left : null;
  }

  /** Mean acceleration over the rest before index `end` (0 when that stretch is too short to tell). */
  private restOffsetBefore(end: number): number {
    const from = this.restStart;
    const spanS = this.t[end]! - this.t[from]!;
    if (end <= from || spanS < MIN_OFFSET_SPAN_S) return 0;
    return (this.cum[end]! - this.cum[from]!) / spanS;
  }

  private currentStart(): SegmentStart {
    return {
      first: this.segStart,
      startVelocity: this.segStartVelocity,
      startsAtTurn: this.segStartsAtTurn,
      restUntilS: this.segRestUntilS,
    };
  }

  /**
   * findStrokes over a segment from `start` to sample `last`. The rest the segment may start with is
   * used as a drift anchor only when its end is a rest too (`restFromS`). `final`: the segment's
   * strokes are the ones handed on (not a provisional look at a bottom), so its velocity is recorded.
   */
  private strokesOf(
    start: SegmentStart,
    last: number,
    end: { pinS: number; atTurn?: boolean; restFromS?: number; final?: true },
    committedAtS: number,
  ): Stroke[] {
    const restAnchors =
      end.restFromS === undefined
        ? {}
        : {
            restFromS: end.restFromS,
            ...(Number.isNaN(start.restUntilS) ? {} : { restUntilS: start.restUntilS }),
          };
    return findStrokes({
      t: this.t,
      accelMps2: this.a,
      first: start.first,
      last,
      startVelocityMps: start.startVelocity,
      startsAtTurn: start.startsAtTurn,
      endPinS: end.pinS,
      endsAtTurn: end.atTurn ?? false,
      ...restAnchors,
      committedAtS,
      noiseMps2: Math.sqrt(this.noiseVar),
      ...(end.final && this.velocitySink ? { velocitySink: this.velocitySink } : {}),
    });
  }

  /** Reports the bottom of a lowering stroke when the rest after it is confirmed (unless already reported). */
  private announceBottomAtRest(idx: number, nowS: number, out: TrackerOutput): void {
    if (this.bottomSent) return;
    const provisional = this.strokesOf(this.currentStart(), idx, { pinS: this.t[idx]! }, nowS);
    const last = provisional[provisional.length - 1];
    if (!last || last.direction > 0) return;
    this.bottomSent = true;
    out.bottoms.push({
      startS: last.startS,
      endS: last.endS,
      displacementM: last.displacementM,
      committedAtS: nowS,
    });
  }

  /** Finalises the segment waiting for its rest to settle, using the rest up to `lastIdx`. */
  private finalizePending(lastIdx: number, nowS: number, out: TrackerOutput): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const strokes = this.strokesOf(
      p,
      lastIdx,
      { pinS: this.t[lastIdx]!, restFromS: this.t[p.restFrom]!, final: true },
      nowS,
    );
    for (const st of strokes) out.strokes.push(st);
  }

  private enterRest(idx: number): void {
    this.mode = 'rest';
    this.restSamples = 0;
    this.velocity = 0;
    this.peakSpeed = 0;
    this.direction = 0;
    this.resetSegmentState();
    this.trimBefore(this.t[idx]! - PRE_ROLL_S);
    this.onsetWindowStart = this.len - 1;
    this.longWindowStart = this.len - 1;
    this.restStart = this.len - 1;
  }

  /**
   * Drops history older than `keepFromS`. Called every sample at rest, so it does nothing until enough
   * has piled up to be worth a shift, and then finds the cut by bisection.
   */
  private trimBefore(keepFromS: number): void {
    if (this.len < TRIM_BATCH) return;
    const from = this.firstIndexFrom(keepFromS, 0, this.len - 1);
    if (from >= TRIM_BATCH / 2) this.trimTo(from);
  }

  /** The first sample in [lo, hi] at or after `tS` (hi if none), by bisection. */
  private firstIndexFrom(tS: number, lo: number, hi: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.t[mid]! < tS) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private append(t: number, a: number, dt: number): number {
    if (this.len === this.t.length) this.grow();
    const i = this.len++;
    this.t[i] = t;
    this.a[i] = a;
    this.vel[i] = 0;
    this.cum[i] = i === 0 ? 0 : this.cum[i - 1]! + 0.5 * (this.a[i - 1]! + a) * dt;
    this.cum2[i] = i === 0 ? 0 : this.cum2[i - 1]! + 0.5 * (this.a[i - 1]! ** 2 + a * a) * dt;
    return i;
  }

  /** Drops history before `from` (indices shift down). */
  private trimTo(from: number): void {
    if (this.pending) from = Math.min(from, this.pending.first);
    if (from <= 0) return;
    const kept = this.len - from;
    this.t.copyWithin(0, from, this.len);
    this.a.copyWithin(0, from, this.len);
    this.cum.copyWithin(0, from, this.len);
    this.cum2.copyWithin(0, from, this.len);
    this.vel.copyWithin(0, from, this.len);
    this.len = kept;
    this.segStart = Math.max(0, this.segStart - from);
    this.onsetWindowStart = Math.max(0, this.onsetWindowStart - from);
    this.longWindowStart = Math.max(0, this.longWindowStart - from);
    this.restStart = Math.max(0, this.restStart - from);
    if (this.pending) {
      this.pending.first -= from;
      this.pending.restFrom -= from;
    }
    this.plateauStartIdx = Math.max(0, this.plateauStartIdx - from);
    if (this.heldSinceIdx >= 0) {
      this.heldSinceIdx = Math.max(0, this.heldSinceIdx - from);
      this.heldUntilIdx = Math.max(0, this.heldUntilIdx - from);
    }
    this.stillWindowStart = Math.max(0, this.stillWindowStart - from);
  }

  private grow(): void {
    const n = this.t.length * 2;
    const t = new Float64Array(n);
    const a = new Float64Array(n);
    const c = new Float64Array(n);
    const c2 = new Float64Array(n);
    t.set(this.t);
    a.set(this.a);
    c.set(this.cum);
    c2.set(this.cum2);
    const v = new Float64Array(n);
    v.set(this.vel);
    this.vel = v;
    this.t = t;
    this.a = a;
    this.cum = c;
    this.cum2 = c2;
  }
}
