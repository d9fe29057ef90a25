/**
 * Sample-time reconstruction for BLE sensors (PROTOCOLS.md §0). BLE delivers samples in bursts, one per
 * connection event, so host arrival times are bunched and late by a varying amount. This module turns
 * (sample count, host arrival time[, device times]) into evenly spaced, monotonic sample times on the host
 * clock. Pure: no timers, no Node APIs; the caller passes the arrival time it measured.
 *
 * Without a device clock (WitMotion, MetaMotion, Thingy) sample k of a run is modelled as t(k) = a + b*k:
 * - b (the real sample period) is the least-squares slope of arrival time against the index of each burst's
 *   last sample over a sliding window. Batching delay is unrelated to k, so the slope is unbiased; it is
 *   clamped near the configured rate because cheap sensors run off-nominal but never wildly so, and the
 *   configured period is used until the window is long enough to beat the burst jitter.
 * - a is the lower envelope: min over the window of (arrival - b*k). A sample cannot arrive before it was
 *   taken, and the least-delayed burst is the best evidence of when samples are really acquired. (The fixed
 *   radio latency is unknowable and irrelevant: it shifts every time equally.) Output follows a by slewing
 *   (a few percent of a period per sample), never by stepping.
 * With a device clock (Polar ns, Movesense ms, open profile) the device times are kept and shifted onto the
 * host clock by the same lower-envelope offset, which also absorbs slow crystal drift.
 *
 * A burst arriving much later than the model predicts (lost packets, a stalled link) or much earlier (the
 * sensor runs far faster than configured) starts a new run anchored at its arrival, so real gaps stay gaps.
 * Output is strictly increasing across runs and across `restart()` (reconnects).
 */

export interface TimebaseOptions {
  /** Configured output rate of the sensor, Hz. */
  nominalRateHz: number;
  /** How far the measured rate may stray from nominal, as a fraction (default 0.5). */
  maxRateErrorFraction?: number;
  /** Estimation window, seconds of arrivals (default 5). */
  windowS?: number;
  /** Window span needed before the measured rate replaces the nominal one, seconds (default 1). */
  minSpanForRateS?: number;
  /** Lateness (or earliness) beyond which a burst starts a new run, seconds (default max(0.25, 10 periods)). */
  resyncS?: number;
  /** Largest stretch/squeeze of the spacing used to follow the arrival envelope, per sample (default 0.02). */
  maxSlewFraction?: number;
}

interface Point {
  k: number;
  arrivalS: number;
}

const MAX_POINTS = 1024;

export class SampleTimebase {
  private readonly nominalPeriodS: number;
  private readonly maxRateError: number;
  private readonly windowS: number;
  private readonly minSpanS: number;
  private readonly resyncS: number;
  private readonly maxSlew: number;
  private points: Point[] = [];
  /** Index of the next sample in the current run. */
  private nextK = 0;
  private periodS: number;
  /** Last time handed out in the current run (before the monotonic guard); NaN at the start of a run. */
  private runLastS = NaN;
  private lastOutS = -Infinity;
  /** Device path: (arrival - device time) of each burst's last sample in the window. */
  private deviceOffsets: { arrivalS: number; offsetS: number }[] = [];
  private lastDeviceS = NaN;
  /**
   * Device time the current run is measured from. Device clocks count from 2000 (Polar: ~6e8 s), where a
   * double's step is ~0.1 us; subtracting the origin first keeps the host-offset arithmetic exact.
   */
  private deviceOriginS = NaN;
  /** Offset actually applied (slews toward the envelope); NaN at the start of a run. */
  private appliedDeviceOffsetS = NaN;
  private runs = 0;

  constructor(options: TimebaseOptions) {
    if (!(options.nominalRateHz > 0)) throw new RangeError('nominalRateHz must be > 0');
    this.nominalPeriodS = 1 / options.nominalRateHz;
    this.periodS = this.nominalPeriodS;
    this.maxRateError = options.maxRateErrorFraction ?? 0.5;
    this.windowS = options.windowS ?? 5;
    this.minSpanS = options.minSpanForRateS ?? 1;
    this.resyncS = options.resyncS ?? Math.max(0.25, 10 * this.nominalPeriodS);
    this.maxSlew = options.maxSlewFraction ?? 0.02;
  }

  /** Current estimate of the real sample rate, Hz. */
  get rateHz(): number {
    return 1 / this.periodS;
  }

  /** Last time handed out (-Infinity before any). */
  get lastS(): number {
    return this.lastOutS;
  }

  /** Runs started so far (the first burst, every resync and the first burst after each restart). */
  get runCount(): number {
    return this.runs;
  }

  /**
   * Times for `count` samples that arrived together at `arrivalS` (host clock, seconds), oldest first.
   * Pass `deviceTimesS` when every sample carries the device's own time.
   */
  stamp(count: number, arrivalS: number, deviceTimesS?: readonly number[]): number[] {
    if (count <= 0) return [];
    const raw =
      deviceTimesS && deviceTimesS.length === count
        ? this.fromDevice(deviceTimesS, arrivalS)
        : this.fromRate(count, arrivalS);
    return this.monotonic(raw);
  }

  /** Forget the run (after a reconnect): the next burst anchors a new run at its arrival. */
  restart(): void {
    this.points = [];
    this.nextK = 0;
    this.runLastS = NaN;
    this.deviceOffsets = [];
    this.lastDeviceS = NaN;
    this.deviceOriginS = NaN;
    this.appliedDeviceOffsetS = NaN;
  }

  private fromRate(count: number, arrivalS: number): number[] {
    if (this.points.length > 0) {
      const continuedLastS = this.runLastS + this.periodS * count;
      const errorS = arrivalS - continuedLastS;
      if (errorS > this.resyncS || errorS < -this.resyncS) this.restart();
    }
    const newRun = this.points.length === 0;
    if (newRun) this.runs++;
    const k0 = this.nextK;
    const kLast = k0 + count - 1;
    this.points.push({ k: kLast, arrivalS });
    this.prune(arrivalS);
    this.periodS = this.estimatePeriod();
    const targetFirstS = this.offsetS() + this.periodS * k0;
    let firstS = targetFirstS;
    let stepS = this.periodS;
    if (!newRun) {
      // Slew, do not step: move toward the envelope by at most maxSlew of a period per sample, spread over the
      // burst, so a new least-delayed burst (or the old one leaving the window) bends the spacing by a few
      // percent instead of putting a jitter-sized jump between two samples.
      const continuedS = this.runLastS + this.periodS;
      const maxS = this.maxSlew * this.periodS * count;
      const correctionS = Math.max(-maxS, Math.min(maxS, targetFirstS - continuedS));
      stepS = this.periodS + correctionS / count;
      firstS = this.runLastS + stepS;
    }
    this.nextK = kLast + 1;
    const out: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = firstS + stepS * i;
    this.runLastS = out[count - 1] ?? firstS;
    return out;
  }

  private fromDevice(deviceTimesS: readonly number[], arrivalS: number): number[] {
    const first = deviceTimesS[0] ?? 0;
    const last = deviceTimesS[deviceTimesS.length - 1] ?? first;
    if (this.deviceOffsets.length > 0) {
      const offsetNowS = arrivalS - (last - this.deviceOriginS);
      // The device clock stepped (reset, or a frame with a bogus stamp): re-anchor rather than jump.
      const clockStepped = !(first > this.lastDeviceS - this.nominalPeriodS);
      if (clockStepped || Math.abs(offsetNowS - this.deviceOffset()) > this.resyncS) this.restart();
    }
    if (this.deviceOffsets.length === 0) {
      this.runs++;
      this.deviceOriginS = first;
    }
    const origin = this.deviceOriginS;
    this.deviceOffsets.push({ arrivalS, offsetS: arrivalS - (last - origin) });
    while (this.deviceOffsets.length > MAX_POINTS) this.deviceOffsets.shift();
    while ((this.deviceOffsets[0]?.arrivalS ?? arrivalS) < arrivalS - this.windowS)
      this.deviceOffsets.shift();
    this.lastDeviceS = last;
    const targetS = this.deviceOffset();
    if (Number.isNaN(this.appliedDeviceOffsetS)) {
      this.appliedDeviceOffsetS = targetS;
      return deviceTimesS.map((t) => t - origin + targetS);
    }
    // Slew toward the envelope (as in the rate path), ramped across the frame: the device's own spacing is
    // the point of having a device clock, so a better offset estimate must not show up as a jump.
    const n = deviceTimesS.length;
    const maxS = this.maxSlew * this.nominalPeriodS * n;
    const fromS = this.appliedDeviceOffsetS;
    const correctionS = Math.max(-maxS, Math.min(maxS, targetS - fromS));
    this.appliedDeviceOffsetS = fromS + correctionS;
    return deviceTimesS.map((t, i) => t - origin + fromS + (correctionS * (i + 1)) / n);
  }

  private deviceOffset(): number {
    let min = Infinity;
    for (const p of this.deviceOffsets) if (p.offsetS < min) min = p.offsetS;
    return min;
  }

  private prune(nowS: number): void {
    while (this.points.length > MAX_POINTS) this.points.shift();
    while ((this.points[0]?.arrivalS ?? nowS) < nowS - this.windowS && this.points.length > 2)
      this.points.shift();
  }

  private estimatePeriod(): number {
    const pts = this.points;
    const first = pts[0];
    const last = pts[pts.length - 1];
    if (!first || !last || pts.length < 3 || last.arrivalS - first.arrivalS < this.minSpanS) {
      return this.nominalPeriodS;
    }
    let sk = 0;
    let st = 0;
    for (const p of pts) {
      sk += p.k;
      st += p.arrivalS;
    }
    const mk = sk / pts.length;
    const mt = st / pts.length;
    let num = 0;
    let den = 0;
    for (const p of pts) {
      num += (p.k - mk) * (p.arrivalS - mt);
      den += (p.k - mk) * (p.k - mk);
    }
    if (!(den > 0)) return this.nominalPeriodS;
    const slope = num / den;
    const lo = this.nominalPeriodS / (1 + this.maxRateError);
    const hi = this.nominalPeriodS * (1 + this.maxRateError);
    return Math.min(hi, Math.max(lo, slope));
  }

  /** Lower envelope of arrival - period * k over the window. */
  private offsetS(): number {
    let min = Infinity;
    for (const p of this.points) {
      const v = p.arrivalS - this.periodS * p.k;
      if (v < min) min = v;
    }
    return min;
  }

  /**
   * Strictly increasing output: a time that would land at or before one already handed out (an arrival clock
   * that stepped back, a restart) is pushed a quarter period past it instead of going backwards.
   */
  private monotonic(times: number[]): number[] {
    const minStepS = this.nominalPeriodS / 4;
    for (let i = 0; i < times.length; i++) {
      const t = times[i] ?? 0;
      const floor = this.lastOutS + minStepS;
      const v = t < floor ? floor : t;
      times[i] = v;
      this.lastOutS = v;
    }
    return times;
  }
}
