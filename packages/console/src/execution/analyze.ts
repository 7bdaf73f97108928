/**
 * What happened to each state of an execution, computed from its history (GetExecutionHistory's
 * events): every visit of a state with its input, output, attempts (retries), error and cause
 * and timings; the lanes of Parallel branches and Map iterations; and each state's outcome for
 * the graph's colours. Pure, so it runs again on every live update.
 *
 * Events are attributed by following `previousEventId`: each event continues the "lane" of the
 * event it points to (the machine's top level, a Parallel branch or a Map iteration), so
 * iterations that run at the same time are told apart even though they share state names.
 */
import type { WireHistoryEvent } from '../api/sfn.js';

export type Outcome = 'succeeded' | 'failed' | 'caught' | 'retried' | 'running' | 'cancelled' | 'notReached';

export interface Attempt {
  readonly scheduledAt: number;
  startedAt?: number;
  endedAt?: number;
  status: 'running' | 'succeeded' | 'failed' | 'timedOut';
  error?: string;
  cause?: string;
  /** The activity, function or integration the attempt called. */
  resource?: string;
  /** The worker that took an activity task (GetActivityTask's workerName). */
  workerName?: string;
  /** The resolved parameters of a service integration (where a callback's task token appears). */
  parameters?: string;
  readonly family: 'Task' | 'Activity' | 'LambdaFunction';
}

export interface StateVisit {
  readonly key: number;
  readonly name: string;
  readonly type: string;
  readonly enteredAt: number;
  readonly enteredEventId: number;
  exitedAt?: number;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  readonly attempts: Attempt[];
  /** Times a Parallel or Map state started its branches or iterations (more than one: retried). */
  containerStarts: number;
  /** Branches (Parallel) or iterations (Map) run inside this visit. */
  readonly lanes: Lane[];
  outcome: Exclude<Outcome, 'notReached'>;
  /** A failed visit that a redrive ran again. */
  superseded?: boolean;
  /** Set when this visit runs inside a Parallel branch or a Map iteration. */
  readonly lane: Lane;
}

export interface Lane {
  readonly key: string;
  readonly kind: 'root' | 'branch' | 'iteration';
  readonly index: number;
  readonly parent?: StateVisit;
  readonly visits: StateVisit[];
  readonly startedAt: number;
  endedAt?: number;
  status: 'running' | 'succeeded' | 'failed' | 'aborted';
  /** The visit currently open in this lane (events without a state name belong to it). */
  open?: StateVisit;
}

export interface StateSummary {
  readonly name: string;
  readonly outcome: Outcome;
  readonly visits: StateVisit[];
}

export interface ExecutionAnalysis {
  readonly root: Lane;
  readonly visits: StateVisit[];
  readonly byState: ReadonlyMap<string, StateSummary>;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly error?: string;
  readonly cause?: string;
  /** Attempts still waiting on a worker or a callback, newest last. */
  readonly waiting: { readonly visit: StateVisit; readonly attempt: Attempt }[];
}

/** The `…EventDetails` member of a wire event, whichever its name. */
export function detailsOf(event: WireHistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null)
      return value as Record<string, unknown>;
  }
  return {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const FAMILY =
  /^(Task|Activity|LambdaFunction)(Scheduled|Started|Submitted|Succeeded|Failed|TimedOut|StartFailed|SubmitFailed|ScheduleFailed)$/;

/** Ranks outcomes when a state was visited several times: the most telling one colours the node. */
const RANK: Record<Outcome, number> = {
  failed: 6,
  running: 5,
  caught: 4,
  retried: 3,
  cancelled: 2,
  succeeded: 1,
  notReached: 0,
};

export function analyzeHistory(events: readonly WireHistoryEvent[]): ExecutionAnalysis {
  const root: Lane = { key: 'root', kind: 'root', index: 0, visits: [], startedAt: 0, status: 'running' };
  const laneOf = new Map<number, Lane>();
  const typeOf = new Map<number, string>();
  const visits: StateVisit[] = [];
  const branchCounters = new Map<StateVisit, number>();
  let status: ExecutionAnalysis['status'] = 'RUNNING';
  let startedAt: number | undefined;
  let endedAt: number | undefined;
  let error: string | undefined;
  let cause: string | undefined;

  const openVisits = () => visits.filter((v) => v.exitedAt === undefined && v.outcome === 'running');
  /** The open Parallel or Map visit that `lane` runs inside (or is). */
  const container = (lane: Lane, type: string, name?: string): StateVisit | undefined => {
    for (let l: Lane | undefined = lane; l; l = l.parent?.lane) {
      if (l.open?.type === type && (!name || l.open.name === name)) return l.open;
      if (l.parent?.type === type && (!name || l.parent.name === name)) return l.parent;
    }
    return openVisits()
      .reverse()
      .find((v) => v.type === type && (!name || v.name === name));
  };

  for (const event of events) {
    const at = event.timestamp * 1000;
    const details = detailsOf(event);
    const previous = event.previousEventId ? laneOf.get(event.previousEventId) : undefined;
    let lane = previous ?? root;
    const type = event.type;
    const name = text(details.name);

    if (type === 'ExecutionStarted') {
      startedAt = at;
      (root as { startedAt: number }).startedAt = at;
    } else if (type.endsWith('StateEntered') && name !== undefined) {
      // The first state of a Parallel branch follows ParallelStateStarted: it opens a new branch lane.
      const fromType = event.previousEventId ? typeOf.get(event.previousEventId) : undefined;
      if (fromType === 'ParallelStateStarted' && lane.open?.type === 'Parallel') {
        const parallel = lane.open;
        const index = branchCounters.get(parallel) ?? 0;
        branchCounters.set(parallel, index + 1);
        lane = newLane(parallel, 'branch', index, at);
      }
      const visit: StateVisit = {
        key: visits.length,
        name,
        type: type.slice(0, -'StateEntered'.length),
        enteredAt: at,
        enteredEventId: event.id,
        attempts: [],
        containerStarts: 0,
        lanes: [],
        outcome: 'running',
        lane,
        ...(text(details.input) !== undefined ? { input: text(details.input) } : {}),
      };
      visits.push(visit);
      lane.visits.push(visit);
      lane.open = visit;
      if (visit.type === 'Fail') {
        visit.outcome = 'failed';
        visit.exitedAt = at;
        visit.error = text(details.error);
        visit.cause = text(details.cause);
      }
    } else if (type.endsWith('StateExited')) {
      const target =
        lane.open && (!name || lane.open.name === name)
          ? lane.open
          : openVisits()
              .reverse()
              .find((v) => v.name === name);
      if (target) {
        target.exitedAt = at;
        if (text(details.output) !== undefined) target.output = text(details.output);
        const last = target.attempts.at(-1);
        const failedLast = last ? last.status === 'failed' || last.status === 'timedOut' : target.error !== undefined;
        const retried = target.attempts.length > 1 || target.containerStarts > 1;
        target.outcome = failedLast ? 'caught' : retried ? 'retried' : 'succeeded';
        if (failedLast && last) {
          target.error = last.error;
          target.cause = last.cause;
        }
        lane = target.lane;
        if (lane.open === target) lane.open = undefined;
      }
    } else if (FAMILY.test(type)) {
      const [, family, phase] = FAMILY.exec(type)!;
      const visit = lane.open ?? openVisits().at(-1);
      if (visit) {
        if (phase === 'Scheduled') {
          visit.attempts.push({
            scheduledAt: at,
            status: 'running',
            family: family as Attempt['family'],
            ...(text(details.resource) !== undefined ? { resource: text(details.resource) } : {}),
            ...(text(details.parameters) !== undefined ? { parameters: text(details.parameters) } : {}),
          });
        } else {
          const attempt = visit.attempts.at(-1);
          if (attempt) {
            if (phase === 'Started' || phase === 'Submitted') {
              attempt.startedAt ??= at;
              if (text(details.workerName) !== undefined) attempt.workerName = text(details.workerName);
            } else {
              attempt.endedAt = at;
              attempt.status = phase === 'Succeeded' ? 'succeeded' : phase === 'TimedOut' ? 'timedOut' : 'failed';
              if (phase !== 'Succeeded') {
                attempt.error = text(details.error) ?? (phase === 'TimedOut' ? 'States.Timeout' : undefined);
                attempt.cause = text(details.cause);
              }
            }
          }
        }
      }
    } else if (type === 'ParallelStateStarted' || type === 'MapStateStarted') {
      const visit = container(lane, type.startsWith('Parallel') ? 'Parallel' : 'Map');
      if (visit) {
        // Started again after a failure: the Parallel or Map state is being retried.
        visit.containerStarts++;
        visit.error = undefined;
        visit.cause = undefined;
        lane = visit.lane;
      }
    } else if (type === 'MapIterationStarted') {
      const map = container(lane, 'Map', name);
      if (map) lane = newLane(map, 'iteration', Number(details.index ?? map.lanes.length), at);
    } else if (/^MapIteration(Succeeded|Failed|Aborted)$/.test(type)) {
      const map = container(lane, 'Map', name);
      if (map) {
        const index = Number(details.index);
        const iteration = [...map.lanes].reverse().find((l) => l.index === index && l.endedAt === undefined);
        if (iteration) {
          iteration.endedAt = at;
          iteration.status = type.endsWith('Succeeded') ? 'succeeded' : type.endsWith('Failed') ? 'failed' : 'aborted';
        }
        lane = map.lane;
      }
    } else if (/^(ParallelState|MapState|MapRun)(Succeeded|Failed|Aborted)$/.test(type)) {
      const visit = container(lane, type.startsWith('Parallel') ? 'Parallel' : 'Map');
      if (visit) {
        if (!type.endsWith('Succeeded')) closeInside(visit, at);
        for (const l of visit.lanes) if (l.endedAt === undefined) endLane(l, at);
        if (!type.endsWith('Succeeded')) {
          visit.error = text(details.error) ?? visit.error;
          visit.cause = text(details.cause) ?? visit.cause;
          if (visit.error === undefined) {
            const failing = visit.lanes.flatMap((l) => l.visits).find((v) => v.outcome === 'failed');
            visit.error = failing?.error;
            visit.cause = failing?.cause;
          }
        }
        lane = visit.lane;
      }
    } else if (type === 'EvaluationFailed') {
      const visit = lane.open ?? openVisits().at(-1);
      if (visit) {
        visit.error = text(details.error);
        visit.cause = text(details.cause);
      }
    } else if (/^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(type)) {
      endedAt = at;
      status =
        type === 'ExecutionSucceeded'
          ? 'SUCCEEDED'
          : type === 'ExecutionFailed'
            ? 'FAILED'
            : type === 'ExecutionTimedOut'
              ? 'TIMED_OUT'
              : 'ABORTED';
      error = text(details.error);
      cause = text(details.cause);
      root.endedAt = at;
      root.status = status === 'SUCCEEDED' ? 'succeeded' : status === 'ABORTED' ? 'aborted' : 'failed';
      closeOpenVisits(openVisits(), status, at, error, cause);
      // A Fail state's error and cause are reported by the ExecutionFailed event that follows it.
      const fail = visits.at(-1);
      if (status === 'FAILED' && fail?.type === 'Fail' && fail.error === undefined) {
        fail.error = error;
        fail.cause = cause;
      }
    } else if (type === 'ExecutionRedriven') {
      // What failed before the redrive is run again: it no longer decides the state's colour.
      for (const visit of visits)
        if (visit.outcome === 'failed' || visit.outcome === 'cancelled') visit.superseded = true;
      status = 'RUNNING';
      endedAt = undefined;
      error = undefined;
      cause = undefined;
      root.endedAt = undefined;
      root.status = 'running';
    }
    laneOf.set(event.id, lane);
    typeOf.set(event.id, type);
  }

  const byState = new Map<string, StateSummary>();
  for (const visit of visits) {
    const summary = byState.get(visit.name);
    const outcome: Outcome = visit.superseded ? 'retried' : visit.outcome;
    if (!summary) byState.set(visit.name, { name: visit.name, outcome, visits: [visit] });
    else {
      summary.visits.push(visit);
      if (RANK[outcome] > RANK[summary.outcome]) byState.set(visit.name, { ...summary, outcome });
    }
  }
  const waiting = visits
    .filter((v) => v.outcome === 'running')
    .flatMap((visit) => {
      const attempt = visit.attempts.at(-1);
      return attempt && attempt.status === 'running' ? [{ visit, attempt }] : [];
    });
  return {
    root,
    visits,
    byState,
    status,
    waiting,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(endedAt !== undefined ? { endedAt } : {}),
    ...(error !== undefined ? { error } : {}),
    ...(cause !== undefined ? { cause } : {}),
  };
}

/**
 * A Parallel or Map state ended: each branch or iteration still open ends with it, succeeded when
 * all its states finished (at its last state's exit), failed when one failed, aborted otherwise.
 */
function endLane(lane: Lane, at: number): void {
  if (lane.visits.some((v) => v.outcome === 'failed')) {
    lane.status = 'failed';
    lane.endedAt = at;
  } else if (
    lane.visits.length > 0 &&
    lane.visits.every((v) => v.exitedAt !== undefined && v.outcome !== 'cancelled')
  ) {
    lane.status = 'succeeded';
    lane.endedAt = Math.max(...lane.visits.map((v) => v.exitedAt!));
  } else {
    lane.status = 'aborted';
    lane.endedAt = at;
  }
}

/** A Parallel or Map state failed: what still runs inside it stops (failed if it failed itself). */
function closeInside(container: StateVisit, at: number): void {
  for (const lane of container.lanes) {
    for (const visit of lane.visits) {
      if (visit.outcome !== 'running') continue;
      closeInside(visit, at);
      const last = visit.attempts.at(-1);
      if (last?.status === 'running') {
        last.status = 'failed';
        last.endedAt = at;
      }
      const failedItself = (last !== undefined && last.error !== undefined) || visit.error !== undefined;
      visit.outcome = failedItself ? 'failed' : 'cancelled';
      if (failedItself) {
        visit.error ??= last?.error;
        visit.cause ??= last?.cause;
      }
      if (lane.open === visit) lane.open = undefined;
    }
  }
}

function newLane(parent: StateVisit, kind: 'branch' | 'iteration', index: number, at: number): Lane {
  const lane: Lane = {
    key: `${parent.key}:${kind}:${index}:${parent.lanes.length}`,
    kind,
    index,
    parent,
    visits: [],
    startedAt: at,
    status: 'running',
  };
  parent.lanes.push(lane);
  return lane;
}

/**
 * When the execution ends with states still open: those that failed themselves (an uncaught
 * task error) and the Parallel or Map states around them are failed; a timed-out execution fails
 * what was running; the rest (other branches, a stopped execution's states) are cancelled.
 */
function closeOpenVisits(
  open: StateVisit[],
  status: ExecutionAnalysis['status'],
  at: number,
  error: string | undefined,
  cause: string | undefined,
): void {
  for (const visit of open) {
    const last = visit.attempts.at(-1);
    if (last?.status === 'running') {
      last.status = status === 'TIMED_OUT' ? 'timedOut' : 'failed';
      last.endedAt = at;
    }
    const failedItself =
      (last !== undefined && last.status !== 'succeeded' && last.error !== undefined) || visit.error !== undefined;
    const container = visit.type === 'Parallel' || visit.type === 'Map';
    if (status === 'ABORTED') visit.outcome = 'cancelled';
    else if (failedItself) {
      visit.outcome = 'failed';
      visit.error ??= last?.error;
      visit.cause ??= last?.cause;
    } else if (container && status === 'FAILED') {
      visit.outcome = 'failed';
    } else if (status === 'TIMED_OUT' && !container) {
      visit.outcome = 'failed';
      visit.error = error ?? 'States.Timeout';
      visit.cause = cause;
    } else visit.outcome = 'cancelled';
    for (const lane of visit.lanes) {
      if (lane.endedAt === undefined) {
        lane.endedAt = at;
        lane.status = status === 'ABORTED' ? 'aborted' : 'failed';
      }
    }
  }
}
