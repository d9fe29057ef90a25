/**
 * UUID normalisation (PROTOCOLS.md §0): noble reports 16-bit UUIDs as `180f` and 128-bit ones as 32
 * lowercase hex digits; docs write them with dashes. We compare everything as 32 lowercase hex digits.
 */

/** Bluetooth SIG base UUID `0000xxxx-0000-1000-8000-00805f9b34fb`, tail after the 32-bit field. */
const SIG_BASE_TAIL = '00001000800000805f9b34fb';

/**
 * `180f`, `0x180F`, `0000180f`, `0000180F-0000-1000-8000-00805F9B34FB` and `0000180f00001000800000805f9b34fb`
 * all become `0000180f00001000800000805f9b34fb`. Returns undefined for anything that is not a UUID.
 */
export function normalizeUuid(uuid: string): string | undefined {
  const hex = uuid.trim().toLowerCase().replace(/^0x/, '').replace(/-/g, '');
  if (!/^[0-9a-f]+$/.test(hex)) return undefined;
  if (hex.length === 4) return `0000${hex}${SIG_BASE_TAIL}`;
  if (hex.length === 8) return `${hex}${SIG_BASE_TAIL}`;
  if (hex.length === 32) return hex;
  return undefined;
}

/** Same UUID after normalisation (false when either is not a UUID). */
export function sameUuid(a: string, b: string): boolean {
  const na = normalizeUuid(a);
  return na !== undefined && na === normalizeUuid(b);
}
