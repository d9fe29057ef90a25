/**
 * Plans what the lifter does, set by set: draws each rep's durations (tempo, human spread, fatigue, rushed
 * negatives), solves the phase profiles, lays them out as trajectory segments around holds, rack moves and
 * walk-outs, and records the exact ground truth on the same clock.
 */
import { Trajectory, segmentEnd, type Segment, type Sway } from './motion';
import { evaluatePhase, reversalAccelMps2, solvePhase, type PhaseProfile, type PhaseSpec } from './profile';
import type { Rng } from './random';
import { startsWithEccentric, type Scenario } from './scenario';
import type { TruePhase, TrueRep, TrueSet } from './types';

/** Longest rest-to-rest ramps (up + down) per phase kind: beyond this a phase grows a constant-speed plateau. */
const ECCENTRIC_RAMPS_MAX_S = 1.0;
const CONCENTRIC_RAMPS_MAX_S = 1.3;
/** A non-zero pause is at least this much still time between the two phases' sub-5% tails. */
const MIN_HOLD_S = 0.02;
/** Shortest ramp from or to rest (a very abrupt start or stop, only for very short pauses). */
const MIN_REST_RAMP_S = 0.06;
/** Shortest ramp into a touch-and-go reversal (a hard bounce). */
const MIN_REVERSAL_RAMP_S = 0.04;

interface RepDraw {
  romM: number;
  eccentricS: number;
  concentricS: number;
  bottomPauseS: number;
  topPauseS: number;
  rushed: boolean;
}

interface PlannedPhase {
  spec: PhaseSpec;
  profile: PhaseProfile;
  direction: 1 | -1;
  /** Truth boundaries once laid out. */
  startS: number;
  endS: number;
}

export class Planner {
  readonly trajectory = new Trajectory();
  /** The bar's position at the end of the plan. */
  private pos: [number, number, number] = [0, 0, 0];
  private readonly tiltSign: number;

  constructor(
    private readonly scenario: Scenario,
    private readonly rng: Rng,
    startS = 0,
  ) {
    this.timeS = startS;
    this.tiltSign = rng.chance(0.5) ? 1 : -1;
  }

  /** End of the plan so far. */
  timeS: number;

  /** Tilt angle (rad) per metre of height: one end of the bar rises as the bar rises, drawn per session. */
  get tiltRadPerM(): number {
    const l = this.scenario.lifter;
    return (this.tiltSign * l.tiltDegOverRom * Math.PI) / 180 / l.romM;
  }

  get rollRadPerM(): number {
    const l = this.scenario.lifter;
    return (l.rollDegOverRom * Math.PI) / 180 / l.romM;
  }

  private push(seg: Segment): void {
    this.trajectory.push(seg);
    this.timeS = seg.t1S;
    this.pos = segmentEnd(seg);
  }

  /** Hold the bar; swaySpeedMps > 0 adds human sway whose speed never exceeds it. */
  hold(durationS: number, swaySpeedMps: number): void {
    if (durationS <= 0) return;
    this.pushHold(durationS, swaySpeedMps > 0 ? this.makeSway(durationS, swaySpeedMps) : null);
  }

  /** A hold at the bar's current position from now, for `durationS`, with its sway (null: still). */
  private pushHold(durationS: number, sway: Sway | null): void {
    const [x, y, z] = this.pos;
    this.push({
      kind: 'hold',
      t0S: this.timeS,
      t1S: this.timeS + durationS,
      xM: x,
      yM: y,
      zM: z,
      sway,
    });
  }

  private makeSway(durationS: number, maxSpeedMps: number): Sway | null {
    if (durationS < 0.1) return null;
    const windowS = Math.min(0.5, durationS / 3);
    const omega1 = 2 * Math.PI * this.rng.uniform(0.2, 0.4);
    const omega2 = 2 * Math.PI * this.rng.uniform(0.5, 0.8);
    // |v| <= max|W'| sum|A| + sum|A| omega_max, with max|W'| = 1.875 / windowS.
    const ampCap = maxSpeedMps / (1.875 / windowS + omega2);
    const amp = Math.min(this.scenario.lifter.swayAmplitudeM, ampCap);
    const split = this.rng.uniform(0.3, 0.7);
    return {
      windowS,
      zAmp1M: amp * split,
      zAmp2M: amp * (1 - split),
      xAmp1M: amp * split * this.rng.uniform(0.5, 1),
      xAmp2M: amp * (1 - split) * this.rng.uniform(0.5, 1),
      omega1,
      omega2,
      phase1: this.rng.uniform(0, 2 * Math.PI),
      phase2: this.rng.uniform(0, 2 * Math.PI),
    };
  }

  move(durationS: number, dxM: number, dyM: number, dzM: number, bobM: number): void {
    const [x, y, z] = this.pos;
    this.push({
      kind: 'move',
      t0S: this.timeS,
      t1S: this.timeS + durationS,
      xM: x,
      yM: y,
      zM: z,
      dxM,
      dyM,
      dzM,
      bobM,
    });
  }

  private drawReps(): RepDraw[] {
    const { lifter: l, prescription: p, repsPerSet: n } = this.scenario;
    const rng = this.rng;
    const reps: RepDraw[] = [];
    const pause = (target: number | null): number =>
      target === null || target <= 0 ? 0 : Math.max(0.05, target * (1 + rng.clippedNormal(0, l.pauseCv)));
    for (let i = 0; i < n; i++) {
      const progress = n > 1 ? i / (n - 1) : 0;
      const romM = l.romM * (1 + rng.clippedNormal(0, l.romCv));
      // Fatigue slows the lifter's fastest concentric; a prescribed concentric is followed when achievable.
      const naturalConS = romM / (l.concentricMeanVelocityMps * (1 - l.velocityLossFraction * progress));
      const conTargetS = Math.max(p.concentricS ?? 0, naturalConS);
      const concentricS = Math.max(0.25, conTargetS * (1 + rng.clippedNormal(0, l.durationCv)));
      const eccTargetS = p.eccentricS ?? l.naturalEccentricS;
      const rushed = p.eccentricS !== null && rng.chance(l.rushedRepProbability);
      const rushedShare = rng.uniform(l.rushedEccentricMin, l.rushedEccentricMax);
      const spread = 1 + rng.clippedNormal(0, l.durationCv);
      const eccentricS = Math.max(
        0.25,
        rushed ? eccTargetS * rushedShare : eccTargetS * (1 - l.eccentricShorteningPerRep * i) * spread,
      );
      reps.push({
        romM,
        eccentricS,
        concentricS,
        bottomPauseS: pause(p.bottomPauseS),
        topPauseS: pause(p.topPauseS),
        rushed,
      });
    }
    return reps;
  }

  /** Phases in time order with the pauses between them (0 = touch-and-go reversal). */
  private buildPhases(reps: RepDraw[]): { phases: PlannedPhase[]; pauses: number[] } {
    const l = this.scenario.lifter;
    const eccFirst = startsWithEccentric(this.scenario);
    const phases: PlannedPhase[] = [];
    const pauses: number[] = [];
    const order: ('ecc' | 'con')[] = eccFirst ? ['ecc', 'con'] : ['con', 'ecc'];
    reps.forEach((rep, i) => {
      for (const kind of order) {
        const ecc = kind === 'ecc';
        const wobbleU = [this.rng.next(), this.rng.next(), this.rng.next(), this.rng.next()] as const;
        const spec: PhaseSpec = {
          durationS: ecc ? rep.eccentricS : rep.concentricS,
          displacementM: rep.romM,
          startsFromRest: true,
          endsAtRest: true,
          timeToPeakFraction: ecc ? l.eccentricTimeToPeakFraction : l.concentricTimeToPeakFraction,
          rampTotalMaxS: ecc
            ? eccentricRampsMaxS(l.eccentricEaseShare, rep.eccentricS)
            : CONCENTRIC_RAMPS_MAX_S,
          wobbleFraction: l.speedWobbleFraction,
          wobbleU,
        };
        phases.push({ spec, profile: solvePhase(spec), direction: ecc ? -1 : 1, startS: 0, endS: 0 });
      }
      // Pause after the first phase of the rep, then after the second (none after the set's last phase).
      const mid = eccFirst ? rep.bottomPauseS : rep.topPauseS;
      const after = eccFirst ? rep.topPauseS : rep.bottomPauseS;
      pauses.push(mid);
      if (i < reps.length - 1) pauses.push(after);
    });
    for (let j = 0; j < phases.length; j++) {
      const ph = phases[j] as PlannedPhase;
      ph.spec.startsFromRest = j === 0 || (pauses[j - 1] as number) > 0;
      ph.spec.endsAtRest = j === phases.length - 1 || (pauses[j] as number) > 0;
      ph.profile = solvePhase(ph.spec);
    }
    this.fitPauses(phases, pauses);
    this.matchReversals(phases, pauses);
    return { phases, pauses };
  }

  /**
   * A pause's truth includes the sub-5% tails of its two phases. When a short pause cannot hold both tails
   * plus a moment of stillness, the lifter stops and starts more sharply: shorten the adjoining rest ramps.
   */
  private fitPauses(phases: PlannedPhase[], pauses: number[]): void {
    for (let j = 0; j + 1 < phases.length; j++) {
      const pauseS = pauses[j] as number;
      if (pauseS <= 0) continue;
      const left = phases[j] as PlannedPhase;
      const right = phases[j + 1] as PlannedPhase;
      for (let iter = 0; iter < 12; iter++) {
        const tailsS = left.profile.totalS - left.profile.truthEndS + right.profile.truthStartS;
        const roomS = pauseS - MIN_HOLD_S;
        if (tailsS <= roomS) break;
        // Aim 2% inside: re-solving moves the 5% point a little (the peak changes with the plateau wobble).
        const factor = Math.max(0.05, (0.98 * roomS) / tailsS);
        left.spec.rampDownMaxS = Math.max(MIN_REST_RAMP_S, left.profile.rampDownS * factor);
        right.spec.rampUpMaxS = Math.max(MIN_REST_RAMP_S, right.profile.rampUpS * factor);
        left.profile = solvePhase(left.spec);
        right.profile = solvePhase(right.spec);
      }
    }
  }

  /**
   * At a touch-and-go reversal both sides meet at zero speed; shorten the gentler side's quarter-sine ramp
   * until both accelerations agree, so the bar reverses smoothly instead of with a step in force.
   */
  private matchReversals(phases: PlannedPhase[], pauses: number[]): void {
    for (let j = 0; j + 1 < phases.length; j++) {
      if ((pauses[j] as number) > 0) continue;
      const left = phases[j] as PlannedPhase;
      const right = phases[j + 1] as PlannedPhase;
      for (let iter = 0; iter < 8; iter++) {
        const aLeft = reversalAccelMps2(left.profile.speedMps, left.profile.rampDownS);
        const aRight = reversalAccelMps2(right.profile.speedMps, right.profile.rampUpS);
        if (Math.abs(aLeft - aRight) <= 1e-4 * aRight) break;
        if (aLeft < aRight) {
          left.spec.rampDownMaxS = Math.max(
            MIN_REVERSAL_RAMP_S,
            (left.profile.speedMps * Math.PI) / (2 * aRight),
          );
          left.profile = solvePhase(left.spec);
        } else {
          right.spec.rampUpMaxS = Math.max(
            MIN_REVERSAL_RAMP_S,
            (right.profile.speedMps * Math.PI) / (2 * aLeft),
          );
          right.profile = solvePhase(right.spec);
        }
      }
    }
  }

  /** Largest sway speed anywhere in the set: a small share of the slowest phase peak of the set. */
  private swayCap(phases: PlannedPhase[]): number {
    return this.scenario.lifter.swaySpeedFraction * slowestPeakMps(phases);
  }

  /**
   * A top pause with small movements: a slow drift (0.08-0.2 Hz, faded in and out over a third of the
   * pause each way, so it returns) and a sway (0.4-0.9 Hz), up to topPauseSwayM together, their speed
   * capped at topPauseSwaySpeedFraction of the set's slowest phase peak (far above the 5% edge).
   */
  private holdTopPause(durationS: number, slowestPeakMps: number): void {
    const l = this.scenario.lifter;
    const rng = this.rng;
    if (durationS < 0.3) {
      this.hold(durationS, l.swaySpeedFraction * slowestPeakMps);
      return;
    }
    const windowS = durationS / 3;
    const omega1 = 2 * Math.PI * rng.uniform(0.08, 0.2);
    const omega2 = 2 * Math.PI * rng.uniform(0.4, 0.9);
    // Same speed bound as makeSway: |v| <= (max|W'| + omega_max) sum|A|.
    const ampCap = (l.topPauseSwaySpeedFraction * slowestPeakMps) / (1.875 / windowS + omega2);
    const amp = Math.min(l.topPauseSwayM, ampCap);
    const drift = rng.uniform(0.5, 0.8);
    this.pushHold(durationS, {
      windowS,
      zAmp1M: amp * drift,
      zAmp2M: amp * (1 - drift),
      xAmp1M: amp * drift * rng.uniform(0.3, 1),
      xAmp2M: amp * (1 - drift) * rng.uniform(0.3, 1),
      omega1,
      omega2,
      phase1: rng.uniform(0, 2 * Math.PI),
      phase2: rng.uniform(0, 2 * Math.PI),
    });
  }

  /** The bar clanks (hooks, floor) at the current time: drawn only when the sensor feels impacts. */
  private impact(share: number): void {
    const peakG = this.scenario.sensor.impactPeakG;
    if (peakG <= 0) return;
    const rng = this.rng;
    this.trajectory.impacts.push({
      tS: this.timeS,
      peakG: peakG * share * rng.uniform(0.6, 1),
      freqHz: rng.uniform(25, 60),
      decayS: rng.uniform(0.015, 0.04),
    });
  }

  private unrack(swayMps: number): void {
    const r = this.scenario.rack;
    const rng = this.rng;
    if (r.kind === 'none') return;
    this.impact(0.5);
    this.move(rng.uniform(0.6, 0.9), 0, 0, r.liftOffM * rng.uniform(0.8, 1.2), 0);
    this.hold(rng.uniform(0.2, 0.5), swayMps);
    if (r.kind === 'bench') {
      this.move(rng.uniform(0.7, 1.0), r.benchTravelM * rng.uniform(0.85, 1.15), 0, 0, 0);
      return;
    }
    for (let s = 0; s < r.walkoutSteps; s++) {
      const bob = r.stepBobM * rng.uniform(0.6, 1.2) * (rng.chance(0.5) ? 1 : -1);
      this.move(rng.uniform(0.55, 0.85), -r.stepLengthM * rng.uniform(0.7, 1.2), 0, 0, bob);
      this.hold(rng.uniform(0.15, 0.4), swayMps);
    }
  }

  /** Walk back to the rack position (x = 0, y = 0) and set the bar down on the hooks (z = 0). */
  private rerack(swayMps: number): void {
    const r = this.scenario.rack;
    const rng = this.rng;
    if (r.kind === 'none') return;
    if (r.kind === 'bench') {
      this.move(rng.uniform(0.7, 1.0), -this.pos[0], -this.pos[1], 0, 0);
    } else {
      const steps = Math.max(1, r.walkoutSteps);
      const [x0, y0] = this.pos;
      for (let s = 0; s < steps; s++) {
        const bob = r.stepBobM * rng.uniform(0.6, 1.2) * (rng.chance(0.5) ? 1 : -1);
        this.move(rng.uniform(0.55, 0.85), -x0 / steps, -y0 / steps, 0, bob);
        this.hold(rng.uniform(0.15, 0.4), swayMps);
      }
    }
    this.move(rng.uniform(0.5, 0.8), 0, 0, -this.pos[2], 0);
    this.impact(1);
  }

  /** Appends one whole set (rack work included) and returns its truth. */
  planSet(): TrueSet {
    const scenario = this.scenario;
    const l = scenario.lifter;
    const rng = this.rng;
    const eccFirst = startsWithEccentric(scenario);
    const reps = this.drawReps();
    const { phases, pauses } = this.buildPhases(reps);
    const swayMps = this.swayCap(phases);
    // Deadlift: the bar rests on the floor between reps and before the set; nobody sways it.
    const restSway = scenario.exercise === 'deadlift' ? 0 : swayMps;
    const settleS = scenario.rack.settleS;

    this.unrack(swayMps);
    if (scenario.exercise !== 'deadlift') this.hold(settleS * rng.uniform(0.7, 1.3), swayMps);
    const setX = this.pos[0];
    const setZ = this.pos[2];
    for (let j = 0; j < phases.length; j++) {
      const ph = phases[j] as PlannedPhase;
      if (j > 0 && (pauses[j - 1] as number) > 0) {
        const prev = phases[j - 1] as PlannedPhase;
        const tailS = prev.profile.totalS - prev.profile.truthEndS;
        // Exact unless even the sharpest ramps cannot fit the pause (then it grows to a 5 ms hold).
        const holdS = Math.max(0.25 * MIN_HOLD_S, (pauses[j - 1] as number) - tailS - ph.profile.truthStartS);
        const atBottom = ph.direction === 1;
        if (!atBottom && l.topPauseSwayM > 0) this.holdTopPause(holdS, slowestPeakMps(phases));
        else this.hold(holdS, atBottom ? restSway : swayMps);
      }
      const [x, y, z] = this.pos;
      const t0S = this.timeS;
      this.push({
        kind: 'phase',
        t0S,
        t1S: t0S + ph.profile.totalS,
        xM: x,
        yM: y,
        zM: z,
        direction: ph.direction,
        barPathSlope: l.barPathSlope,
        profile: ph.profile,
      });
      ph.startS = t0S + ph.profile.truthStartS;
      ph.endS = t0S + ph.profile.truthEndS;
      // A deadlift set down on the floor (not touch-and-go) clanks.
      const touchesDown = j === phases.length - 1 || (pauses[j] as number) > 0;
      if (scenario.exercise === 'deadlift' && ph.direction === -1 && touchesDown) this.impact(1);
    }
    // Snap out floating-point drift so the set ends exactly where it started.
    this.pos = [setX, this.pos[1], setZ];
    if (scenario.exercise !== 'deadlift') this.hold(settleS * rng.uniform(0.4, 0.9), swayMps);
    this.rerack(swayMps);

    const trueReps: TrueRep[] = reps.map((rep, i) => {
      const first = phases[2 * i] as PlannedPhase;
      const second = phases[2 * i + 1] as PlannedPhase;
      const next = phases[2 * i + 2];
      const ecc = eccFirst ? first : second;
      const con = eccFirst ? second : first;
      const between: TruePhase = { startS: first.endS, endS: second.startS };
      const after: TruePhase = { startS: second.endS, endS: next ? next.startS : second.endS };
      return {
        eccentric: { startS: ecc.startS, endS: ecc.endS },
        bottomPause: eccFirst ? between : after,
        concentric: { startS: con.startS, endS: con.endS },
        topPause: eccFirst ? after : between,
        romM: rep.romM,
        peakConcentricVelocityMps: con.profile.peakSpeedMps,
        meanConcentricVelocityMps: meanSpeed(con),
        meanEccentricVelocityMps: meanSpeed(ecc),
        rushedByDesign: rep.rushed,
        eccentricTargetS: scenario.prescription.eccentricS,
        intendedEccentricS: rep.eccentricS,
      };
    });
    const firstPhase = phases[0] as PlannedPhase;
    const lastPhase = phases[phases.length - 1] as PlannedPhase;
    return { startS: firstPhase.startS, endS: lastPhase.endS, reps: trueReps };
  }
}

/** Slow negatives ease in and out over a share of their length; others stop within the usual 1 s. */
function eccentricRampsMaxS(easeShare: number, eccentricS: number): number {
  return easeShare > 0 ? Math.max(ECCENTRIC_RAMPS_MAX_S, 2 * easeShare * eccentricS) : ECCENTRIC_RAMPS_MAX_S;
}

function slowestPeakMps(phases: readonly PlannedPhase[]): number {
  let minPeak = Infinity;
  for (const ph of phases) minPeak = Math.min(minPeak, ph.profile.peakSpeedMps);
  return minPeak;
}

/** Vertical distance covered between the truth boundaries / their duration. */
function meanSpeed(ph: PlannedPhase): number {
  const p = ph.profile;
  const scratch = new Float64Array(3);
  const durationS = p.truthEndS - p.truthStartS;
  const d1 = displacementAt(p, p.truthEndS, scratch);
  const d0 = displacementAt(p, p.truthStartS, scratch);
  return (d1 - d0) / durationS;
}

function displacementAt(p: PhaseProfile, tauS: number, scratch: Float64Array): number {
  evaluatePhase(p, tauS, scratch, 0);
  return scratch[0] as number;
}
