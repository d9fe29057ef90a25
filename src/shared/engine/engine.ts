import type { EngineEvent, Gap, Sample, SetResult } from './types';
import type { EngineOptions } from './analyze';
import { StreamCleaner, type CleanSample, type CleanStats } from './clean';
import { VerticalProjector } from './vertical';
import { MotionTracker, type TrackerOutput } from './motion';
import { RepAssembler } from './reps';
import { CycleDetector, type Swing } from './cycles';
import { SetReconciler, type StrokesIn } from './reconcile';
import { lookedBackVelocity, strokeLobes } from './lobes';
import { ReadingHistory, READING_BIN_S } from './readings';
import { LIFT_LEAD_S, LIFT_TAIL_S, locateLowering, type LocateLowering } from './locate';
import { CurveRecorder, type RecordedCurves } from './curves';

/** Readings lost for up to this long are bridged when a finished set is looked over again (lobes.ts). */
const MAX_BRIDGED_GAP_S = 3;

/**
 * The streaming tempo engine: samples in, events out. It is causal: every event is decided from
 * samples up to its `committedAtS`, so the batch result over an array equals the result of feeding
 * the same array in chunks of any size. Times in events are seconds from the first accepted sample.
 */
export class TempoEngine {
  private readonly cleaner = new StreamCleaner();
  private readonly projector = new VerticalProjector();
  /** The estimated velocities, kept when `options.curves` asks for them (curves.ts). */
  private readonly curveRecorder: CurveRecorder | null;
  private readonly tracker: MotionTracker;
  private readonly assembler: RepAssembler;
  private readonly cycles = new CycleDetector();
  private readonly readings = new ReadingHistory();
  private readonly reconciler: SetReconciler;
  private acceptedRises = 0;
  private originS = NaN;
  private lastS = 0;
  private readonly gapList: Gap[] = [];
  /** The sample being processed, reused: no allocation per sample on the hot path. */
  private readonly cleanSample: CleanSample = { t: 0, ax: 0, ay: 0, az: 0, gx: 0, gy: 0, gz: 0 };
  private readonly trackerSample = { t: 0, accelMps2: 0 };
  private readonly trackerOut: TrackerOutput = { strokes: [], bottoms: [], gaps: [], calibrationWeight: 0 };

  constructor(options: EngineOptions = {}) {
    this.curveRecorder = options.curves === true ? new CurveRecorder() : null;
    this.tracker = new MotionTracker(this.curveRecorder ?? undefined);
    const locate: LocateLowering = (liftEndS, nextLiftStartS, displacementM, only) => {
      const stretch = this.readings.magnitudes(
        liftEndS + LIFT_TAIL_S,
        nextLiftStartS - LIFT_LEAD_S,
        this.projector.biasG,
      );
      return (
        stretch && locateLowering(stretch.valuesMps2, stretch.startS, READING_BIN_S, displacementM, only)
      );
    };
    this.assembler = new RepAssembler(options.prescription ?? null, false, locate);
    const strokesIn: StrokesIn = (fromS, toS, nowS) => {
      const stretch = this.readings.magnitudesAcross(fromS, toS, this.projector.biasG, MAX_BRIDGED_GAP_S);
      if (!stretch) return null;
      const velocityMps = lookedBackVelocity(stretch.valuesMps2, READING_BIN_S);
      this.curveRecorder?.lookedBack(stretch.startS, READING_BIN_S, velocityMps);
      return strokeLobes(stretch.valuesMps2, stretch.startS, READING_BIN_S, nowS, velocityMps);
    };
    this.reconciler = new SetReconciler(options.prescription ?? null, locate, strokesIn);
  }

  /** Absolute time of the first accepted sample (NaN before any). */
  get streamOriginS(): number {
    return this.originS;
  }

  get stats(): Readonly<CleanStats> {
    return this.cleaner.stats;
  }

  get gaps(): readonly Gap[] {
    return this.gapList;
  }

  /** What the estimators recorded (`options.curves`), for a rep's curve (curves.ts repCurve); else null. */
  get curves(): RecordedCurves | null {
    return this.curveRecorder;
  }

  get sets(): readonly SetResult[] {
    return this.reconciler.sets;
  }

  /**
   * Lifts found by the cycle detector (cycles.ts), which needs no rests: an independent count, shown
   * next to the reps in the benchmark (reconcile.ts uses the same lifts to fill in missed reps).
   */
  get cycleRises(): number {
    return this.acceptedRises;
  }

  /** The tracker's vertical velocity estimate after the last accepted sample (motion.ts: velocityMps). */
  get liveVelocityMps(): number | null {
    return this.tracker.velocityMps;
  }

  /** Seconds from the first to the last accepted sample. */
  get durationS(): number {
    return this.lastS;
  }

  process(chunk: readonly Sample[]): EngineEvent[] {
    const events: EngineEvent[] = [];
    const s = this.cleanSample;
    const out = this.trackerOut;
    for (const raw of chunk) {
      if (!this.cleaner.accept(raw, s)) continue;
      if (Number.isNaN(this.originS)) this.originS = s.t;
      const tRel = s.t - this.originS;
      const ts = this.trackerSample;
      ts.t = tRel;
      this.readings.push(tRel, s.ax, s.ay, s.az);
      ts.accelMps2 = this.projector.verticalAccelMps2(s);
      this.tracker.push(ts, out);
      if (out.calibrationWeight > 0) this.projector.calibrate(s, out.calibrationWeight);
      this.onSwing(this.cycles.push(tRel, ts.accelMps2));
      this.onSwing(this.cycles.takeRecovered());
      if (out.gaps.length > 0) {
        for (const gap of out.gaps) {
          this.gapList.push(gap);
          events.push({ type: 'gap', gap, committedAtS: tRel });
        }
        out.gaps.length = 0;
      }
      if (out.bottoms.length > 0) {
        for (const bottom of out.bottoms) this.assembler.onBottom(bottom, events);
        out.bottoms.length = 0;
      }
      if (out.strokes.length > 0) {
        for (const stroke of out.strokes) this.assembler.onStroke(stroke, events);
        out.strokes.length = 0;
      }
      const inMotion = this.tracker.inMotion;
      this.assembler.tick(tRel, inMotion, events);
      for (const set of this.assembler.takeClosed()) this.reconciler.onTrackerSet(set);
      this.reconciler.tick(tRel, inMotion || this.assembler.hasOpenSet, events);
      this.lastS = tRel;
    }
    return events;
  }

  /** Ends the stream: closes the open set. */
  finish(): EngineEvent[] {
    const events: EngineEvent[] = [];
    this.onSwing(this.cycles.flush(this.lastS));
    this.onSwing(this.cycles.takeRecovered());
    this.assembler.finish(this.lastS, events);
    for (const set of this.assembler.takeClosed()) this.reconciler.onTrackerSet(set);
    this.reconciler.finish(this.lastS, events);
    return events;
  }

  private onSwing(swing: Swing | null): void {
    if (!swing) return;
    if (swing.accepted && swing.direction > 0) this.acceptedRises++;
    this.reconciler.onSwing(swing);
  }

  reset(): void {
    this.cleaner.reset();
    this.projector.reset();
    this.tracker.reset();
    this.cycles.reset();
    this.readings.reset();
    this.reconciler.reset();
    this.acceptedRises = 0;
    this.assembler.reset();
    this.originS = NaN;
    this.lastS = 0;
    this.gapList.length = 0;
    this.curveRecorder?.reset();
  }
}
