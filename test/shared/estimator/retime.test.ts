import { describe, expect, it } from 'vitest';
import { smoothCycleVelocity } from '../../../src/shared/estimator/bridge';
import { readCycleEdges } from '../../../src/shared/estimator/edges';
import { readRecording, verticalAccelMps2 } from '../../../src/shared/estimator/vertical';
import { STANDARD_GRAVITY_MPS2 } from '../../../src/shared/engine/vertical';
import type { CleanSample } from '../../../src/shared/engine/clean';
import { createRng } from '../../../src/shared/sim';

/**
 * One synthetic rep with a known velocity profile: a sin^2 lowering and a sin^2 lift (whose 5% points are
 * 0.0718 of their length in from their ends), rests around them. The sensor's z axis points up.
 */
const HZ = 100;
const EDGE_IN = Math.asin(Math.sqrt(0.05)) / Math.PI;

interface Lobe {
  startS: number;
  durationS: number;
  peakMps: number;
  /** A half-sine start or end (a bounce: the speed crosses zero at a slope) instead of sin^2 (from rest). */
  bounceStart?: boolean;
  bounceEnd?: boolean;
}

function velocityAt(tS: number, lobes: readonly Lobe[]): { v: number; a: number } {
  for (const l of lobes) {
    const x = (tS - l.startS) / l.durationS;
    if (x >= 0 && x <= 1) {
      if ((x < 0.5 && l.bounceStart === true) || (x >= 0.5 && l.bounceEnd === true)) {
        return {
          v: l.peakMps * Math.sin(Math.PI * x),
          a: ((l.peakMps * Math.PI) / l.durationS) * Math.cos(Math.PI * x),
        };
      }
      return {
        v: l.peakMps * Math.sin(Math.PI * x) ** 2,
        a: ((l.peakMps * Math.PI) / l.durationS) * Math.sin(2 * Math.PI * x),
      };
    }
  }
  return { v: 0, a: 0 };
}

function synthesize(
  lobes: readonly Lobe[],
  endS: number,
  noiseG: number,
  offsetG = 0,
  seed = 7,
): CleanSample[] {
  const rng = createRng(seed);
  const out: CleanSample[] = [];
  for (let i = 0; i * (1 / HZ) <= endS; i++) {
    const t = i / HZ;
    const { a } = velocityAt(t, lobes);
    out.push({
      t,
      ax: rng.normal(0, noiseG),
      ay: rng.normal(0, noiseG),
      az: 1 + offsetG + a / STANDARD_GRAVITY_MPS2 + rng.normal(0, noiseG),
      gx: NaN,
      gy: NaN,
      gz: NaN,
    });
  }
  return out;
}

function fitCycle(samples: CleanSample[], fromS: number, toS: number) {
  const r = readRecording(samples);
  const from = Math.round(fromS * HZ);
  const to = Math.round(toS * HZ);
  const velocity = smoothCycleVelocity(r.tS.subarray(from, to + 1), verticalAccelMps2(r, from, to), {
    noiseDensityMps: Math.max(r.noiseG, 1e-4) * STANDARD_GRAVITY_MPS2 * Math.sqrt(1 / HZ),
    offsetSigmaMps2: 0.1,
    heightSigmaM: 0.01,
    endSpeedSigmaMps: 0.01,
  });
  return { velocity, edges: readCycleEdges(velocity) };
}

// Rest, top pause, a 4 s lowering (0.6 m), a 0.5 s bottom pause, a 1.2 s lift, rest.
const LOWERING: Lobe = { startS: 2, durationS: 4, peakMps: -0.3 };
const LIFT: Lobe = { startS: 6.5, durationS: 1.2, peakMps: 1.0 };
const TRUE_ECC = { startS: 2 + EDGE_IN * 4, endS: 6 - EDGE_IN * 4 };
const TRUE_CON = { startS: 6.5 + EDGE_IN * 1.2, endS: 7.7 - EDGE_IN * 1.2 };

describe('offline re-timing of one cycle', () => {
  it('recovers the 5% edges of a noise-free rep, and a gravity offset does not move them', () => {
    for (const offsetG of [0, 0.004]) {
      const { velocity, edges } = fitCycle(synthesize([LOWERING, LIFT], 9, 0, offsetG), 0.5, 8.5);
      expect(edges).not.toBeNull();
      expect(edges!.eccentric.start.atS).toBeCloseTo(TRUE_ECC.startS, 2);
      expect(edges!.eccentric.end.atS).toBeCloseTo(TRUE_ECC.endS, 2);
      expect(edges!.concentric.start.atS).toBeCloseTo(TRUE_CON.startS, 2);
      expect(edges!.concentric.end.atS).toBeCloseTo(TRUE_CON.endS, 2);
      expect(edges!.eccentric.start.kind).toBe('rest');
      expect(edges!.eccentric.peakSpeedMps).toBeCloseTo(0.3, 2);
      // Still at the end and back at the starting height: the constraints hold.
      expect(Math.abs(velocity.velocityMps.at(-1)!)).toBeLessThan(0.01);
      expect(Math.abs(velocity.positionM.at(-1)!)).toBeLessThan(0.01);
    }
  });

  it('with sensor noise, the edges stay within their stated uncertainty and the tolerance', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { edges } = fitCycle(synthesize([LOWERING, LIFT], 9, 0.005, 0.002, seed), 0.5, 8.5);
      const ecc = edges!.eccentric;
      const durationErrS = ecc.durationS - (TRUE_ECC.endS - TRUE_ECC.startS);
      expect(Math.abs(durationErrS)).toBeLessThan(Math.max(0.04, 0.03 * 3.43));
      expect(ecc.durationSdS).toBeGreaterThan(0);
      expect(Math.abs(durationErrS)).toBeLessThan(4 * ecc.durationSdS + 0.02);
    }
  });

  it('times a touch-and-go bottom at the zero crossing', () => {
    const lowering: Lobe = { ...LOWERING, bounceEnd: true };
    const lift: Lobe = { startS: 6, durationS: 1.2, peakMps: 1.0, bounceStart: true };
    const { edges } = fitCycle(synthesize([lowering, lift], 8.5, 0), 0.5, 8);
    expect(edges!.eccentric.end.kind).toBe('turnaround');
    // The synthetic acceleration jumps at the bounce (0.24 -> 2.6 m/s^2): half a sample of it, 12 mm/s.
    expect(Math.abs(edges!.eccentric.end.atS - 6)).toBeLessThan(0.03);
    expect(edges!.concentric.start.atS).toBe(edges!.eccentric.end.atS);
    expect(edges!.eccentric.start.kind).toBe('rest');
  });

  it('does not take a top pause into the lowering, as the start of the integration would', () => {
    const lowering: Lobe = { startS: 3.5, durationS: 4, peakMps: -0.3 };
    const lift: Lobe = { startS: 8, durationS: 1.2, peakMps: 1.0 };
    const { edges } = fitCycle(synthesize([lowering, lift], 10.5, 0.003, 0, 9), 0.5, 10);
    expect(edges!.eccentric.start.atS).toBeGreaterThan(3.5 + EDGE_IN * 4 - 0.06);
    expect(edges!.eccentric.start.atS).toBeLessThan(3.5 + EDGE_IN * 4 + 0.06);
  });
});
