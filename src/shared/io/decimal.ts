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

/** Scans a number where a cell starts; reused, so reading a row allocates nothing but the sample. */
export class DecimalScanner {
  /** The value of the last successful scan. */
  value = 0;

  /**
   * Scans blanks, a strict decimal and blanks from `start` (not past `limit`); returns where it stopped (the
   * cell's end if the cell was a number: a comma or `limit`), or -1 when no decimal starts there. A valid
   * decimal too large for a double gives Infinity, as Number() does.
   */
  scan(text: string, start: number, limit: number): number {
    let i = start;
    let c = text.charCodeAt(i);
    while (i < limit && (c === SPACE || c === TAB)) c = text.charCodeAt(++i);
    const first = i;
    let negative = false;
    if (i < limit && (c === PLUS || c === MINUS)) {
      negative = c === MINUS;
      c = text.charCodeAt(++i);
    }
    let mantissa = 0;
    let digits = 0;
    while (i < limit && c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      digits++;
      c = text.charCodeAt(++i);
    }
    let fractionDigits = 0;
    if (i < limit && c === DOT) {
      c = text.charCodeAt(++i);
      while (i < limit && c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        fractionDigits++;
        c = text.charCodeAt(++i);
      }
      digits += fractionDigits;
    }
    if (digits === 0) return -1;
    let exponent = 0;
    if (i < limit && (c === LOWER_E || c === UPPER_E)) {
      c = text.charCodeAt(++i);
      let exponentNegative = false;
      if (i < limit && (c === PLUS || c === MINUS)) {
        exponentNegative = c === MINUS;
        c = text.charCodeAt(++i);
      }
      const exponentStart = i;
      while (i < limit && c >= ZERO && c <= NINE) {
        // Capped: beyond 10^400 every double is 0 or Infinity; Number() below decides which.
        if (exponent < 100_000) exponent = exponent * 10 + (c - ZERO);
        c = text.charCodeAt(++i);
      }
      if (i === exponentStart) return -1;
      if (exponentNegative) exponent = -exponent;
    }
    const end = i;
    while (i < limit && (c === SPACE || c === TAB)) c = text.charCodeAt(++i);
    const power = exponent - fractionDigits;
    if (mantissa < MAX_EXACT_MANTISSA && power >= -22 && power <= 22) {
      const magnitude =
        power >= 0 ? mantissa * EXACT_POWERS_OF_TEN[power]! : mantissa / EXACT_POWERS_OF_TEN[-power]!;
      this.value = negative ? -magnitude : magnitude;
    } else {
      // Already validated: only the correctly rounded conversion of long mantissas is left to Number().
      this.value = Number(text.slice(first, end));
    }
    return i;
  }
}

const scanner = new DecimalScanner();

/** The value of the strict decimal that is all of `text[start, end)` (blanks aside), else NaN. */
export function scanDecimal(text: string, start: number, end: number): number {
  return scanner.scan(text, start, end) === end ? scanner.value : NaN;
}
