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

/** One length in use, with the far-end characters of its affixes (ASCII as bits; any other passes). */
interface Length {
  readonly n: number;
  readonly farEnds: Uint32Array;
}

export class AffixIndex<V> {
  /** Buckets by the hash of their affix (colliding affixes share a list). */
  private readonly byHash = new Map<number, Bucket<V>[]>();
  /** Derived from the buckets when first needed after a change (changes are rare, lookups are not). */
  private lengths: Length[] | undefined = [];
  size = 0;

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
    this.size++;
    this.lengths = undefined;
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
    this.size--;
    this.lengths = undefined;
  }

  /** Appends to `into` the value list of every affix of `text`. */
  collect(text: string, into: (readonly V[])[]): void {
    if (this.size === 0) return;
    const lengths = (this.lengths ??= this.lengthsInUse());
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

  private lengthsInUse(): Length[] {
    const byLength = new Map<number, Uint32Array>();
    for (const list of this.byHash.values()) {
      for (const { affix } of list) {
        const n = affix.length;
        let farEnds = byLength.get(n);
        if (farEnds === undefined) byLength.set(n, (farEnds = new Uint32Array(4)));
        if (n === 0) continue;
        const c = affix.charCodeAt(this.side === 'prefix' ? n - 1 : 0);
        if (c < 128) farEnds[c >>> 5]! |= 1 << (c & 31);
      }
    }
    return [...byLength].map(([n, farEnds]) => ({ n, farEnds })).sort((a, b) => a.n - b.n);
  }
}

/** A hash of the first (prefix) or last (suffix) `n` characters of `text`, read from the anchored end. */
function hashOf(text: string, n: number, side: 'prefix' | 'suffix'): number {
  let h = 0;
  const from = side === 'prefix' ? 0 : text.length - n;
  for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + text.charCodeAt(from + i)) & 0x3fffffff;
  return h;
}
