/**
 * An event seen as event-ruler sees it: leaves named by dot-joined path. Every scalar is a
 * leaf; array elements keep their parent's path; a leaf carries its array membership —
 * which element of which array it sits in — so that a pattern cannot pick `isBluePrint`
 * from one array element and `creator` from another. Only elements that are objects or
 * arrays record a membership; scalars in an array share their array's context.
 *
 * Leaves are found lazily, path by path, as the matcher asks: an event the first field
 * test rejects costs one lookup, not a full traversal. A path can be spelled by the event
 * in several ways (`{"a": {"b": 1}}` and `{"a.b": 1}` both give `a.b`), so a lookup tries
 * every split of the path at its dots. Array ids are given per array object, so leaves
 * found by different lookups agree on them.
 */
import type { Json } from '../../kernel/index.js';
import { foldCase } from '../ignore-case.js';
import { parseIp } from '../ip.js';
import { type NumberKey, numberKey } from '../number.js';
import { EMPTY_MEMBERSHIP, type Membership } from './membership.js';

/** `literal` is `null`, `true` or `false`, with the keyword in `text`. */
export type LeafType = 'string' | 'number' | 'literal';

/** One scalar of the event. Derived forms (number key, IP, case fold) are computed once, on demand. */
export class Leaf {
  private cachedKey: NumberKey | null | undefined;
  private cachedIp: string | null | undefined;
  private cachedFold: string | undefined;

  constructor(
    readonly type: LeafType,
    readonly text: string,
    readonly membership: Membership,
  ) {}

  /** The comparable key of a number leaf; undefined for other leaves and out-of-range numbers. */
  get key(): NumberKey | undefined {
    if (this.cachedKey === undefined) this.cachedKey = this.type === 'number' ? (numberKey(this.text) ?? null) : null;
    return this.cachedKey ?? undefined;
  }

  /** The address (hex) of a string leaf that is an IP literal. */
  get ip(): string | undefined {
    if (this.cachedIp === undefined) this.cachedIp = this.type === 'string' ? (parseIp(this.text) ?? null) : null;
    return this.cachedIp ?? undefined;
  }

  get fold(): string {
    if (this.cachedFold === undefined) this.cachedFold = foldCase(this.text);
    return this.cachedFold;
  }
}

/** A parsed event that keeps what a JSON value loses: number spellings and repeated keys. */
export type EventNode = null | boolean | string | RawNumber | EventNode[] | EventObject;

export class RawNumber {
  constructor(readonly text: string) {}
}

export class EventObject {
  private index: Map<string, EventNode[]> | undefined;

  constructor(readonly entries: readonly (readonly [string, EventNode])[]) {}

  /** Every value of `key` (a repeated key has several). */
  values(key: string): readonly EventNode[] | undefined {
    if (this.index === undefined) {
      this.index = new Map();
      for (const [k, v] of this.entries) {
        const list = this.index.get(k);
        if (list === undefined) this.index.set(k, [v]);
        else list.push(v);
      }
    }
    return this.index.get(key);
  }
}

/** Array nesting deeper than PutEvents accepts (1100 levels) is not looked into. */
const MAX_DEPTH = 1100;

const NO_LEAVES: readonly Leaf[] = [];

/**
 * How to look a path up: every way to split it at a dot into an object key and the rest.
 * Plans are built once per path and reused for every event, so the key strings are the
 * same string objects each time (cheap property lookups, no slicing per event).
 */
export interface PathPlan {
  readonly path: string;
  /** Small and dense per matcher: events cache leaves in an array indexed by it. */
  readonly id: number;
  readonly splits: readonly { readonly key: string; readonly rest: PathPlan | undefined }[];
}

/** Plans the lookup of `path`; `id` must be unique among the plans one event is read with. */
export function planPath(path: string, id: number): PathPlan {
  const splits: { key: string; rest: PathPlan | undefined }[] = [];
  for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
    splits.push({ key: path.slice(0, dot), rest: planPath(path.slice(dot + 1), -1) });
  }
  splits.push({ key: path, rest: undefined });
  return { path, id, splits };
}

/** The leaves of one event, found on demand and remembered. */
export class FlatEvent {
  /** Leaves by plan id (see PathPlan); plans without an id are cached by path. */
  private readonly byId: (readonly Leaf[] | undefined)[] = [];
  private byPath: Map<string, readonly Leaf[]> | undefined;
  private arrayIds: Map<unknown, number> | undefined;
  /** For each array id, the path its elements' leaves extend (see `arrayPath`). */
  private arrayPaths: string[] | undefined;
  /** The path being resolved, from which arrays met on the way learn their own path. */
  private resolving = '';
  /** Set once some returned leaf sits inside an array of objects or arrays. */
  inArrays = false;

  constructor(private readonly root: unknown) {}

  /** The leaves at the planned path, or undefined when there are none. */
  leaves(plan: PathPlan): readonly Leaf[] | undefined {
    let found = plan.id >= 0 ? this.byId[plan.id] : this.byPath?.get(plan.path);
    if (found === undefined) {
      const out: Leaf[] = [];
      this.resolving = plan.path;
      if (isObject(this.root)) this.resolve(this.root, plan, EMPTY_MEMBERSHIP, out, 0);
      found = out.length === 0 ? NO_LEAVES : out;
      if (plan.id >= 0) this.byId[plan.id] = found;
      else (this.byPath ??= new Map()).set(plan.path, found);
    }
    return found.length === 0 ? undefined : found;
  }

  /** Finds the leaves of `plan` below object `o`. */
  private resolve(o: object, plan: PathPlan, m: Membership, out: Leaf[], depth: number): void {
    for (const { key, rest } of plan.splits) {
      if (o instanceof EventObject) {
        for (const v of o.values(key) ?? NONE) this.follow(v, rest, m, out, depth);
      } else {
        const v = ownValue(o, key);
        if (v !== undefined) this.follow(v, rest, m, out, depth);
      }
    }
  }

  /** Continues a lookup at value `v`, with `rest` of the path still to go (none: `v` is at the end). */
  private follow(v: unknown, rest: PathPlan | undefined, m: Membership, out: Leaf[], depth: number): void {
    if (rest === undefined) this.collect(v, m, out, depth);
    else if (isObject(v)) this.resolve(v, rest, m, out, depth + 1);
    else if (Array.isArray(v)) this.descendArray(v, rest, m, out, depth + 1);
  }

  /** Leaves at the end of a path: a scalar, or every scalar reachable through arrays. */
  private collect(v: unknown, m: Membership, out: Leaf[], depth: number): void {
    if (Array.isArray(v)) {
      if (depth > MAX_DEPTH) return;
      const id = this.arrayId(v, this.resolving);
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        if (Array.isArray(item)) this.collect(item, this.enter(m, id, i), out, depth + 1);
        else if (!isObject(item)) this.scalar(item, m, out);
      }
      return;
    }
    if (!isObject(v)) this.scalar(v, m, out);
  }

  /** An array met before the path's end: its object and array elements continue the path. */
  private descendArray(a: readonly unknown[], rest: PathPlan, m: Membership, out: Leaf[], depth: number): void {
    if (depth > MAX_DEPTH) return;
    const id = this.arrayId(a, this.resolving.slice(0, this.resolving.length - rest.path.length - 1));
    for (let i = 0; i < a.length; i++) {
      const item = a[i];
      if (isObject(item)) this.resolve(item, rest, this.enter(m, id, i), out, depth + 1);
      else if (Array.isArray(item)) this.descendArray(item, rest, this.enter(m, id, i), out, depth + 1);
    }
  }

  private enter(m: Membership, id: number, index: number): Membership {
    this.inArrays = true;
    // Ids grow with first sight, not with nesting, so keep the pairs sorted by id.
    const out = [...m, id, index];
    for (let k = out.length - 2; k >= 2 && out[k - 2]! > out[k]!; k -= 2) {
      [out[k - 2], out[k - 1], out[k], out[k + 1]] = [out[k]!, out[k + 1]!, out[k - 2]!, out[k - 1]!];
    }
    return out;
  }

  private arrayId(a: unknown, path: string): number {
    this.arrayIds ??= new Map();
    let id = this.arrayIds.get(a);
    if (id === undefined) {
      this.arrayIds.set(a, (id = this.arrayIds.size));
      (this.arrayPaths ??= [])[id] = path;
    }
    return id;
  }

  /**
   * The path at which array `id` sits: only leaves whose path is this path or extends it
   * can lie inside the array, so only they can disagree on its element.
   */
  arrayPath(id: number): string {
    return this.arrayPaths![id]!;
  }

  private scalar(v: unknown, m: Membership, out: Leaf[]): void {
    if (typeof v === 'string') out.push(new Leaf('string', v, m));
    else if (typeof v === 'number') out.push(new Leaf('number', Number.isFinite(v) ? String(v) : 'null', m));
    else if (v instanceof RawNumber) out.push(new Leaf('number', v.text, m));
    else if (v === null) out.push(new Leaf('literal', 'null', m));
    else if (typeof v === 'boolean') out.push(new Leaf('literal', v ? 'true' : 'false', m));
  }
}

function isObject(v: unknown): v is object {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawNumber);
}

const NONE: readonly EventNode[] = [];

/**
 * `o[key]` if it is the object's own property. What a plain object inherits is functions,
 * which are not JSON values, and `__proto__`; only that one needs the slower own check.
 */
function ownValue(o: object, key: string): unknown {
  const v = (o as Record<string, unknown>)[key];
  if (v === undefined || typeof v === 'function') return undefined;
  return key === '__proto__' && !Object.hasOwn(o, key) ? undefined : v;
}

/** The leaves of a JSON value or a parsed event. */
export function flatten(event: Json | EventNode): FlatEvent {
  return new FlatEvent(event);
}
