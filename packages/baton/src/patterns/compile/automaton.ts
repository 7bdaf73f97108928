/**
 * The compiled form of many patterns: one automaton over field paths, in the manner of
 * event-ruler's machine. A state has steps, one per field path tested next; a step's edges
 * lead to the next states, one edge per distinct value list; a step's value index maps an
 * event value to the edges it satisfies (value-index.ts). A branch of a pattern is a path
 * through the automaton from the root; branches that start with the same field tests share
 * states, so the per-event work depends on how many states the event's values reach, not
 * on how many rules exist.
 *
 * Deliberate difference from event-ruler: a branch's fields are visited in selectivity
 * order (equality tests first, absence tests last) rather than in path order, so that
 * `source` narrows the candidates before `detail.*` ranges are tried. Path order matters to
 * AWS only for `exists: false` inside arrays — absence is judged against the array elements
 * chosen for fields that sort before it — so those checks are deferred to the end of a
 * branch and judged there with the path-order rule (walk.ts).
 */
import { type PathPlan, planPath } from '../event/flatten.js';
import type { Branch, Field, Matcher } from '../ir.js';
import { appended, type Entry, ValueIndex } from './value-index.js';

const NO_PATHS: readonly string[] = [];

/**
 * Kept lean, and linked rather than held in arrays: a large bus has tens of thousands of
 * states, a walk touches few of them, and each object it reads is likely a cache miss.
 */
export class State {
  /** Outgoing steps, one per field path, linked through `Step.next`. */
  firstStep: Step | undefined;
  /** Rule slots whose branches end here, once per branch (a rule's branches may share an end). */
  terminals: readonly number[] | undefined;
  /** The last walk that visited this state (walks with no array context visit a state once). */
  visited = 0;
  /** The last index lookup that returned this state (one result per lookup). */
  stamp = 0;
  /** Distinct per automaton; names the state in the array-aware walk's memo. */
  readonly id: number;
  /**
   * The paths tested at or below this state, and whether an absence test is among them.
   * Kept as supersets (grown on add, not shrunk on remove): the array-aware walk uses them
   * to forget array choices no later test can conflict with, where a superset only forgets
   * less.
   */
  future: readonly string[] = NO_PATHS;
  absenceBelow = false;

  constructor(id: number) {
    this.id = id;
  }
}

/**
 * A step is the value index of its edges, whose entries lead straight to the edges' states
 * (fewer objects to visit per step while matching).
 */
export class Step extends ValueIndex<State> {
  /** How to find this step's path in an event (shared by all steps on the path). */
  readonly plan: PathPlan;
  /** The next step of the same state. */
  next: Step | undefined;
  /** Edges a branch may take when the path is absent (`exists: false` among its alternatives). */
  absent: readonly Edge[] | undefined;
  /** Edges by key, for sharing them between rules (not used while matching); most steps have one. */
  private firstEdge: Edge | undefined;
  private moreEdges: Map<string, Edge> | undefined;

  constructor(
    readonly from: State,
    readonly path: string,
    plan: PathPlan,
  ) {
    super();
    this.plan = plan;
  }

  edge(key: string): Edge | undefined {
    return this.firstEdge?.key === key ? this.firstEdge : this.moreEdges?.get(key);
  }

  get edgeCount(): number {
    return (this.firstEdge === undefined ? 0 : 1) + (this.moreEdges?.size ?? 0);
  }

  setEdge(edge: Edge): void {
    if (this.firstEdge === undefined) this.firstEdge = edge;
    else (this.moreEdges ??= new Map()).set(edge.key, edge);
  }

  deleteEdge(edge: Edge): void {
    if (this.firstEdge === edge) this.firstEdge = undefined;
    else this.moreEdges?.delete(edge.key);
  }
}

export interface Edge {
  readonly step: Step;
  readonly key: string;
  readonly to: State;
  readonly entries: readonly Entry<State>[];
  readonly absence: boolean;
  /** Branches using this edge; the edge is dropped at zero. */
  refs: number;
}

/** A branch's route through the automaton, kept so the rule can be removed. */
export interface Route {
  readonly edges: readonly Edge[];
  readonly end: State;
}

export class Automaton {
  private states = 0;
  readonly root = this.newState();
  /** Stamps for visited states and for states returned by one index lookup (see walk.ts). */
  walks = 0;
  lookups = 0;
  /** Scratch lists for one walk (walks never nest): index lookup results, pending states. */
  readonly found: State[] = [];
  readonly stack: State[] = [];
  /** One plan per path in use, with the number of steps using it; ids are recycled. */
  private readonly plans = new Map<string, { plan: PathPlan; steps: number }>();
  private readonly freePlanIds: number[] = [];

  newState(): State {
    return new State(this.states++);
  }

  planFor(path: string): PathPlan {
    let entry = this.plans.get(path);
    if (entry === undefined) {
      entry = { plan: planPath(path, this.freePlanIds.pop() ?? this.plans.size), steps: 0 };
      this.plans.set(path, entry);
    }
    entry.steps++;
    return entry.plan;
  }

  private releasePlan(plan: PathPlan): void {
    const entry = this.plans.get(plan.path)!;
    if (--entry.steps > 0) return;
    this.plans.delete(plan.path);
    this.freePlanIds.push(plan.id);
  }

  /** Adds a branch for rule `slot`, visiting its fields in `order`; returns its route. */
  add(order: readonly Field[], slot: number): Route {
    let state = this.root;
    const edges = order.map((field, i) => {
      noteFuture(state, order, i);
      const edge = edgeFor(state, field, this);
      edge.refs++;
      state = edge.to;
      return edge;
    });
    state.terminals = appended(state.terminals ?? [], slot);
    return { edges, end: state };
  }

  remove(route: Route, slot: number): void {
    const terminals = route.end.terminals!;
    const i = terminals.indexOf(slot);
    route.end.terminals = terminals.length === 1 ? undefined : terminals.filter((_, k) => k !== i);
    for (const edge of route.edges) {
      edge.refs--;
      if (edge.refs > 0) continue;
      const step = edge.step;
      step.deleteEdge(edge);
      for (const e of edge.entries) step.remove(e);
      if (edge.absence) step.absent = step.absent!.filter((e) => e !== edge);
      if (step.edgeCount === 0) {
        unlink(step);
        this.releasePlan(step.plan);
      }
    }
  }
}

/** Records in `state` the paths of `order` from field `from` on (see State.future). */
function noteFuture(state: State, order: readonly Field[], from: number): void {
  for (let i = from; i < order.length; i++) {
    const f = order[i]!;
    if (!state.future.includes(f.path)) state.future = appended(state.future, f.path);
    if (f.matchers.some((m) => m.kind === 'exists' && !m.value)) state.absenceBelow = true;
  }
}

function unlink(step: Step): void {
  const state = step.from;
  if (state.firstStep === step) {
    state.firstStep = step.next;
    return;
  }
  let before = state.firstStep!;
  while (before.next !== step) before = before.next!;
  before.next = step.next;
}

function edgeFor(state: State, field: Field, automaton: Automaton): Edge {
  let step = state.firstStep;
  while (step !== undefined && step.path !== field.path) step = step.next;
  if (step === undefined) {
    step = new Step(state, field.path, automaton.planFor(field.path));
    step.next = state.firstStep;
    state.firstStep = step;
  }
  const isAbsence = (m: Matcher): boolean => m.kind === 'exists' && !m.value;
  const positives = uniqueMatchers(field.matchers.filter((m) => !isAbsence(m)));
  const absence = field.matchers.some(isAbsence);
  const key = `${absence ? '?' : ''}${positives.map((p) => p.json).join('|')}`;
  const existing = step.edge(key);
  if (existing !== undefined) return existing;
  const to = automaton.newState();
  const entries = positives.map((p): Entry<State> => ({ matcher: p.matcher, target: to }));
  const edge: Edge = { step, key, to, entries, absence, refs: 0 };
  for (const e of entries) step.add(e);
  if (absence) step.absent = appended(step.absent ?? [], edge);
  step.setEdge(edge);
  return edge;
}

function uniqueMatchers(ms: readonly Matcher[]): { matcher: Matcher; json: string }[] {
  const byJson = new Map<string, Matcher>();
  for (const m of ms) byJson.set(JSON.stringify(m), m);
  return [...byJson.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([json, matcher]) => ({ matcher, json }));
}

/**
 * Selectivity classes, lowest first: tests that pin a field to a few values (equality,
 * affixes, addresses), numeric ranges, tests most values pass, absence.
 */
export function fieldClass(f: Field): number {
  let worst = 0;
  for (const m of f.matchers) {
    const c = matcherClass(m);
    if (c > worst) worst = c;
  }
  return worst;
}

function matcherClass(m: Matcher): number {
  switch (m.kind) {
    case 'exact':
    case 'literal':
    case 'number':
    case 'ip':
    case 'prefix':
    case 'suffix':
    case 'equals-ignore-case':
    case 'cidr':
      return 0;
    case 'numeric':
      return m.lower !== undefined && m.upper !== undefined && m.lower.key === m.upper.key ? 0 : 1;
    case 'exists':
      return m.value ? 2 : 3;
    default:
      return 2;
  }
}

/**
 * The order a branch's fields are visited in: by class, and within the first class by
 * `spread` (how many distinct operands rules use on the path: the more, the fewer rules
 * one event value selects), then by path.
 */
export function evaluationOrder(branch: Branch, spread: (path: string) => number): Field[] {
  return branch
    .map((field) => ({ field, cls: fieldClass(field), spread: spread(field.path) }))
    .sort(
      (a, b) =>
        a.cls - b.cls ||
        (a.cls === 0 ? b.spread - a.spread : 0) ||
        (a.field.path < b.field.path ? -1 : a.field.path > b.field.path ? 1 : 0),
    )
    .map((x) => x.field);
}
