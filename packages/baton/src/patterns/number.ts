/**
 * Order-preserving number encoding (event-ruler's ComparableNumber, without floating point).
 *
 * EventBridge compares numbers exactly, by decimal value, within ±5,000,000,000 and to six
 * digits after the point; a number outside that (an account id, 1e-7) is not comparable
 * and only ever matches a literal with the same text. We turn a decimal literal into a
 * fixed-width string whose code-unit order is numeric order, so equality is string
 * equality and a numeric range is a pair of string comparisons — the compiled matcher sorts
 * and indexes these keys like any other string. The text is never routed through a double:
 * `300`, `300.0` and `3.0e2` give one key, while `27.807807921694092` (more than six
 * decimals) gives none rather than a rounded one.
 *
 * Key layout (17 code units): a sign mark, ten integer digits, six fraction digits.
 * Positive numbers (and zero) use 'P' and the digits; negative numbers use 'N' and the
 * nines' complement of the digits, so a larger magnitude sorts lower. 'N' < 'P'.
 */
import type { Brand } from '../kernel/index.js';

export type NumberKey = Brand<string, 'NumberKey'>;

/** The largest magnitude AWS compares numerically. */
const MAX_INTEGER_PART = '5000000000';
const INTEGER_DIGITS = 10;
const FRACTION_DIGITS = 6;

export type NumberKeyResult =
  | { readonly ok: true; readonly key: NumberKey }
  | { readonly ok: false; readonly reason: 'precision' | 'range' | 'syntax' };

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Encodes a decimal literal (JSON number syntax; a leading `+` is accepted for SNS attributes). */
export function encodeNumber(text: string): NumberKeyResult {
  if (isPlainInteger(text)) {
    const intPart = text.padStart(INTEGER_DIGITS, '0');
    if (intPart > MAX_INTEGER_PART) return { ok: false, reason: 'range' };
    return { ok: true, key: `P${intPart}${ZERO_FRACTION}` as NumberKey };
  }
  const m = DECIMAL.exec(text);
  if (m === null || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return { ok: false, reason: 'syntax' };
  const negative = m[1] === '-';
  const digits = `${m[2]}${m[3] ?? ''}`;
  const first = firstNonZero(digits);
  if (first < 0) return { ok: true, key: zeroKey() };
  // Position of the decimal point in `digits` once the exponent is applied. Exponents are
  // clamped: anything beyond ±400 is far outside both the range and the precision.
  const exponent = m[4] === undefined ? 0 : clamp(Number.parseInt(m[4], 10), -400, 400);
  const point = (m[2] as string).length + exponent;
  const last = lastNonZero(digits);
  if (last + 1 - point > FRACTION_DIGITS) return { ok: false, reason: 'precision' };
  if (point - first > INTEGER_DIGITS) return { ok: false, reason: 'range' };
  const integer = point <= first ? '' : sliceWithZeros(digits, first, point);
  const fraction =
    last < point ? '' : sliceWithZeros(digits, Math.max(point, 0), last + 1).padStart(last + 1 - point, '0');
  const intPart = integer.padStart(INTEGER_DIGITS, '0');
  if (intPart > MAX_INTEGER_PART || (intPart === MAX_INTEGER_PART && fraction !== '')) {
    return { ok: false, reason: 'range' };
  }
  const body = intPart + fraction.padEnd(FRACTION_DIGITS, '0');
  return { ok: true, key: (negative ? `N${complement(body)}` : `P${body}`) as NumberKey };
}

/** The key of a number, or undefined when AWS would not compare it numerically. */
export function numberKey(text: string): NumberKey | undefined {
  const r = encodeNumber(text);
  return r.ok ? r.key : undefined;
}

/** The message event-ruler gives when a pattern operand cannot be encoded. */
export function numberErrorMessage(reason: 'precision' | 'range' | 'syntax'): string {
  if (reason === 'precision') return 'Only values upto 6 decimals are supported';
  if (reason === 'range') return 'Value must be between -5.0E9 and 5.0E9, inclusive';
  return 'Value must be numeric';
}

const ZERO_FRACTION = '0'.repeat(FRACTION_DIGITS);

/**
 * Digits only, without a leading zero (or `0` itself), short enough for the integer part:
 * the usual event number, encoded without the general parser.
 */
function isPlainInteger(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > INTEGER_DIGITS || (n > 1 && text.charCodeAt(0) === 0x30)) return false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function zeroKey(): NumberKey {
  return `P${'0'.repeat(INTEGER_DIGITS + FRACTION_DIGITS)}` as NumberKey;
}

function firstNonZero(digits: string): number {
  for (let i = 0; i < digits.length; i++) if (digits.charCodeAt(i) !== 0x30) return i;
  return -1;
}

function lastNonZero(digits: string): number {
  for (let i = digits.length - 1; i >= 0; i--) if (digits.charCodeAt(i) !== 0x30) return i;
  return -1;
}

/** `digits[from, to)`, reading positions past the end as zeros. */
function sliceWithZeros(digits: string, from: number, to: number): string {
  const inside = digits.slice(from, Math.min(to, digits.length));
  return to > digits.length ? inside + '0'.repeat(to - digits.length) : inside;
}

function complement(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) out += String.fromCharCode(0x69 - body.charCodeAt(i));
  return out;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}
