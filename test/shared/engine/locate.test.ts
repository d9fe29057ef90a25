import { describe, expect, it } from 'vitest';
import { locateLowering } from '../../../src/shared/engine/locate';
import { ReadingHistory, READING_BIN_S } from '../../../src/shared/engine/readings';
import { STANDARD_GRAVITY_MPS2 } from '../../../src/shared/engine/vertical';
import { createRng } from '../../../src/shared/sim';

/** Speed (m/s, positive down) of a lowering from t0 to t1 at `speedMps` with sin^2 ramps of `rampS`. */
function lowering(t: number, t0: number, t1: number, speedMps: number, rampS: number): number {
  if (t <= t0 || t >= t1) return 0;
  const x = Math.min(t - t0, t1 - t, rampS) / rampS;
  return speedMps * Math.sin((Math.PI / 2) * x) ** 2;
}

/**
 * |f - b| in m/s^2 per READING_BIN_S bin from 0 to 13 s of a bar still at both ends, lowered 0.49 m
 * from 3 to 10 s (0.3 s ramps, so its 5% edges are at 3.04 and 9.96 s), read 0.02 m/s^2 high
 * throughout (the gravity reference is off), under `noiseMps2` of noise per sample at `rateHz`.
 */
function stretch(seed: number, noiseMps2 = 0.1, rateHz = 100, loweringEndS = 10): Float64Array {
  const rng = createRng(seed);
  const bins = Math.round(13 / READING_BIN_S);
  const values = new Float64Array(bins);
  const perBin = Math.round(rateHz * READING_BIN_S);
  for (let k = 0; k < bins; k++) {
    let sum = 0;
    for (let q = 0; q < perBin; q++) {
      const t = (k + (q + 0.5) / perBin) * READING_BIN_S;
      const h = 1e-3;
      const speed = (at: number): number => lowering(at, 3, loweringEndS, 0.075, 0.3);
      const accel = -(speed(t + h) - speed(t - h)) / (2 * h);
      sum += STANDARD_GRAVITY_MPS2 + 0.02 + accel + rng.normal(0, noiseMps2);
    }
    values[k] = sum / perBin;
  }
  return values;
}

describe('locateLowering', () => {
  it('finds a slow lowering that read as rest from the readings between two lifts', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const found = locateLowering(stretch(seed), 0, READING_BIN_S, 0.49);
      expect(found, `seed ${seed}`).not.toBeNull();
      expect(Math.abs(found!.startS - 3.04), `seed ${seed}`).toBeLessThan(0.15);
      expect(Math.abs(found!.endS - 9.96), `seed ${seed}`).toBeLessThan(0.15);
      expect(found!.speedMps).toBeCloseTo(0.49 / (found!.endS - found!.startS - 0.2), 2);
    }
  });

  it('finds the edges of a known distance where the integrated noise wanders as far as the speed', () => {
    // At 40 Hz under 0.2 m/s^2 (0.02 g) the velocity's random walk over the 13 s reaches ~0.07 m/s,
    // the lowering's own speed: a box fitted to the integral found both edges in 15 of these 40.
    let found = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const lowering = locateLowering(stretch(seed, 0.2, 40), 0, READING_BIN_S, 0.49);
      if (lowering && Math.abs(lowering.startS - 3.04) < 0.15 && Math.abs(lowering.endS - 9.96) < 0.15)
        found++;
    }
    expect(found).toBeGreaterThanOrEqual(34);
  });

  it('wants each edge to stand out, not only the pair', () => {
    // The bar still going down when the stretch ends (a touch-and-go bottom searched for a stop): only
    // noise can pass for the end. With the pair alone judged, 39 of these 40 "found" one.
    let found = 0;
    for (let seed = 1; seed <= 40; seed++) {
      if (locateLowering(stretch(seed, 0.1, 100, 15), 0, READING_BIN_S, 0.49)) found++;
    }
    expect(found).toBeLessThanOrEqual(25);
  });

  it('finds it without knowing how far the bar went', () => {
    for (const seed of [1, 2, 3]) {
      const found = locateLowering(stretch(seed), 0, READING_BIN_S, NaN);
      expect(Math.abs(found!.startS - 3.04), `seed ${seed}`).toBeLessThan(0.15);
      expect(Math.abs(found!.endS - 9.96), `seed ${seed}`).toBeLessThan(0.15);
      expect(Math.abs(found!.speedMps - 0.075), `seed ${seed}`).toBeLessThan(0.02);
    }
  });

  it('fits the edges of a lowering of unknown depth once the box has sized it', () => {
    // The same 40 noisy stretches: the box's own edges were both within 0.15 s in 16.
    let found = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const lowering = locateLowering(stretch(seed, 0.2, 40), 0, READING_BIN_S, NaN);
      if (lowering && Math.abs(lowering.startS - 3.04) < 0.15 && Math.abs(lowering.endS - 9.96) < 0.15)
        found++;
    }
    expect(found).toBeGreaterThanOrEqual(27);
  });

  it('finds the start of a lowering that runs on past the stretch (into a touch-and-go bottom)', () => {
    // The lowering runs to 20 s, past the 13 s stretch: only its start stands in the readings.
    let found = 0;
    let midway = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const values = stretch(seed, 0.1, 100, 20);
      const start = locateLowering(values, 0, READING_BIN_S, NaN, { runsOnMps: 0.075 });
      if (start && Math.abs(start.startS - 3.04) < 0.15) found++;
      // A stretch that begins mid-lowering holds no start: nothing is still before any edge.
      const fromS = 4;
      if (
        locateLowering(values.subarray(fromS / READING_BIN_S), fromS, READING_BIN_S, NaN, {
          runsOnMps: 0.075,
        })
      )
        midway++;
    }
    expect(found).toBeGreaterThanOrEqual(36);
    expect(midway).toBeLessThanOrEqual(4);
  });

  it("finds a lowering's start when told a mean speed slower than its plateau", () => {
    // Told 0.04 m/s for the 0.075 m/s plateau (a mean over a lowering taken with its ramps and some
    // rest): the bar runs faster after the start than it was told.
    let found = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const start = locateLowering(stretch(seed, 0.1, 100, 20), 0, READING_BIN_S, NaN, { runsOnMps: 0.04 });
      if (start && Math.abs(start.startS - 3.04) < 0.15) found++;
    }
    expect(found).toBeGreaterThanOrEqual(32);
  });

  it('finds the end of a lowering that set off before the stretch (from a touch-and-go top)', () => {
    // The stretch begins at 4 s, a second into the lowering that set off at 3 s and ends at 10 s.
    let found = 0;
    let stillAtFirst = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const values = stretch(seed);
      const fromS = 4;
      const end = locateLowering(values.subarray(fromS / READING_BIN_S), fromS, READING_BIN_S, 0.49, {
        startedAtS: 3,
      });
      if (end && Math.abs(end.endS - 9.96) < 0.15 && end.startS === 3) found++;
      // From the start of the readings the bar is still for 3 s, then sets off: its start is in the
      // stretch, so it did not set off before it (at constant speed the readings are those of rest).
      if (locateLowering(values, 0, READING_BIN_S, 0.49, { startedAtS: -0.3 })) stillAtFirst++;
    }
    expect(found).toBeGreaterThanOrEqual(36);
    expect(stillAtFirst).toBe(0);
  });

  it('finds nothing in a stretch where the bar did not move', () => {
    const rng = createRng(9);
    const still = Float64Array.from({ length: 260 }, () => STANDARD_GRAVITY_MPS2 + rng.normal(0, 0.05));
    expect(locateLowering(still, 0, READING_BIN_S, 0.49)).toBeNull();
    expect(locateLowering(still, 0, READING_BIN_S, NaN)).toBeNull();
  });
});

describe('ReadingHistory', () => {
  const bias: [number, number, number] = [0.01, 0, 0];

  it('keeps bin means and takes their magnitude with the bias given', () => {
    const history = new ReadingHistory();
    for (let i = 0; i < 100; i++) history.push(i * 0.01, 0.01 + (i % 2 ? 0.002 : -0.002), 0.6, 0.8);
    const got = history.magnitudes(0.2, 0.6, bias)!;
    expect(got.startS).toBeCloseTo(0.2, 9);
    expect(got.valuesMps2).toHaveLength(8);
    for (const v of got.valuesMps2) expect(v).toBeCloseTo(STANDARD_GRAVITY_MPS2, 5);
  });

  it('refuses a span with a gap, or one it no longer holds', () => {
    const history = new ReadingHistory();
    for (let i = 0; i < 100; i++) history.push(i * 0.01, 0, 0, 1);
    for (let i = 0; i < 100; i++) history.push(1.5 + i * 0.01, 0, 0, 1);
    expect(history.magnitudes(0.5, 2, bias)).toBeNull();
    expect(history.magnitudes(1.6, 2.4, bias)).not.toBeNull();
    for (let i = 0; i < 500 * 100; i++) history.push(2.5 + i * 0.01, 0, 0, 1);
    expect(history.magnitudes(1.6, 2.4, bias)).toBeNull();
    expect(history.magnitudes(500, 501, bias)).not.toBeNull();
  });

  it('bridges a gap up to the length asked for with a line, and clips the span to what it holds', () => {
    const history = new ReadingHistory();
    // 1 g until 1 s, nothing for 0.5 s, then 1.1 g.
    for (let i = 0; i < 100; i++) history.push(i * 0.01, 0, 0, 1);
    for (let i = 0; i < 100; i++) history.push(1.5 + i * 0.01, 0, 0, 1.1);
    expect(history.magnitudesAcross(0, 3, [0, 0, 0], 0.25)).toBeNull();
    const got = history.magnitudesAcross(-5, 3, [0, 0, 0], 1)!;
    expect(got.startS).toBe(0);
    expect(got.valuesMps2).toHaveLength(50);
    const g = STANDARD_GRAVITY_MPS2;
    // Bins 20..29 are empty: a straight line from bin 19 (1 g) to bin 30 (1.1 g).
    expect(got.valuesMps2[19]).toBeCloseTo(g, 9);
    expect(got.valuesMps2[25]).toBeCloseTo(g * (1 + (0.1 * 6) / 11), 9);
    expect(got.valuesMps2[30]).toBeCloseTo(1.1 * g, 9);
    expect(history.magnitudesAcross(5, 6, [0, 0, 0], 1)).toBeNull();
  });
});
