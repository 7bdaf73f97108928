/**
 * The 256 KiB payload quota (developer guide "Step Functions service quotas"): the UTF-8 size
 * of a value's JSON text. Every state output is checked, but rarely measured: the compiled data
 * flow gives an upper bound of each output from bounds of its input and result (see
 * compile/size-bounds.ts), and only a value whose bound is unknown or past the quota is
 * measured. Bounds never under-report, so the outcome is the one exact measuring would give.
 */
import type { Json } from '../kernel/index.js';

export const MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * The size to check against the quota: `bound` when it proves the value within it, else (a bound
 * past the quota, or Infinity for none) the exact size.
 */
export function checkedBytes(value: Json, bound: number): number {
  return bound <= MAX_PAYLOAD_BYTES ? bound : jsonByteLength(value);
}

/**
 * A bound as execution state keeps it (Flow.inputBytes, FanOut.resultBytes): JSON turns Infinity
 * (unknown) into null, which would compare as 0, and states persisted before bounds have none.
 */
export function storedBound(bound: number | null | undefined): number {
  return bound ?? Number.POSITIVE_INFINITY;
}

/**
 * Sizes of the objects inside measured values, by identity: values are never mutated once
 * built, and later values reuse the parts of earlier ones (ResultPath adds one field to a copy
 * of the top level), so measuring a value costs only its new parts. The value measured itself
 * is usually new and seen once (a task's result, an output whose bound was unknown), so it is
 * memoized only when walking it again would cost more than memoizing it (a WeakMap entry costs
 * as much as visiting a few dozen members).
 */
const objectSizes = new WeakMap<object, number>();
const MEMOIZED_ROOT_BYTES = 1024;
const LONG_STRING = 256;
const longStringSizes = new Map<string, number>();

/** Bytes of `JSON.stringify(value)` in UTF-8. */
export function jsonByteLength(value: Json): number {
  return sizeOf(value, MEMOIZED_ROOT_BYTES);
}

/** Measures `value`, memoizing it if it measures at least `memoizeFrom` bytes; its parts always are. */
function sizeOf(value: Json, memoizeFrom: number): number {
  if (typeof value !== 'object' || value === null) return scalarSize(value);
  const known = objectSizes.get(value);
  if (known !== undefined) return known;
  let size = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) size += (i > 0 ? 1 : 0) + sizeOf(value[i]!, 0);
  } else {
    let first = true;
    for (const key in value) {
      size += (first ? 0 : 1) + stringSize(key) + 1 + sizeOf(value[key]!, 0);
      first = false;
    }
  }
  if (size >= memoizeFrom) objectSizes.set(value, size);
  return size;
}

function scalarSize(value: string | number | boolean | null): number {
  switch (typeof value) {
    case 'string':
      return stringSize(value);
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    default:
      return 4;
  }
}

function stringSize(s: string): number {
  if (s.length < LONG_STRING) return quotedSize(s);
  let size = longStringSizes.get(s);
  if (size === undefined) {
    size = quotedSize(s);
    if (longStringSizes.size > 1024) longStringSizes.clear();
    longStringSizes.set(s, size);
  }
  return size;
}

/** The quoted, escaped JSON form of a string, in UTF-8 bytes. */
function quotedSize(s: string): number {
  let size = 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x0c || c === 0x0a || c === 0x0d || c === 0x09) size += 2;
    else if (c < 0x20) size += 6;
    else if (c < 0x80) size += 1;
    else if (c < 0x800) size += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      size += 4;
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) size += 6;
    else size += 3;
  }
  return size;
}
