/**
 * Prefixes (or suffixes) by value. A lookup hashes the value's characters once, from the start
 * (or the end), and at each length some affix has probes a map by the hash so far: no substring
 * is made per length, and the cost does not grow with the number of affixes. A hash hit is
 * confirmed by comparing the affix itself.
 */
interface Bucket<V> {
  readonly affix: string;
  readonly values: V[];
}

export class AffixIndex<V> {
  /** Buckets by the hash of their affix (colliding affixes share a list). */
  private readonly byHash = new Map<number, Bucket<V>[]>();
  /** How many affixes have each length; `lengths` marks the lengths in use, by index. */
  private readonly lengthCounts = new Map<number, number>();
  private lengths: boolean[] | undefined = [];
  size = 0;

  constructor(private readonly side: 'prefix' | 'suffix') {}

  add(affix: string, v: V): void {
    const bucket = this.bucket(affix);
    if (bucket !== undefined) {
      bucket.values.push(v);
      return;
    }
    const h = hashOf(affix, this.side);
    const list = this.byHash.get(h);
    const fresh = { affix, values: [v] };
    if (list === undefined) this.byHash.set(h, [fresh]);
    else list.push(fresh);
    this.size++;
    this.lengthCounts.set(affix.length, (this.lengthCounts.get(affix.length) ?? 0) + 1);
    this.lengths = undefined;
  }

  remove(affix: string, v: V): void {
    const bucket = this.bucket(affix);
    const i = bucket === undefined ? -1 : bucket.values.indexOf(v);
    if (bucket === undefined || i < 0) return;
    bucket.values.splice(i, 1);
    if (bucket.values.length > 0) return;
    const h = hashOf(affix, this.side);
    const list = this.byHash.get(h)!;
    if (list.length === 1) this.byHash.delete(h);
    else list.splice(list.indexOf(bucket), 1);
    this.size--;
    const n = this.lengthCounts.get(affix.length)! - 1;
    if (n === 0) this.lengthCounts.delete(affix.length);
    else this.lengthCounts.set(affix.length, n);
    this.lengths = undefined;
  }

  /** Appends to `into` the value list of every affix of `text`. */
  collect(text: string, into: (readonly V[])[]): void {
    if (this.size === 0) return;
    const lengths = (this.lengths ??= lengthMarks(this.lengthCounts));
    const end = Math.min(text.length, lengths.length - 1);
    const prefix = this.side === 'prefix';
    let h = 0;
    for (let n = 0; n <= end; n++) {
      if (n > 0) h = step(h, text.charCodeAt(prefix ? n - 1 : text.length - n));
      if (lengths[n] !== true) continue;
      const list = this.byHash.get(h);
      if (list === undefined) continue;
      for (const b of list) {
        if (b.affix.length === n && (prefix ? text.startsWith(b.affix) : text.endsWith(b.affix))) into.push(b.values);
      }
    }
  }

  private bucket(affix: string): Bucket<V> | undefined {
    return this.byHash.get(hashOf(affix, this.side))?.find((b) => b.affix === affix);
  }
}

/** One character more of a running hash (kept a small integer, which maps hash cheaply). */
function step(h: number, c: number): number {
  return (Math.imul(h, 31) + c) & 0x3fffffff;
}

/** The running hash of all of `affix`, read from the side it is anchored at. */
function hashOf(affix: string, side: 'prefix' | 'suffix'): number {
  let h = 0;
  for (let n = 1; n <= affix.length; n++) {
    h = step(h, affix.charCodeAt(side === 'prefix' ? n - 1 : affix.length - n));
  }
  return h;
}

function lengthMarks(counts: ReadonlyMap<number, number>): boolean[] {
  const marks: boolean[] = [];
  for (const n of counts.keys()) marks[n] = true;
  for (let n = 0; n < marks.length; n++) marks[n] ??= false;
  return marks;
}
