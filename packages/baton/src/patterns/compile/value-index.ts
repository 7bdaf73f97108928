/**
 * All value tests hanging off one state for one field path, indexed so that looking up an
 * event value costs about the same whether 1 or 10,000 rules test that field:
 *
 * - equality (strings, literals, numbers by text and by key, IP addresses): hash maps;
 * - prefixes and suffixes: per affix length, one character test, then a hash lookup (affix-index.ts);
 * - case-insensitive tests: the same, keyed by case fold, then confirmed by the exact rule;
 * - numeric ranges: sorted by lower bound and cut by binary search (range-list.ts);
 * - what cannot be indexed (wildcards, CIDR blocks, anything-but, case tests whose fold is
 *   unstable) is scanned. The compiler orders fields so that these come late, once the
 *   selective fields have narrowed the candidates to a few rules.
 *
 * Small indexes (most of them) are plain linked lists. `lookup` is on the per-event path: it
 * allocates nothing but its results.
 */
import type { Leaf } from '../event/flatten.js';
import { foldCase, isFoldStable } from '../ignore-case.js';
import type { Matcher } from '../ir.js';
import { AffixIndex } from './affix-index.js';
import { KeyRange, passes } from './leaf-test.js';
import { RangeList } from './range-list.js';

/** What an entry leads to. `stamp` marks the lookup that last returned it (one result per lookup). */
export interface Target {
  stamp: number;
}

export interface Entry<T extends Target> {
  readonly matcher: Matcher;
  readonly target: T;
}

type List<T extends Target> = readonly Entry<T>[];

/**
 * Up to this many entries an index is a plain list tested entry by entry: most steps hold
 * one or two value lists, and a small list is faster and far smaller than hash maps.
 */
const SMALL = 8;

/**
 * One entry of a small index with its test ready: the operand itself for an exact string
 * (compared without visiting the matcher), a numeric range with its bounds inline, else the
 * matcher. Nodes are immutable and linked, so a lookup reads one object per entry, with no
 * array between: that matters when the automaton is too large for the processor's caches.
 */
interface SmallNode<T extends Target> {
  readonly test: string | KeyRange | Matcher;
  readonly target: T;
  readonly entry: Entry<T>;
  readonly next: SmallNode<T> | undefined;
}

export class ValueIndex<T extends Target> {
  private small: SmallNode<T> | undefined;
  private full: FullIndex<T> | undefined;

  add(entry: Entry<T>): void {
    if (this.full === undefined && lengthOf(this.small) < SMALL) {
      this.small = nodeOf(entry, this.small);
      return;
    }
    if (this.full === undefined) {
      this.full = new FullIndex<T>();
      for (let n = this.small; n !== undefined; n = n.next) this.full.place(n.entry, true);
      this.small = undefined;
    }
    this.full.place(entry, true);
  }

  remove(entry: Entry<T>): void {
    if (this.full !== undefined) {
      this.full.place(entry, false);
      return;
    }
    const kept: Entry<T>[] = [];
    for (let n = this.small; n !== undefined; n = n.next) if (n.entry !== entry) kept.push(n.entry);
    this.small = kept.reduceRight<SmallNode<T> | undefined>((next, e) => nodeOf(e, next), undefined);
  }

  /** Appends to `out` the target of every entry whose matcher passes `leaf`, each target once. */
  lookup(leaf: Leaf, stamp: number, out: T[]): void {
    if (this.full !== undefined) {
      this.full.lookup(leaf, stamp, out);
      return;
    }
    const text = leaf.type === 'string' ? leaf.text : undefined;
    for (let n = this.small; n !== undefined; n = n.next) {
      const test = n.test;
      if (typeof test === 'string') {
        if (test !== text) continue;
      } else if (test instanceof KeyRange ? !test.holds(leaf.key) : !passes(test, leaf)) continue;
      const t = n.target;
      if (t.stamp !== stamp) {
        t.stamp = stamp;
        out.push(t);
      }
    }
  }
}

function lengthOf(list: SmallNode<Target> | undefined): number {
  let n = 0;
  for (let node = list; node !== undefined; node = node.next) n++;
  return n;
}

function nodeOf<T extends Target>(entry: Entry<T>, next: SmallNode<T> | undefined): SmallNode<T> {
  return { test: testOf(entry.matcher), target: entry.target, entry, next };
}

function testOf(m: Matcher): string | KeyRange | Matcher {
  return m.kind === 'exact' ? m.value : m.kind === 'numeric' ? new KeyRange(m) : m;
}

class FullIndex<T extends Target> {
  private strings: Buckets<Entry<T>> | undefined;
  private literals: Buckets<Entry<T>> | undefined;
  private numberTexts: Buckets<Entry<T>> | undefined;
  private numberKeys: Buckets<Entry<T>> | undefined;
  private ips: Buckets<Entry<T>> | undefined;
  private prefixes: AffixIndex<Entry<T>> | undefined;
  private suffixes: AffixIndex<Entry<T>> | undefined;
  private foldEqual: Buckets<Entry<T>> | undefined;
  private foldPrefixes: AffixIndex<Entry<T>> | undefined;
  private foldSuffixes: AffixIndex<Entry<T>> | undefined;
  private ranges: RangeList<Entry<T>> | undefined;
  private readonly scanned: Entry<T>[] = [];
  private readonly anyValue: Entry<T>[] = [];
  /** Scratch space for one lookup: lists found by affix, entries found by range. */
  private readonly lists: List<T>[] = [];
  private readonly found: Entry<T>[] = [];

  place(e: Entry<T>, add: boolean): void {
    if (this.placeIndexed(e, add)) return;
    if (add) this.scanned.push(e);
    else removeOne(this.scanned, e);
  }

  /** Puts the entry in (or takes it out of) the index for its kind; false when it is scanned. */
  private placeIndexed(e: Entry<T>, add: boolean): boolean {
    const m = e.matcher;
    const bucket = (b: Buckets<Entry<T>>, key: string): true => {
      if (add) b.add(key, e);
      else b.remove(key, e);
      return true;
    };
    const affix = (a: AffixIndex<Entry<T>>, key: string): true => {
      if (add) a.add(key, e);
      else a.remove(key, e);
      return true;
    };
    switch (m.kind) {
      case 'exact':
        return bucket((this.strings ??= new Buckets()), m.value);
      case 'literal':
        return bucket((this.literals ??= new Buckets()), m.value);
      case 'number':
        if (m.key !== undefined) bucket((this.numberKeys ??= new Buckets()), m.key);
        return bucket((this.numberTexts ??= new Buckets()), m.text);
      case 'ip':
        return bucket((this.ips ??= new Buckets()), m.range.low);
      case 'numeric':
        if (m.lower !== undefined && m.upper !== undefined && m.lower.key === m.upper.key) {
          return bucket((this.numberKeys ??= new Buckets()), m.lower.key);
        }
        this.ranges ??= new RangeList();
        if (add) this.ranges.add(m.lower, m.upper, e);
        else this.ranges.remove(e);
        return true;
      case 'exists':
        if (add) this.anyValue.push(e);
        else removeOne(this.anyValue, e);
        return true;
      case 'prefix':
        if (!m.ignoreCase) return affix((this.prefixes ??= new AffixIndex('prefix')), m.value);
        return isFoldStable(m.value) && affix((this.foldPrefixes ??= new AffixIndex('prefix')), foldCase(m.value));
      case 'suffix':
        if (!m.ignoreCase) return affix((this.suffixes ??= new AffixIndex('suffix')), m.value);
        return isFoldStable(m.value) && affix((this.foldSuffixes ??= new AffixIndex('suffix')), foldCase(m.value));
      case 'equals-ignore-case':
        return isFoldStable(m.value) && bucket((this.foldEqual ??= new Buckets()), foldCase(m.value));
      default:
        return false;
    }
  }

  lookup(leaf: Leaf, stamp: number, out: T[]): void {
    if (this.anyValue.length > 0) take(this.anyValue, stamp, out);
    const lists = this.lists;
    if (leaf.type === 'string') {
      const text = leaf.text;
      if (this.strings !== undefined) take(this.strings.get(text), stamp, out);
      if (this.ips !== undefined) {
        const ip = leaf.ip;
        if (ip !== undefined) take(this.ips.get(ip), stamp, out);
      }
      if (this.prefixes !== undefined || this.suffixes !== undefined) {
        lists.length = 0;
        this.prefixes?.collect(text, lists);
        this.suffixes?.collect(text, lists);
        for (const list of lists) take(list, stamp, out);
      }
      if (this.foldEqual !== undefined || this.foldPrefixes !== undefined || this.foldSuffixes !== undefined) {
        const fold = leaf.fold;
        lists.length = 0;
        const equal = this.foldEqual?.get(fold);
        if (equal !== undefined) lists.push(equal);
        this.foldPrefixes?.collect(fold, lists);
        this.foldSuffixes?.collect(fold, lists);
        for (const list of lists) confirm(list, leaf, stamp, out);
      }
    } else if (leaf.type === 'number') {
      if (this.numberTexts !== undefined) take(this.numberTexts.get(leaf.text), stamp, out);
      if (this.numberKeys !== undefined || this.ranges !== undefined) {
        const key = leaf.key;
        if (key !== undefined) {
          if (this.numberKeys !== undefined) take(this.numberKeys.get(key), stamp, out);
          if (this.ranges !== undefined) {
            this.found.length = 0;
            this.ranges.collect(key, this.found);
            take(this.found, stamp, out);
          }
        }
      }
    } else if (this.literals !== undefined) {
      take(this.literals.get(leaf.text), stamp, out);
    }
    if (this.scanned.length > 0) confirm(this.scanned, leaf, stamp, out);
  }
}

function take<T extends Target>(list: List<T> | undefined, stamp: number, out: T[]): void {
  if (list === undefined) return;
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!.target;
    if (t.stamp !== stamp) {
      t.stamp = stamp;
      out.push(t);
    }
  }
}

function confirm<T extends Target>(list: List<T>, leaf: Leaf, stamp: number, out: T[]): void {
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    if (e.target.stamp !== stamp && passes(e.matcher, leaf)) {
      e.target.stamp = stamp;
      out.push(e.target);
    }
  }
}

class Buckets<V> {
  private readonly map = new Map<string, V[]>();

  get(key: string): readonly V[] | undefined {
    return this.map.get(key);
  }

  add(key: string, v: V): void {
    const list = this.map.get(key);
    if (list === undefined) this.map.set(key, [v]);
    else list.push(v);
  }

  remove(key: string, v: V): void {
    const list = this.map.get(key);
    if (list === undefined) return;
    removeOne(list, v);
    if (list.length === 0) this.map.delete(key);
  }
}

/** A copy of `list` with `item` at the end, allocated at its exact size. */
export function appended<V>(list: readonly V[], item: V): V[] {
  const out = new Array<V>(list.length + 1);
  for (let i = 0; i < list.length; i++) out[i] = list[i]!;
  out[list.length] = item;
  return out;
}

export function removeOne<V>(list: V[], item: V): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
