import {
  cursorOf,
  type ExecutionRow,
  eventsOfPages,
  type HistoryPageRow,
  recordOf as recordOfRow,
  SUMMARY_COLUMNS,
  summaryOf as summaryOfRow,
  type TaskRow,
  type TimerRow,
  taskOf,
  timerOf,
} from '../execution-rows.js';
import type { ExecutionStore, TaskStore, TimerStore } from '../port.js';
import { commitBatch } from './commit.js';
import type { Database } from './database.js';

// Error and cause are JSON strings: PostgreSQL's text cannot hold the NUL users may send.
const decodeText = (stored: string) => JSON.parse(stored) as string;
const summaryOf = (row: Parameters<typeof summaryOfRow>[0]) => summaryOfRow(row, decodeText);
const recordOf = (row: ExecutionRow) => recordOfRow(row, decodeText);

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
      // A page holds at least one event, so `limit` pages always hold `limit` events when there are that many.
      const r = await db.query<HistoryPageRow>(
        query.reverse
          ? {
              name: 'history-desc',
              text: `SELECT first_id, last_id, events::text AS events FROM history_pages
                     WHERE execution_arn = $1 AND first_id < $2 ORDER BY first_id DESC LIMIT $3`,
              values: [executionArn, query.after ?? Number.MAX_SAFE_INTEGER, query.limit],
            }
          : {
              name: 'history-asc',
              text: `SELECT first_id, last_id, events::text AS events FROM history_pages
                     WHERE execution_arn = $1 AND last_id > $2 ORDER BY first_id LIMIT $3`,
              values: [executionArn, query.after ?? 0, query.limit],
            },
      );
      return eventsOfPages(r.rows, query);
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

    /** Inputs: $1 resource, $2 limit. Output: its oldest SCHEDULED tasks. Locks: none. */
    async scheduled(resource, limit) {
      const r = await db.query<TaskRow>({
        name: 'tasks-scheduled',
        text: `SELECT * FROM tasks WHERE resource = $1 AND status = 'SCHEDULED' ORDER BY created_at, token LIMIT $2`,
        values: [resource, limit],
      });
      return r.rows.map(taskOf);
    },

    /** Inputs: $1 token. Outcome: the task is CLOSED if it was still SCHEDULED. Locks: its row. */
    async retire(token) {
      await db.query({
        name: 'task-retire',
        text: "UPDATE tasks SET status = 'CLOSED' WHERE token = $1 AND status = 'SCHEDULED'",
        values: [token],
      });
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
