/**
 * The execution's timeline (a Gantt chart): one row per state visit in the order they began,
 * with Parallel branches and Map iterations as nested rows under their state. Times are
 * milliseconds from the execution's start; rows still running end at `now`.
 */
import type { ExecutionAnalysis, Lane, Outcome, StateVisit } from './analyze.js';

export interface TimelineRow {
  readonly id: string;
  readonly label: string;
  readonly depth: number;
  readonly kind: 'state' | 'branch' | 'iteration';
  /** The state this row belongs to (for selecting it in the graph). */
  readonly stateName?: string;
  readonly start: number;
  readonly end: number;
  readonly outcome: Outcome;
  readonly running: boolean;
  /** Retries before the final attempt (task states). */
  readonly retries: number;
}

export interface Timeline {
  readonly rows: TimelineRow[];
  /** The span the chart covers, in ms from the start. */
  readonly span: number;
  /** Rows left out beyond `maxRows` (huge Maps). */
  readonly hidden: number;
}

const LANE_OUTCOME: Record<Lane['status'], Outcome> = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  aborted: 'cancelled',
};

export function buildTimeline(analysis: ExecutionAnalysis, now: number, maxRows = 500): Timeline {
  const origin = analysis.startedAt ?? analysis.root.startedAt;
  const finish = analysis.endedAt ?? now;
  const rows: TimelineRow[] = [];
  let hidden = 0;
  const push = (row: TimelineRow) => {
    if (rows.length < maxRows) rows.push(row);
    else hidden++;
  };
  const addVisit = (visit: StateVisit, depth: number) => {
    const end = visit.exitedAt ?? (visit.outcome === 'running' ? finish : (lastTime(visit) ?? finish));
    push({
      id: `v${visit.key}`,
      label: visit.name,
      depth,
      kind: 'state',
      stateName: visit.name,
      start: visit.enteredAt - origin,
      end: end - origin,
      outcome: visit.superseded ? 'retried' : visit.outcome,
      running: visit.outcome === 'running',
      retries: Math.max(0, visit.attempts.length - 1, visit.containerStarts - 1),
    });
    const lanes = [...visit.lanes].sort((a, b) => a.startedAt - b.startedAt || a.index - b.index);
    for (const lane of lanes) {
      push({
        id: `l${lane.key}`,
        label: lane.kind === 'branch' ? `Branch ${lane.index + 1}` : `Iteration ${lane.index}`,
        depth: depth + 1,
        kind: lane.kind === 'branch' ? 'branch' : 'iteration',
        stateName: visit.name,
        start: lane.startedAt - origin,
        end: (lane.endedAt ?? finish) - origin,
        outcome: LANE_OUTCOME[lane.status],
        running: lane.status === 'running',
        retries: 0,
      });
      for (const child of lane.visits) addVisit(child, depth + 2);
    }
  };
  for (const visit of analysis.root.visits) addVisit(visit, 0);
  const span = Math.max(1, finish - origin, ...rows.map((r) => r.end));
  return { rows, span, hidden };
}

function lastTime(visit: StateVisit): number | undefined {
  return visit.attempts.at(-1)?.endedAt;
}

/** "1.2 s", "350 ms", "2 min 5 s": for bars and the inspector. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
