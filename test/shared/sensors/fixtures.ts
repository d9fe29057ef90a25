import { expect } from 'vitest';
import { parseHex } from '../../../src/shared/sensors';

/** Hex (spaces allowed) to bytes; fixtures are trusted, so a bad one fails the test loudly. */
export function hex(text: string): Uint8Array {
  const bytes = parseHex(text);
  if (typeof bytes === 'string') throw new Error(`bad fixture hex: ${bytes}`);
  return bytes;
}

/** Asserts `actual` equals a value PROTOCOLS.md prints, to the number of decimals it prints. */
export function expectDoc(actual: number | undefined, doc: string): void {
  const decimals = doc.includes('.') ? (doc.split('.')[1] ?? '').length : 0;
  expect(actual).toBeDefined();
  expect(Math.abs((actual ?? NaN) - Number(doc))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

/** Example packets exactly as PROTOCOLS.md gives them (section in the name). */
export const DOC = {
  /** §1: one 20-byte data packet and the full 80-byte notification. */
  witmotionPacket: '5561fcffefff110800000000000098ff0d00f831',
  witmotionNotify:
    '5561fcffefff110800000000000098ff0d00f831 5561fdffecff0e0800000000000098ff0d00f831 ' +
    '5561fdffecff0e0800000000000098ff0d00f831 5561feffe9ff0f0800000000000098ff0d00f831',
  /** §2: SDK raw type 1 frame, compressed 0x81 content, and the start of a real H10 capture. */
  polarRaw: '02 00 94 35 77 00 00 00 00 01 F7 FF FF FF E7 03 F8 FF FE FF E5 03',
  polarDeltaContent: 'F1 FF 14 00 F0 03 06 01 7B 0F 08',
  polarH10CaptureStart: '02 EA 54 A2 42 8B 45 52 08 01 45 FF E4 FF B5 03',
  polarStartH10: '02 02 00 01 c8 00 01 01 10 00 02 01 08 00',
  /** §3 */
  metamotionSingle4g: '03 04 16 c4 94 a2 2a d0',
  metamotionPacked8g: '03 1c 62 b7 53 0d e9 fd 16 d0 4d 0e 57 02 8a ff a1 05 0a 01',
  /** §5: acc part of a flat reading; config for 100 Hz keeping defaults. */
  thingyFlatAcc: 'FAFF F4FF F603',
  thingyConfig100Hz: 'e8 03 f4 01 f4 01 64 00 01',
  /** docs/OPEN-PROFILE.md worked examples. */
  openExample:
    'b1 01 02 01 40 42 0f 00 88 13 10 02 d0 07 33 ff 66 00 00 08 a4 00 b8 fe 00 00 00 00 00 00 00 10 00 00 00 00 66 06',
  openAccOnlyMs: 'b1 02 07 00 40 e2 01 00 10 27 08 01 00 00 00 00 00 10',
} as const;

/** Bytes of a Movesense GSP notification: `[type][ref]` + uint32 ms + float32 vectors (§4 layout). */
export function movesenseData(type: number, ref: number, ms: number, vectors: number[][]): Uint8Array {
  const bytes = new Uint8Array(6 + 12 * vectors.length);
  const dv = new DataView(bytes.buffer);
  bytes[0] = type;
  bytes[1] = ref;
  dv.setUint32(2, ms, true);
  vectors.forEach((v, i) => v.forEach((x, a) => dv.setFloat32(6 + 12 * i + 4 * a, x, true)));
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
