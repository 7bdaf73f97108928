/**
 * Executions, history, timers and tasks on PostgreSQL: the reads, and the task queue's claim.
 * Every write of an execution goes through `commit` (commit.ts). Hot statements are named, so
 * each connection parses and plans them once.
 */
import type { ExecutionState, HistoryEvent } from '../../asl/index.js';
import type { Json } from '../../kernel/index.js';
import type {
  ExecutionRecord,
  ExecutionStore,
  ExecutionSummaryRecord,
  TaskRecord,
  TaskStore,
  TimerRecord,
  TimerStore,
} from '../port.js';
import { commitBatch } from './commit.js';
import type { Database } from './database.js';

/** A row as the pool returns it: BIGINT as number, `json` as its text (parsed here). */
interface ExecutionRow {
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

interface TaskRow {
  token: string;
  execution_arn: string;
  seq: number;
  state_name: string;
  resource: string;
  kind: TaskRecord['kind'];
  pattern: TaskRecord['integrationPattern'];
  input: string;
  status: TaskRecord['status'];
  worker_name: string | null;
  created_at: number;
  heartbeat_seconds: number | null;
}

interface EventRow {
  id: number;
  previous_event_id: number;
  timestamp: number;
  type: HistoryEvent['type'];
  details: string | null;
}

interface TimerRow {
  execution_arn: string;
  seq: number;
  fire_at: number;
}

const SUMMARY_COLUMNS =
  'arn, state_machine_arn, version_arn, alias_arn, name, status, start_date, stop_date, error, cause, redrive_count, redrive_date, trace_header';

function summaryOf(row: Omit<ExecutionRow, 'input' | 'output' | 'definition_hash' | 'state' | 'version'>) {
  const summary: ExecutionSummaryRecord = {
    arn: row.arn,
    stateMachineArn: row.state_machine_arn,
    ...(row.version_arn !== null ? { stateMachineVersionArn: row.version_arn } : {}),
    ...(row.alias_arn !== null ? { stateMachineAliasArn: row.alias_arn } : {}),
    name: row.name,
    status: row.status,
    startDate: row.start_date,
    ...(row.stop_date !== null ? { stopDate: row.stop_date } : {}),
    // Error and cause are JSON strings: PostgreSQL's text cannot hold the NUL users may send.
    ...(row.error !== null ? { error: JSON.parse(row.error) as string } : {}),
    ...(row.cause !== null ? { cause: JSON.parse(row.cause) as string } : {}),
    redriveCount: row.redrive_count,
    ...(row.redrive_date !== null ? { redriveDate: row.redrive_date } : {}),
    ...(row.trace_header !== null ? { traceHeader: row.trace_header } : {}),
  };
  return summary;
}

function recordOf(row: ExecutionRow): ExecutionRecord {
  return {
    ...summaryOf(row),
    input: JSON.parse(row.input) as Json,
    ...(row.output !== null ? { output: JSON.parse(row.output) as Json } : {}),
    definitionHash: row.definition_hash,
    state: JSON.parse(row.state) as ExecutionState,
    version: row.version,
  };
}

function taskOf(row: TaskRow): TaskRecord {
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
    ...(row.worker_name !== null ? { workerName: row.worker_name } : {}),
    createdAt: row.created_at,
    ...(row.heartbeat_seconds !== null ? { heartbeatSeconds: row.heartbeat_seconds } : {}),
  };
}

function eventOf(row: EventRow): HistoryEvent {
  return {
    id: row.id,
    previousEventId: row.previous_event_id,
    timestamp: row.timestamp,
    type: row.type,
    ...(row.details !== null ? { details: JSON.parse(row.details) } : {}),
  };
}

function timerOf(row: TimerRow): TimerRecord {
  return { executionArn: row.execution_arn, seq: row.seq, fireAt: row.fire_at };
}

/** The cursor of a newest-first execution list: start date and ARN of the last item. */
function cursorOf(row: { start_date: number; arn: string }): string {
  return `${row.start_date}|${row.arn}`;
}

export function postgresExecutions(db: Database): ExecutionStore {
  return {
    /** Inputs: $1 arn. Output: the row. Locks: none. */
    async get(arn) {
      const r = await db.query<ExecutionRow>({
        name: 'execution-get',
        text: 'SELECT * FROM executions WHERE arn = $1',
        values: [arn],
      });
      return r.rows[0] ? recordOf(r.rows[0]) : undefined;
    },

    /**
     * list. Inputs: $1 machine, $2 version or alias ARN (or NULL), $3/$4 cursor (start date and
     * ARN of the last item seen; the first page starts above every date), $5 limit + 1, and $6 the
     * status when filtered. Output: summaries, newest first (start date, then ARN, descending).
     * Locks: none.
     */
    async list(filter, req) {
      const [date, arn] = req.after
        ? [Number(req.after.slice(0, req.after.indexOf('|'))), req.after.slice(req.after.indexOf('|') + 1)]
        : [Number.MAX_SAFE_INTEGER, ''];
      const status = filter.status ? 'AND status = $6' : '';
      const r = await db.query<ExecutionRow>({
        text: `SELECT ${SUMMARY_COLUMNS} FROM executions
               WHERE state_machine_arn = $1 ${status}
                 AND ($2::text IS NULL OR version_arn = $2 OR alias_arn = $2)
                 AND (start_date, arn) < ($3, $4)
               ORDER BY start_date DESC, arn DESC LIMIT $5`,
        values: [
          filter.stateMachineArn,
          filter.versionOrAliasArn ?? null,
          date,
          arn,
          req.limit + 1,
          ...(filter.status ? [filter.status] : []),
        ],
      });
      const items = r.rows.slice(0, req.limit).map(summaryOf);
      return r.rows.length > req.limit ? { items, next: cursorOf(r.rows[req.limit - 1]!) } : { items };
    },

    commit: (items) => commitBatch(db, items),

    /**
     * history. Inputs: $1 execution, $2 event id to continue after (exclusive), $3 limit.
     * Output: events ascending (or descending). Locks: none.
     */
    async history(executionArn, query) {
      const r = await db.query<EventRow>(
        query.reverse
          ? {
              name: 'history-desc',
              text: `SELECT id, previous_event_id, timestamp, type, details FROM history_events
                     WHERE execution_arn = $1 AND id < $2 ORDER BY id DESC LIMIT $3`,
              values: [executionArn, query.after ?? Number.MAX_SAFE_INTEGER, query.limit],
            }
          : {
              name: 'history-asc',
              text: `SELECT id, previous_event_id, timestamp, type, details FROM history_events
                     WHERE execution_arn = $1 AND id > $2 ORDER BY id LIMIT $3`,
              values: [executionArn, query.after ?? 0, query.limit],
            },
      );
      return r.rows.map(eventOf);
    },

    /** Inputs: $1 ARN to continue after, $2 limit. Output: RUNNING executions' ARNs in order. Locks: none. */
    async listRunning(limit, afterArn) {
      const r = await db.query<{ arn: string }>({
        name: 'executions-running',
        text: "SELECT arn FROM executions WHERE status = 'RUNNING' AND arn > $1 ORDER BY arn LIMIT $2",
        values: [afterArn ?? '', limit],
      });
      return r.rows.map((row) => row.arn);
    },

    /** Inputs: $1 hash. Output: the definition's text. Locks: none. */
    async definition(hash) {
      const r = await db.query<{ text: string }>({
        name: 'definition-get',
        text: 'SELECT text FROM definitions WHERE hash = $1',
        values: [hash],
      });
      return r.rows[0]?.text;
    },
  };
}

export function postgresTimers(db: Database): TimerStore {
  return {
    /** Inputs: $1 now, $2 limit. Output: timers due, earliest first. Locks: none. */
    async due(now, limit) {
      const r = await db.query<TimerRow>({
        name: 'timers-due',
        text: `SELECT execution_arn, seq, fire_at FROM timers WHERE fire_at <= $1
               ORDER BY fire_at, execution_arn, seq LIMIT $2`,
        values: [now, limit],
      });
      return r.rows.map(timerOf);
    },
    /** Output: the earliest timer. Locks: none. */
    async next() {
      const r = await db.query<TimerRow>({
        name: 'timers-next',
        text: 'SELECT execution_arn, seq, fire_at FROM timers ORDER BY fire_at, execution_arn, seq LIMIT 1',
      });
      return r.rows[0] ? timerOf(r.rows[0]) : undefined;
    },
    /** Inputs: $1 execution, $2 seq. Outcome: that timer is gone. Locks: its row. */
    async remove(executionArn, seq) {
      await db.query({
        name: 'timers-remove',
        text: 'DELETE FROM timers WHERE execution_arn = $1 AND seq = $2',
        values: [executionArn, seq],
      });
    },
  };
}

export function postgresTasks(db: Database): TaskStore {
  return {
    /** Inputs: $1 token. Output: the task. Locks: none. */
    async get(token) {
      const r = await db.query<TaskRow>({
        name: 'task-get',
        text: 'SELECT * FROM tasks WHERE token = $1',
        values: [token],
      });
      return r.rows[0] ? taskOf(r.rows[0]) : undefined;
    },

    /**
     * claim. Inputs: $1 resource, $2 worker name (or NULL). Output: the task handed out, now
     * STARTED, or no row. Outcome: the oldest SCHEDULED task of the resource that no other
     * transaction holds moves to STARTED with the worker's name.
     * Locks: that task's row, taken with FOR UPDATE SKIP LOCKED: nodes polling one activity each
     * take a different task instead of queueing behind one another (or handing one out twice).
     */
    async claim(resource, workerName) {
      const r = await db.query<TaskRow>({
        name: 'task-claim',
        text: `UPDATE tasks SET status = 'STARTED', worker_name = $2
               WHERE token = (
                 SELECT token FROM tasks WHERE resource = $1 AND status = 'SCHEDULED'
                 ORDER BY created_at, token LIMIT 1 FOR UPDATE SKIP LOCKED)
                 AND status = 'SCHEDULED'
               RETURNING *`,
        values: [resource, workerName ?? null],
      });
      return r.rows[0] ? taskOf(r.rows[0]) : undefined;
    },

    /** Inputs: $1 execution. Output: its tasks not CLOSED, by seq. Locks: none. */
    async openTasks(executionArn) {
      const r = await db.query<TaskRow>({
        name: 'tasks-open',
        text: "SELECT * FROM tasks WHERE execution_arn = $1 AND status <> 'CLOSED' ORDER BY seq",
        values: [executionArn],
      });
      return r.rows.map(taskOf);
    },
  };
}
