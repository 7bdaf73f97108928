/**
 * Matching one flattened event against the automaton: a depth-first walk from the root,
 * following every edge whose value test some leaf passes.
 *
 * Most events have no array context that matters (no leaf sits inside an array of objects
 * or arrays); they take the fast walk, where a state is visited at most once and absence
 * means "no leaf at that path". Otherwise the walk also keeps the chosen leaves
 * array-consistent (event/membership.ts), and — because AWS judges `exists: false` against
 * the elements chosen for the fields whose paths sort before the absent one, which the
 * selectivity-ordered walk may not have chosen yet — records each absence check and
 * settles it when the branch ends. Frames that differ only in array choices no later test
 * can conflict with are merged, which keeps rules over several arrays of objects linear.
 */
import type { FlatEvent, PathPlan } from '../event/flatten.js';
import { consistent, EMPTY_MEMBERSHIP, type Membership, unite } from '../event/membership.js';
import type { Automaton, State } from './automaton.js';

/**
 * Fills `slots` with the slot of every rule that has a matching branch (a rule may appear
 * more than once). `slots` is emptied first.
 */
export function walk(automaton: Automaton, event: FlatEvent, slots: number[]): void {
  slots.length = 0;
  if (!event.inArrays && walkFlat(automaton, event, slots)) return;
  slots.length = 0;
  walkInArrays(automaton, event, slots);
}

/**
 * The walk for leaves outside arrays of objects. Leaves are found lazily, so whether the
 * event needs the array-aware walk is known only as paths are read: the flat walk gives up
 * (returns false) as soon as a leaf with an array context appears. While every leaf read
 * has none, both walks give the same answer.
 */
function walkFlat(automaton: Automaton, event: FlatEvent, slots: number[]): boolean {
  const stamp = ++automaton.walks;
  const stack = automaton.stack;
  stack.length = 0;
  stack.push(automaton.root);
  while (stack.length > 0) {
    const state = stack.pop()!;
    if (state.visited === stamp) continue;
    state.visited = stamp;
    if (state.terminals !== undefined) for (const slot of state.terminals) slots.push(slot);
    for (let step = state.firstStep; step !== undefined; step = step.next) {
      const leaves = event.leaves(step.plan);
      if (event.inArrays) return false;
      if (leaves === undefined) {
        if (step.absent !== undefined) for (const edge of step.absent) stack.push(edge.to);
        continue;
      }
      for (const leaf of leaves) step.lookup(leaf, ++automaton.lookups, stack);
    }
  }
  return true;
}

/** A persistent list of chosen leaves (path, membership), newest first. */
interface Chosen {
  readonly path: string;
  readonly membership: Membership;
  readonly next: Chosen | undefined;
}

interface Deferred {
  readonly plan: PathPlan;
  readonly next: Deferred | undefined;
}

interface Frame {
  readonly state: State;
  readonly membership: Membership;
  readonly chosen: Chosen | undefined;
  readonly deferred: Deferred | undefined;
}

function walkInArrays(automaton: Automaton, event: FlatEvent, slots: number[]): void {
  const found = automaton.found;
  const stack: Frame[] = [
    { state: automaton.root, membership: EMPTY_MEMBERSHIP, chosen: undefined, deferred: undefined },
  ];
  // Frames that can only lead to the same matches are explored once; without this, a rule
  // testing fields in two arrays of n objects would make n × n frames, and k arrays n^k.
  const seen = new Set<string>();
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const state = frame.state;
    if (frame.deferred === undefined && !state.absenceBelow) {
      const key = memoKey(state, frame.membership, event);
      if (seen.has(key)) continue;
      seen.add(key);
    }
    if (state.terminals !== undefined && (frame.deferred === undefined || absencesHold(frame, event))) {
      for (const slot of state.terminals) slots.push(slot);
    }
    for (let step = state.firstStep; step !== undefined; step = step.next) {
      for (const edge of step.absent ?? []) {
        stack.push({ ...frame, state: edge.to, deferred: { plan: step.plan, next: frame.deferred } });
      }
      const leaves = event.leaves(step.plan);
      if (leaves === undefined) continue;
      for (const leaf of leaves) {
        const membership = unite(frame.membership, leaf.membership);
        if (membership === undefined) continue;
        found.length = 0;
        step.lookup(leaf, ++automaton.lookups, found);
        if (found.length === 0) continue;
        const chosen = { path: step.path, membership: leaf.membership, next: frame.chosen };
        for (const next of found) stack.push({ state: next, membership, chosen, deferred: frame.deferred });
      }
    }
  }
}

/**
 * What a frame's future depends on: its state, and its choices in the arrays that enclose
 * some path still to be tested below the state. A choice in any other array can never
 * conflict with a later leaf, so frames differing only there have the same matches ahead.
 * (Absence checks judge choices by path order, so frames that may still meet one are not
 * merged.)
 */
function memoKey(state: State, membership: Membership, event: FlatEvent): string {
  let key = String(state.id);
  for (let i = 0; i < membership.length; i += 2) {
    const at = event.arrayPath(membership[i]!);
    if (state.future.some((p) => p === at || (p.startsWith(at) && p.charCodeAt(at.length) === 0x2e))) {
      key += `:${membership[i]}.${membership[i + 1]}`;
    }
  }
  return key;
}

/** Each deferred path must have no leaf consistent with the leaves chosen for earlier-sorting paths. */
function absencesHold(frame: Frame, event: FlatEvent): boolean {
  for (let d = frame.deferred; d !== undefined; d = d.next) {
    let before: Membership = EMPTY_MEMBERSHIP;
    for (let c = frame.chosen; c !== undefined; c = c.next) {
      if (c.path < d.plan.path) before = unite(before, c.membership) ?? before;
    }
    const leaves = event.leaves(d.plan);
    if (leaves?.some((l) => consistent(before, l.membership))) return false;
  }
  return true;
}
