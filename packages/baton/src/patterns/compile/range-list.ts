/**
 * Numeric ranges over order-preserving number keys (number.ts), so bounds compare as
 * strings. Kept sorted by lower bound; a lookup cuts the list by binary search at the
 * value and checks upper bounds only of ranges that start at or below it.
 */
import type { Bound } from '../ir.js';
import type { NumberKey } from '../number.js';

interface Range<V> {
  readonly lower: Bound | undefined;
  readonly upper: Bound | undefined;
  readonly value: V;
}

export class RangeList<V> {
  private ranges: Range<V>[] = [];
  private sorted = true;

  get size(): number {
    return this.ranges.length;
  }

  add(lower: Bound | undefined, upper: Bound | undefined, value: V): void {
    this.ranges.push({ lower, upper, value });
    this.sorted = false;
  }

  remove(value: V): void {
    const i = this.ranges.findIndex((r) => r.value === value);
    if (i >= 0) this.ranges.splice(i, 1);
  }

  /** Appends to `into` the value of every range holding `key`. */
  collect(key: NumberKey, into: V[]): void {
    const rs = this.ranges;
    if (rs.length === 0) return;
    if (!this.sorted) {
      rs.sort((a, b) => (lowKey(a) < lowKey(b) ? -1 : lowKey(a) > lowKey(b) ? 1 : 0));
      this.sorted = true;
    }
    // First range whose lower bound key is above `key`: none from there on can hold it.
    let lo = 0;
    let hi = rs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lowKey(rs[mid]!) <= key) lo = mid + 1;
      else hi = mid;
    }
    for (let i = 0; i < lo; i++) {
      const r = rs[i]!;
      if (r.lower !== undefined && r.lower.key === key && !r.lower.inclusive) continue;
      if (r.upper !== undefined && (r.upper.key < key || (r.upper.key === key && !r.upper.inclusive))) continue;
      into.push(r.value);
    }
  }
}

/** Unbounded below sorts first: '' precedes every key. */
function lowKey<V>(r: Range<V>): string {
  return r.lower === undefined ? '' : r.lower.key;
}
