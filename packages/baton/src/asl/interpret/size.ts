/**
 * The 256 KiB payload quota (developer guide "Step Functions service quotas"): the UTF-8 size
 * of a value's JSON text. Every state output is measured, and outputs mostly reuse the objects
 * of their input (ResultPath adds one field to a copy of the top level), so sizes of objects
 * and long strings are memoized: measuring a new output costs only its new nodes.
 */
import type { Json } from '../../kernel/index.js';

export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** Values are never mutated once built, which is what makes memoizing by identity sound. */
const objectSizes = new WeakMap<object, number>();
const LONG_STRING = 256;
const longStringSizes = new Map<string, number>();

export function exceedsBytes(value: Json, limit = MAX_PAYLOAD_BYTES): boolean {
  return jsonByteLength(value) > limit;
}

/** Bytes of `JSON.stringify(value)` in UTF-8. */
export function jsonByteLength(value: Json): number {
  switch (typeof value) {
    case 'string':
      return stringSize(value);
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    default:
      break;
  }
  if (value === null) return 4;
  const known = objectSizes.get(value);
  if (known !== undefined) return known;
  let size = 2;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) size += (i > 0 ? 1 : 0) + jsonByteLength(value[i]!);
  } else {
    let first = true;
    for (const key in value) {
      size += (first ? 0 : 1) + stringSize(key) + 1 + jsonByteLength(value[key]!);
      first = false;
    }
  }
  objectSizes.set(value, size);
  return size;
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
