/**
 * The screen's sounds (Web Audio): a harsh double beep for a rushed negative, audible over gym music
 * without looking at the screen, and the metronome's soft ticks, pitched apart from it.
 */
let ctx: AudioContext | null = null;

/** Call from a user gesture (Start / Space) so the browser's autoplay policy lets later beeps play. */
export function primeAudio(): void {
  try {
    ctx ??= new AudioContext();
    void ctx.resume();
  } catch {
    ctx = null; // No audio device: the visual flash still works.
  }
}

export function beep(): void {
  primeAudio();
  if (!ctx) return;
  const t0 = ctx.currentTime;
  for (const offset of [0, 0.16]) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'square';
    osc.frequency.value = 1320;
    gain.gain.setValueAtTime(0.0001, t0 + offset);
    gain.gain.exponentialRampToValueAtTime(0.3, t0 + offset + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + offset + 0.12);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + offset);
    osc.stop(t0 + offset + 0.13);
  }
}

/** Metronome pitches: each second, and the prescribed negative's last second (higher, longer). */
export const TICK_HZ = 880;
export const LAST_TICK_HZ = 1760;

/**
 * Schedules one metronome tick `inS` seconds from now on the audio clock (exact, unlike a timer).
 * Returns the node so a tick can be cancelled, or null without audio.
 */
export function scheduleTick(inS: number, last: boolean): OscillatorNode | null {
  primeAudio();
  if (!ctx) return null;
  const t0 = ctx.currentTime + Math.max(0, inS);
  const lengthS = last ? 0.12 : 0.05;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.value = last ? LAST_TICK_HZ : TICK_HZ;
  gain.gain.setValueAtTime(0.0001, t0);
  gain.gain.exponentialRampToValueAtTime(0.4, t0 + 0.005);
  gain.gain.exponentialRampToValueAtTime(0.0001, t0 + lengthS);
  osc.connect(gain).connect(ctx.destination);
  osc.start(t0);
  osc.stop(t0 + lengthS + 0.01);
  return osc;
}
