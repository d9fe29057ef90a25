/**
 * A hand-written scanner for strict decimal numbers in CSV cells: `[+-]? (d+ [.d*] | .d+) ([eE][+-]?d+)?`,
 * optionally surrounded by spaces or tabs. No regex and no substring on the common path.
 */

// 10^0..10^22 are exact doubles: with a mantissa under 2^53, one multiplication or division by one of them is
// correctly rounded, so it gives exactly what Number() gives (Clinger's fast path).
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT_MANTISSA = 2 ** 53;

const SPACE = 32;
const TAB = 9;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_E = 101;
const UPPER_E = 69;

/**
 * The value of the strict decimal in `text[start, end)`, or NaN when the cell is anything else (empty, quoted,
 * hex, `Infinity`, odd whitespace): the caller then decides on the slow path, which also words the error.
 * A valid decimal too large for a double gives Infinity, as Number() does.
 */
export function scanDecimal(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  while (end > i && isBlank(text.charCodeAt(end - 1))) end--;
  if (i === end) return NaN;
  const first = i;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === PLUS || c === MINUS) {
    negative = c === MINUS;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    digits++;
    mantissa = mantissa * 10 + (c - ZERO);
  }
  if (i < end && text.charCodeAt(i) === DOT) {
    for (i++; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      digits++;
      fractionDigits++;
      mantissa = mantissa * 10 + (c - ZERO);
    }
  }
  if (digits === 0) return NaN;
  let exponent = 0;
  if (i < end) {
    c = text.charCodeAt(i);
    if (c !== LOWER_E && c !== UPPER_E) return NaN;
    i++;
    let exponentNegative = false;
    if (i < end) {
      c = text.charCodeAt(i);
      if (c === PLUS || c === MINUS) {
        exponentNegative = c === MINUS;
        i++;
      }
    }
    const exponentStart = i;
    for (; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) return NaN;
      // Capped: beyond 10^400 every double is 0 or Infinity; Number() below decides which.
      if (exponent < 100_000) exponent = exponent * 10 + (c - ZERO);
    }
    if (i === exponentStart) return NaN;
    if (exponentNegative) exponent = -exponent;
  }
  const power = exponent - fractionDigits;
  if (mantissa < MAX_EXACT_MANTISSA && power >= -22 && power <= 22) {
    const magnitude =
      power >= 0 ? mantissa * EXACT_POWERS_OF_TEN[power]! : mantissa / EXACT_POWERS_OF_TEN[-power]!;
    return negative ? -magnitude : magnitude;
  }
  // Already validated: only the correctly rounded conversion of long mantissas is left to the engine.
  return Number(text.slice(first, end));
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
