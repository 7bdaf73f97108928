/**
 * The rows both SQL adapters read executions, tasks, history and timers from, and how they become
 * records: one mapping, so the adapters cannot drift apart. Adapters differ only in how a text
 * column is decoded (PostgreSQL keeps error and cause as JSON strings, since its text type cannot
 * hold NUL; SQLite stores them as they are).
 */
import type { ExecutionState, HistoryEvent } from '../asl/index.js';
import type { Json } from '../kernel/index.js';
import type { ExecutionRecord, ExecutionSummaryRecord, TaskRecord, TimerRecord } from './port.js';

export interface ExecutionRow {
  arn: string;
  state_machine_arn: string;
  version_arn: string | null;
  alias_arn: string | null;
  name: string;
  status: ExecutionRecord['status'];
  start_date: number;
  stop_date: number | null;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  redrive_count: number;
  redrive_date: number | null;
  trace_header: string | null;
  definition_hash: string;
  state: string;
  version: number;
}

export type ExecutionSummaryRow = Omit<ExecutionRow, 'input' | 'output' | 'definition_hash' | 'state' | 'version'>;

export interface TaskRow {
  token: string;
  execution_arn: string;
  seq: number;
  state_name: string;
  resource: string;
  kind: TaskRecord['kind'];
  pattern: TaskRecord['integrationPattern'];
  input: string;
  status: TaskRecord['status'];
  created_at: number;
  heartbeat_seconds: number | null;
}

/**
 * History is stored one row per transition (a "page" of the events it recorded; a transition
 * with very many events, several), not one row per event: a transition writes one row, and reads
 * walk few rows. Inside a page each event is the compact tuple [id, previousEventId, timestamp,
 * type, details | null].
 */
export interface HistoryPageRow {
  first_id: number;
  last_id: number;
  events: string;
}

type EventTuple = [number, number, number, HistoryEvent['type'], HistoryEvent['details'] | null];

/**
 * Most events a page holds: a transition writes one page unless it emitted more (a Map's whole
 * fan-out can), so reading a page of history never decodes more than this many events.
 */
export const EVENTS_PER_PAGE = 256;

/** The rows a transition's events are stored in. */
export function historyPages(events: readonly HistoryEvent[]): HistoryPageRow[] {
  const rows: HistoryPageRow[] = [];
  for (let start = 0; start < events.length; start += EVENTS_PER_PAGE) {
    const page = events.slice(start, start + EVENTS_PER_PAGE);
    rows.push({
      first_id: page[0]!.id,
      last_id: page[page.length - 1]!.id,
      events: JSON.stringify(
        page.map((e): EventTuple => [e.id, e.previousEventId, e.timestamp, e.type, e.details ?? null]),
      ),
    });
  }
  return rows;
}

/**
 * The events of `pages` (ordered by first id, ascending or descending as the query asks) after
 * `after` in that direction, at most `limit` of them.
 */
export function eventsOfPages(
  pages: readonly HistoryPageRow[],
  query: { readonly reverse: boolean; readonly limit: number; readonly after?: number },
): HistoryEvent[] {
  const out: HistoryEvent[] = [];
  for (const page of pages) {
    const tuples = JSON.parse(page.events) as EventTuple[];
    if (query.reverse) tuples.reverse();
    for (const [id, previousEventId, timestamp, type, details] of tuples) {
      if (query.after !== undefined && (query.reverse ? id >= query.after : id <= query.after)) continue;
      out.push(
        details === null ? { id, previousEventId, timestamp, type } : { id, previousEventId, timestamp, type, details },
      );
      if (out.length === query.limit) return out;
    }
  }
  return out;
}

export interface TimerRow {
  execution_arn: string;
  seq: number;
  fire_at: number;
}

export const SUMMARY_COLUMNS =
  'arn, state_machine_arn, version_arn, alias_arn, name, status, start_date, stop_date, error, cause, redrive_count, redrive_date, trace_header';

/** How an adapter reads its error and cause columns back. */
export type TextDecoder = (stored: string) => string;

const asStored: TextDecoder = (stored) => stored;

export function summaryOf(row: ExecutionSummaryRow, decodeText: TextDecoder = asStored): ExecutionSummaryRecord {
  return {
    arn: row.arn,
    stateMachineArn: row.state_machine_arn,
    ...(row.version_arn !== null ? { stateMachineVersionArn: row.version_arn } : {}),
    ...(row.alias_arn !== null ? { stateMachineAliasArn: row.alias_arn } : {}),
    name: row.name,
    status: row.status,
    startDate: row.start_date,
    ...(row.stop_date !== null ? { stopDate: row.stop_date } : {}),
    ...(row.error !== null ? { error: decodeText(row.error) } : {}),
    ...(row.cause !== null ? { cause: decodeText(row.cause) } : {}),
    redriveCount: row.redrive_count,
    ...(row.redrive_date !== null ? { redriveDate: row.redrive_date } : {}),
    ...(row.trace_header !== null ? { traceHeader: row.trace_header } : {}),
  };
}

export function recordOf(row: ExecutionRow, decodeText: TextDecoder = asStored): ExecutionRecord {
  return {
    ...summaryOf(row, decodeText),
    input: JSON.parse(row.input) as Json,
    ...(row.output !== null ? { output: JSON.parse(row.output) as Json } : {}),
    definitionHash: row.definition_hash,
    state: JSON.parse(row.state) as ExecutionState,
    version: row.version,
  };
}

export function taskOf(row: TaskRow): TaskRecord {
  return {
    token: row.token,
    executionArn: row.execution_arn,
    seq: row.seq,
    stateName: row.state_name,
    resource: row.resource,
    kind: row.kind,
    integrationPattern: row.pattern,
    input: JSON.parse(row.input) as Json,
    status: row.status,
    createdAt: row.created_at,
    ...(row.heartbeat_seconds !== null ? { heartbeatSeconds: row.heartbeat_seconds } : {}),
  };
}

export function timerOf(row: TimerRow): TimerRecord {
  return { executionArn: row.execution_arn, seq: row.seq, fireAt: row.fire_at };
}

/** The cursor of a newest-first execution list: start date and ARN of the last item. */
export function cursorOf(row: { start_date: number; arn: string }): string {
  return `${row.start_date}|${row.arn}`;
}
