/** A short, harsh double beep for a rushed negative: audible over gym music without looking at the screen. */
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
