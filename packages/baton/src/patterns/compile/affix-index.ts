/**
 * Prefixes (or suffixes) by value, with the set of their lengths kept sorted: a lookup
 * probes one map key per distinct length no longer than the value, whatever the number
 * of affixes. Realistic rule sets use few distinct lengths.
 */
export class AffixIndex<V> {
  private readonly map = new Map<string, V[]>();
  private readonly lengthCounts = new Map<number, number>();
  private lengths: number[] | undefined = [];

  constructor(private readonly side: 'prefix' | 'suffix') {}

  get size(): number {
    return this.map.size;
  }

  add(affix: string, v: V): void {
    const list = this.map.get(affix);
    if (list === undefined) this.map.set(affix, [v]);
    else list.push(v);
    this.lengthCounts.set(affix.length, (this.lengthCounts.get(affix.length) ?? 0) + 1);
    this.lengths = undefined;
  }

  remove(affix: string, v: V): void {
    const list = this.map.get(affix);
    const i = list === undefined ? -1 : list.indexOf(v);
    if (list === undefined || i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.map.delete(affix);
    const n = (this.lengthCounts.get(affix.length) ?? 1) - 1;
    if (n === 0) this.lengthCounts.delete(affix.length);
    else this.lengthCounts.set(affix.length, n);
    this.lengths = undefined;
  }

  /** Appends to `into` the entry list of every affix of `text`. */
  collect(text: string, into: (readonly V[])[]): void {
    if (this.map.size === 0) return;
    this.lengths ??= [...this.lengthCounts.keys()].sort((a, b) => a - b);
    for (const n of this.lengths) {
      if (n > text.length) return;
      const list = this.map.get(this.side === 'prefix' ? text.slice(0, n) : text.slice(text.length - n));
      if (list !== undefined) into.push(list);
    }
  }
}
