/**
 * A hand-written scanner for strict decimal numbers in CSV cells: `[+-]? (d+ [.d*] | .d+) ([eE][+-]?d+)?`,
 * optionally surrounded by spaces or tabs. No regex and no substring on the common path.
 */

// 10^0..10^22 are exact doubles: with a mantissa under 2^53, one multiplication or division by one of them is
// correctly rounded, so it gives exactly what Number() gives (Clinger's fast path). Longer mantissas are
// checked exactly (longQuotient).
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

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
  let fractionDigits = 0;
  let c = text.charCodeAt(i);
  if (c === PLUS || c === MINUS) {
    negative = c === MINUS;
    i++;
  }
  // The mantissa exactly, as head * 10^tailDigits + tail: head while it stays under 2^53.
  let head = 0;
  let tail = 0;
  let tailDigits = 0;
  let digits = 0;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) break;
    digits++;
    if (head < MAX_HEAD) head = head * 10 + (c - ZERO);
    else {
      tail = tail * 10 + (c - ZERO);
      tailDigits++;
    }
  }
  if (i < end && text.charCodeAt(i) === DOT) {
    for (i++; i < end; i++) {
      c = text.charCodeAt(i);
      if (c < ZERO || c > NINE) break;
      digits++;
      fractionDigits++;
      if (head < MAX_HEAD) head = head * 10 + (c - ZERO);
      else {
        tail = tail * 10 + (c - ZERO);
        tailDigits++;
      }
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
  if (tailDigits === 0 && power >= -22 && power <= 22) {
    const magnitude = power >= 0 ? head * EXACT_POWERS_OF_TEN[power]! : head / EXACT_POWERS_OF_TEN[-power]!;
    return negative ? -magnitude : magnitude;
  }
  // 16-19 digits (what shortest round-trip printing gives for most readings) divided by a power of ten.
  if (tailDigits <= 4 && power < 0 && power >= -22) {
    const magnitude = longQuotient(head, tail, tailDigits, EXACT_POWERS_OF_TEN[-power]!);
    if (magnitude === magnitude) return negative ? -magnitude : magnitude;
  }
  // Already validated: the rare rest (huge exponents, 20+ digits, a near tie) is left to Number().
  return Number(text.slice(first, end));
}

/** Digits go to the head while it stays under 2^53 after one more. */
const MAX_HEAD = Math.floor((2 ** 53 - 9) / 10);
const VELTKAMP = 2 ** 27 + 1;
const TWO_26 = 2 ** 26;
/** Residuals this close (relative) to half an ulp are near ties: Number() decides those. */
const TIE_MARGIN = 2 ** -20;
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * (head * 10^tailDigits + tail) / divisor correctly rounded, for a mantissa of 2^53 up to 10^20 and an exact
 * power of ten: a first guess, then the exact residual mantissa - guess * divisor (Dekker's exact products)
 * against half an ulp, stepping one ulp at a time. NaN when it is too close to call.
 */
function longQuotient(head: number, tail: number, tailDigits: number, divisor: number): number {
  const scale = EXACT_POWERS_OF_TEN[tailDigits]!;
  // mantissa = high + low exactly: head's top 27 bits times scale (<= 41 bits) and the rest (< 2^41).
  const headLow = head % TWO_26;
  const high = (head - headLow) * scale;
  const low = headLow * scale + tail;
  let guess = (high + low) / divisor;
  for (let step = 0; step < 3; step++) {
    const product = guess * divisor;
    const error = twoProductError(guess, divisor, product);
    // high - product is exact (they are within a factor of 2); the rest is tiny next to half an ulp.
    const residual = high - product + (low - error);
    if (residual === 0) return guess;
    const neighbour = residual > 0 ? nextUp(guess) : nextDown(guess);
    const halfGap = (Math.abs(neighbour - guess) * divisor) / 2;
    const excess = Math.abs(residual) - halfGap;
    if (excess < -halfGap * TIE_MARGIN) return guess;
    if (excess <= halfGap * TIE_MARGIN) return NaN;
    guess = neighbour;
  }
  return NaN;
}

/** a * b - product exactly, for product = fl(a * b) (Dekker, no fused multiply-add). */
function twoProductError(a: number, b: number, product: number): number {
  let t = VELTKAMP * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = VELTKAMP * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/** The next double up from a positive finite x. */
function nextUp(x: number): number {
  bits[0] = x;
  if (words[LOW] === 0xffffffff) {
    words[LOW] = 0;
    words[1 - LOW]!++;
  } else words[LOW]!++;
  return bits[0];
}

/** The next double down from a positive normal x. */
function nextDown(x: number): number {
  bits[0] = x;
  if (words[LOW] === 0) {
    words[LOW] = 0xffffffff;
    words[1 - LOW]!--;
  } else words[LOW]!--;
  return bits[0];
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
