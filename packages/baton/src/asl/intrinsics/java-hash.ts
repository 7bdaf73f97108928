/**
 * The order in which a Java HashSet hands back JSON values, because that is the order AWS's
 * States.ArrayUnique returns: recorded runs give `[false, true]` for `[true, false, true, false]`,
 * `[[2, 1], [1, 2]]` for `[[1, 2], [1, 2], [2, 1]]` and `[null, 1]` for `[null, null, 1, null]`,
 * each what `new HashSet<>(list)` of the values as Java objects (Integer, Long, Double, String,
 * Boolean, null, ArrayList, LinkedHashMap) iterates. Equality is Java's too: an object equals one
 * with the same members in another order.
 *
 * Not modelled: the tree bins Java switches a bucket to after eight collisions in a large table.
 */
import { type Json, jsonEquals } from '../../kernel/index.js';

export function javaHashSetOrder(values: readonly Json[]): Json[] {
  // HashSet(Collection) sizes its table once, for all elements, so it never resizes while filling.
  const capacity = tableSizeFor(Math.max(Math.floor(values.length / 0.75) + 1, 16));
  const buckets: Json[][] = [];
  for (const v of values) {
    const h = javaHashCode(v);
    const index = (h ^ (h >>> 16)) & (capacity - 1);
    const bucket = (buckets[index] ??= []);
    if (!bucket.some((existing) => jsonEquals(existing, v))) bucket.push(v);
  }
  return buckets.flat(1);
}

function tableSizeFor(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

export function javaHashCode(v: Json): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1231 : 1237;
  if (typeof v === 'string') return stringHash(v);
  if (typeof v === 'number') return numberHash(v);
  if (Array.isArray(v)) {
    let h = 1;
    for (const e of v) h = (Math.imul(31, h) + javaHashCode(e)) | 0;
    return h;
  }
  let h = 0;
  for (const [k, x] of Object.entries(v)) h = (h + (stringHash(k) ^ javaHashCode(x))) | 0;
  return h;
}

function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

const doubleBits = new DataView(new ArrayBuffer(8));

function numberHash(n: number): number {
  if (Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31) return n | 0; // Integer
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) {
    const bits = BigInt.asUintN(64, BigInt(n)); // Long: (int) (value ^ (value >>> 32))
    return Number(BigInt.asIntN(32, bits ^ (bits >> 32n)));
  }
  doubleBits.setFloat64(0, n); // Double: the same fold over doubleToLongBits
  return (doubleBits.getInt32(0) ^ doubleBits.getInt32(4)) | 0;
}
