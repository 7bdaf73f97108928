/**
 * The matcher a bus (or a topic) keeps: every rule's pattern compiled into one automaton.
 *
 * Contract:
 * - `add(id, pattern)` compiles one rule in O(size of its pattern) (plus a bounded
 *   re-optimisation of two older rules, see `refresh`) and replaces a rule with the same
 *   id; `remove(id)` undoes it in the same time. Neither rebuilds the automaton, so rules
 *   can change while events flow: JavaScript runs a `match` call to completion, and every
 *   call sees all mutations made before it and none after.
 * - `match(event)` returns each matching rule id once, in no particular order. It reads
 *   only the event fields that the states it reaches test, and does not visit rules whose
 *   earlier field tests the event fails.
 * - The result equals `referenceMatches` (reference.ts) for every rule and event.
 */
import type { Json } from '../kernel/index.js';
import { Automaton, evaluationOrder, fieldClass, type Route } from './compile/automaton.js';
import { walk } from './compile/walk.js';
import { flatten } from './event/flatten.js';
import { ParsedEvent } from './event/parse-event.js';
import type { Field, Matcher, PatternIR } from './ir.js';

export interface PatternMatcher<Id> {
  /** Adds or replaces the rule `id`. */
  add(id: Id, pattern: PatternIR): void;
  /** Removes the rule `id`; false when there was none. */
  remove(id: Id): boolean;
  has(id: Id): boolean;
  readonly size: number;
  /** The ids of the rules whose pattern matches `event`. */
  match(event: Json | ParsedEvent): Id[];
}

interface Rule<Id> {
  readonly id: Id;
  readonly slot: number;
  readonly pattern: PatternIR;
  /** Each branch's fields in the order compiled, and its route through the automaton. */
  orders: readonly (readonly Field[])[];
  routes: readonly Route[];
}

/** Rules re-examined per `add`, see `refresh`. */
const REFRESHES_PER_ADD = 2;

export function createMatcher<Id = string>(): PatternMatcher<Id> {
  const automaton = new Automaton();
  const rules = new Map<Id, Rule<Id>>();
  const bySlot: (Rule<Id> | undefined)[] = [];
  const freeSlots: number[] = [];
  const spread = new OperandSpread();
  let matchStamp = 0;
  const slotStamps: number[] = [];
  const slots: number[] = [];
  let cursor = 0;

  /**
   * Field order depends on statistics over all rules, which are poor while a bus is young:
   * its first rules would keep orders chosen when every path looked alike. Each `add`
   * therefore re-examines a couple of existing rules, round robin, and recompiles those
   * whose best order has changed: a bounded, constant amount of work per add (no pause to
   * rebuild everything), after which every rule is ordered by mature statistics.
   */
  const refresh = (): void => {
    for (let k = 0; k < REFRESHES_PER_ADD && bySlot.length > 0; k++) {
      cursor = (cursor + 1) % bySlot.length;
      const rule = bySlot[cursor];
      if (rule === undefined) continue;
      const orders = rule.pattern.branches.map((b) => evaluationOrder(b, spread.of));
      if (orders.every((o, i) => sameOrder(o, rule.orders[i]!))) continue;
      for (const route of rule.routes) automaton.remove(route, rule.slot);
      rule.orders = orders;
      rule.routes = orders.map((o) => automaton.add(o, rule.slot));
    }
  };

  const remove = (id: Id): boolean => {
    const rule = rules.get(id);
    if (rule === undefined) return false;
    for (const route of rule.routes) automaton.remove(route, rule.slot);
    for (const branch of rule.pattern.branches) {
      for (const f of branch) {
        spread.remove(f);
      }
    }
    rules.delete(id);
    bySlot[rule.slot] = undefined;
    freeSlots.push(rule.slot);
    return true;
  };

  return {
    add(id, pattern) {
      remove(id);
      const slot = freeSlots.pop() ?? bySlot.length;
      for (const branch of pattern.branches) {
        for (const f of branch) {
          spread.add(f);
        }
      }
      const orders = pattern.branches.map((b) => evaluationOrder(b, spread.of));
      const rule = { id, slot, pattern, orders, routes: orders.map((o) => automaton.add(o, slot)) };
      rules.set(id, rule);
      bySlot[slot] = rule;
      refresh();
    },
    remove,
    has: (id) => rules.has(id),
    get size() {
      return rules.size;
    },
    match(event) {
      const flat = flatten(event instanceof ParsedEvent ? event.root : event);
      walk(automaton, flat, slots);
      const stamp = ++matchStamp;
      const out: Id[] = [];
      for (const slot of slots) {
        if (slotStamps[slot] === stamp) continue;
        slotStamps[slot] = stamp;
        out.push(bySlot[slot]!.id);
      }
      return out;
    },
  };
}

/**
 * How well each path splits the rules, for ordering field tests: rules that test a path
 * with a selective test (equality, affix) count, weighted by how many distinct operands
 * they use on it — `fields × (1 − 1/distinct)`, roughly how many rules one event value
 * rules out there. The compiler tests high-scoring paths first, so that `source` and then
 * `detail-type` narrow the candidates before anything else is tried. Orders only affect
 * speed; a rule added later may be ordered differently from earlier ones, and each rule
 * keeps its own route.
 */
class OperandSpread {
  private readonly byPath = new Map<string, { fields: number; operands: Map<string, number> }>();

  readonly of = (path: string): number => {
    const p = this.byPath.get(path);
    return p === undefined ? 0 : p.fields * (1 - 1 / p.operands.size);
  };

  add(f: Field): void {
    if (fieldClass(f) !== 0) return;
    let p = this.byPath.get(f.path);
    if (p === undefined) this.byPath.set(f.path, (p = { fields: 0, operands: new Map() }));
    p.fields++;
    for (const m of f.matchers) bump(p.operands, operandKey(m), 1);
  }

  remove(f: Field): void {
    const p = this.byPath.get(f.path);
    if (p === undefined || fieldClass(f) !== 0) return;
    p.fields--;
    for (const m of f.matchers) bump(p.operands, operandKey(m), -1);
    if (p.fields === 0) this.byPath.delete(f.path);
  }
}

function sameOrder(a: readonly Field[], b: readonly Field[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

function operandKey(m: Matcher): string {
  switch (m.kind) {
    case 'exact':
      return `s${m.value}`;
    case 'number':
      return `n${m.text}`;
    case 'prefix':
    case 'suffix':
      return `${m.kind}${m.ignoreCase ? 'i' : ''}${m.value}`;
    default:
      return JSON.stringify(m);
  }
}

function bump(map: Map<string, number>, key: string, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
