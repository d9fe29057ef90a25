/**
 * A hand-made bar recording, independent of the simulator: vertical reps with a smooth rest-to-rest velocity
 * profile v(t) = (D/T)(1 - cos(2 pi t / T)) per phase, the sensor z axis pointing up (1 g at rest). A little
 * deterministic noise is added because a real sensor never repeats a reading exactly, and the engine drops exact
 * repeats as BLE resends.
 */
export interface MotionRep {
  eccentricS: number;
  bottomPauseS: number;
  concentricS: number;
  topPauseS: number;
}

const G_MPS2 = 9.80665;

export function motionCsv(reps: readonly MotionRep[], rateHz = 100, romM = 0.5, restS = 2): string {
  // Segments of [duration, signed distance] (down is negative).
  const segments: [number, number][] = [[restS, 0]];
  for (const r of reps) {
    segments.push([r.eccentricS, -romM], [r.bottomPauseS, 0], [r.concentricS, romM], [r.topPauseS, 0]);
  }
  segments.push([restS, 0]);
  const totalS = segments.reduce((s, [d]) => s + d, 0);
  const rows = ['t,ax,ay,az'];
  let seed = 12345;
  const noiseG = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648 - 0.5) * 0.004;
  };
  for (let i = 0; i * (1 / rateHz) <= totalS; i++) {
    const t = i / rateHz;
    const az = 1 + accelAt(segments, t) / G_MPS2 + noiseG();
    rows.push(`${t.toFixed(4)},${noiseG().toFixed(6)},${noiseG().toFixed(6)},${az.toFixed(6)}`);
  }
  return rows.join('\n') + '\n';
}

function accelAt(segments: readonly [number, number][], t: number): number {
  let start = 0;
  for (const [durationS, distanceM] of segments) {
    if (t < start + durationS) {
      if (distanceM === 0 || durationS === 0) return 0;
      const w = (2 * Math.PI) / durationS;
      return (distanceM / durationS) * w * Math.sin(w * (t - start));
    }
    start += durationS;
  }
  return 0;
}
