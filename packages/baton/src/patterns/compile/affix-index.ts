/**
 * Prefixes (or suffixes) by value. A lookup looks at each length some affix has, shortest first:
 * the value's character at that length's far end (the last character of a prefix, the first of
 * a suffix) must be one that some affix of that length ends with — a bit test that turns most
 * lengths away at once — and only then is the value's head (or tail) of that length hashed and
 * looked up, the hit confirmed by comparing the affix itself. No substring is made, and the cost
 * does not grow with the number of affixes.
 */
interface Bucket<V> {
  readonly affix: string;
  readonly values: V[];
}

/**
 * One length in use: how many affixes have it, and the far-end characters they end with (ASCII
 * as bits, each with its count so that a removal can clear its bit; any other character passes).
 */
interface Length {
  readonly n: number;
  affixes: number;
  readonly farEnds: Uint32Array;
  readonly farEndCounts: Map<number, number>;
}

export class AffixIndex<V> {
  /** Buckets by the hash of their affix (colliding affixes share a list). */
  private readonly byHash = new Map<number, Bucket<V>[]>();
  /** The lengths in use, kept as affixes come and go; `lengths` sorts them when first needed after a change. */
  private readonly byLength = new Map<number, Length>();
  private lengths: Length[] | undefined = [];
  private affixes = 0;

  get size(): number {
    return this.affixes;
  }

  constructor(private readonly side: 'prefix' | 'suffix') {}

  add(affix: string, v: V): void {
    const bucket = this.bucket(affix);
    if (bucket !== undefined) {
      bucket.values.push(v);
      return;
    }
    const h = hashOf(affix, affix.length, this.side);
    const list = this.byHash.get(h);
    const fresh = { affix, values: [v] };
    if (list === undefined) this.byHash.set(h, [fresh]);
    else list.push(fresh);
    this.affixes++;
    this.count(affix, 1);
  }

  remove(affix: string, v: V): void {
    const bucket = this.bucket(affix);
    const i = bucket === undefined ? -1 : bucket.values.indexOf(v);
    if (bucket === undefined || i < 0) return;
    bucket.values.splice(i, 1);
    if (bucket.values.length > 0) return;
    const h = hashOf(affix, affix.length, this.side);
    const list = this.byHash.get(h)!;
    if (list.length === 1) this.byHash.delete(h);
    else list.splice(list.indexOf(bucket), 1);
    this.affixes--;
    this.count(affix, -1);
  }

  /** Appends to `into` the value list of every affix of `text`. */
  collect(text: string, into: (readonly V[])[]): void {
    if (this.affixes === 0) return;
    const lengths = (this.lengths ??= [...this.byLength.values()].sort((a, b) => a.n - b.n));
    const prefix = this.side === 'prefix';
    for (const { n, farEnds } of lengths) {
      if (n > text.length) return;
      if (n > 0) {
        const c = text.charCodeAt(prefix ? n - 1 : text.length - n);
        if (c < 128 && (farEnds[c >>> 5]! & (1 << (c & 31))) === 0) continue;
      }
      const list = this.byHash.get(hashOf(text, n, this.side));
      if (list === undefined) continue;
      for (const b of list) {
        if (b.affix.length === n && (prefix ? text.startsWith(b.affix) : text.endsWith(b.affix))) into.push(b.values);
      }
    }
  }

  private bucket(affix: string): Bucket<V> | undefined {
    return this.byHash.get(hashOf(affix, affix.length, this.side))?.find((b) => b.affix === affix);
  }

  /** Counts an affix in (or out of) its length and its far-end character. */
  private count(affix: string, by: 1 | -1): void {
    const n = affix.length;
    let length = this.byLength.get(n);
    if (length === undefined) {
      length = { n, affixes: 0, farEnds: new Uint32Array(4), farEndCounts: new Map() };
      this.byLength.set(n, length);
      this.lengths = undefined;
    }
    length.affixes += by;
    if (length.affixes === 0) {
      this.byLength.delete(n);
      this.lengths = undefined;
      return;
    }
    const c = n === 0 ? 128 : affix.charCodeAt(this.side === 'prefix' ? n - 1 : 0);
    if (c >= 128) return;
    const left = (length.farEndCounts.get(c) ?? 0) + by;
    if (left === 0) {
      length.farEndCounts.delete(c);
      length.farEnds[c >>> 5]! &= ~(1 << (c & 31));
    } else {
      length.farEndCounts.set(c, left);
      length.farEnds[c >>> 5]! |= 1 << (c & 31);
    }
  }
}

/** A hash of the first (prefix) or last (suffix) `n` characters of `text`, read from the anchored end. */
function hashOf(text: string, n: number, side: 'prefix' | 'suffix'): number {
  let h = 0;
  const from = side === 'prefix' ? 0 : text.length - n;
  for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + text.charCodeAt(from + i)) & 0x3fffffff;
  return h;
}
