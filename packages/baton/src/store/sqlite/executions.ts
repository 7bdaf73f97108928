/**
 * Executions, history, timers and tasks on SQLite. A transition's rows are written in one
 * transaction, and `commit` writes a whole batch of transitions in one transaction, so concurrent
 * executions share an fsync (group commit). The optimistic version check is the UPDATE's WHERE.
 */
import type { ExecutionState, HistoryEvent } from '../../asl/index.js';
import type { Json } from '../../kernel/index.js';
import type {
  CommitItem,
  CommitOutcome,
  ExecutionRecord,
  ExecutionStore,
  ExecutionSummaryRecord,
  TaskRecord,
  TaskStore,
  TimerRecord,
  TimerStore,
  Transition,
} from '../port.js';
import type { SqliteDatabase } from './database.js';

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

const SUMMARY_COLUMNS =
  'arn, state_machine_arn, version_arn, alias_arn, name, status, start_date, stop_date, error, cause, redrive_count, redrive_date, trace_header';

function summaryOf(row: ExecutionRow): ExecutionSummaryRecord {
  return {
    arn: row.arn,
    stateMachineArn: row.state_machine_arn,
    ...(row.version_arn ? { stateMachineVersionArn: row.version_arn } : {}),
    ...(row.alias_arn ? { stateMachineAliasArn: row.alias_arn } : {}),
    name: row.name,
    status: row.status,
    startDate: row.start_date,
    ...(row.stop_date !== null ? { stopDate: row.stop_date } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.cause !== null ? { cause: row.cause } : {}),
    redriveCount: row.redrive_count,
    ...(row.redrive_date !== null ? { redriveDate: row.redrive_date } : {}),
    ...(row.trace_header !== null ? { traceHeader: row.trace_header } : {}),
  };
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

/** The cursor of a newest-first execution list: start date and ARN of the last item. */
function cursorOf(row: { start_date: number; arn: string }): string {
  return `${row.start_date}|${row.arn}`;
}

export function sqliteExecutions(db: SqliteDatabase): ExecutionStore {
  const insert =
    db.prepare(`INSERT INTO executions (arn, state_machine_arn, version_arn, alias_arn, name, status, start_date, stop_date,
      input, output, error, cause, redrive_count, redrive_date, trace_header, definition_hash, state, version)
    VALUES (@arn, @stateMachineArn, @versionArn, @aliasArn, @name, @status, @startDate, NULL, @input, NULL, NULL, NULL, 0, NULL,
      @traceHeader, @definitionHash, '{}', 0)
    ON CONFLICT (arn) DO NOTHING`);
  const get = db.prepare('SELECT * FROM executions WHERE arn = ?');
  const advance =
    db.prepare(`UPDATE executions SET status = @status, stop_date = @stopDate, output = @output, error = @error,
      cause = @cause, redrive_count = @redriveCount, redrive_date = @redriveDate, state = @state, version = version + 1
    WHERE arn = @arn AND version = @expected`);
  const insertEvent = db.prepare(
    'INSERT INTO history_events (execution_arn, id, previous_event_id, timestamp, type, details) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const armTimer = db.prepare(
    'INSERT INTO timers (execution_arn, seq, fire_at) VALUES (?, ?, ?) ON CONFLICT (execution_arn, seq) DO UPDATE SET fire_at = excluded.fire_at',
  );
  const cancelTimer = db.prepare('DELETE FROM timers WHERE execution_arn = ? AND seq = ?');
  const createTask =
    db.prepare(`INSERT INTO tasks (token, execution_arn, seq, state_name, resource, kind, pattern, input, status,
      worker_name, created_at, heartbeat_seconds) VALUES (@token, @executionArn, @seq, @stateName, @resource, @kind, @integrationPattern,
      @input, @status, NULL, @createdAt, @heartbeatSeconds)`);
  const closeTask = db.prepare("UPDATE tasks SET status = 'CLOSED' WHERE token = ?");
  const markStarted = db.prepare("UPDATE tasks SET status = 'STARTED' WHERE token = ? AND status = 'SCHEDULED'");
  // Started through a version or an alias: filtered on the machine's index (a machine's executions by one
  // version or alias are a subset the list walks anyway).
  const through = '(@through IS NULL OR version_arn = @through OR alias_arn = @through)';
  const listAll =
    db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM executions WHERE state_machine_arn = @machine AND ${through}
      AND (start_date < @date OR (start_date = @date AND arn < @arn)) ORDER BY start_date DESC, arn DESC LIMIT @limit`);
  const listByStatus = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM executions WHERE state_machine_arn = @machine
      AND status = @status AND ${through}
      AND (start_date < @date OR (start_date = @date AND arn < @arn)) ORDER BY start_date DESC, arn DESC LIMIT @limit`);
  const historyAsc = db.prepare('SELECT * FROM history_events WHERE execution_arn = ? AND id > ? ORDER BY id LIMIT ?');
  const historyDesc = db.prepare(
    'SELECT * FROM history_events WHERE execution_arn = ? AND id < ? ORDER BY id DESC LIMIT ?',
  );
  const running = db.prepare("SELECT arn FROM executions WHERE status = 'RUNNING' AND arn > ? ORDER BY arn LIMIT ?");

  const apply = (t: Transition): CommitOutcome => {
    const s = t.state;
    const changed = advance.run({
      arn: t.executionArn,
      expected: t.expectedVersion,
      status: s.status,
      stopDate: s.closedAt ?? null,
      output: s.output === undefined ? null : JSON.stringify(s.output),
      error: s.error ?? null,
      cause: s.cause ?? null,
      redriveCount: s.redriveCount ?? 0,
      redriveDate: s.redrivenAt ?? null,
      state: JSON.stringify(s),
    }).changes;
    if (changed === 0) return 'conflict';
    for (const e of t.events) {
      insertEvent.run(
        t.executionArn,
        e.id,
        e.previousEventId,
        e.timestamp,
        e.type,
        e.details === undefined ? null : JSON.stringify(e.details),
      );
    }
    for (const timer of t.timersArmed) armTimer.run(timer.executionArn, timer.seq, timer.fireAt);
    for (const seq of t.timersCancelled) cancelTimer.run(t.executionArn, seq);
    for (const task of t.tasksCreated) {
      createTask.run({ ...task, input: JSON.stringify(task.input), heartbeatSeconds: task.heartbeatSeconds ?? null });
    }
    for (const token of t.tasksStarted) markStarted.run(token);
    for (const token of t.tasksClosed) closeTask.run(token);
    return 'committed';
  };
  const insertDefinition = db.prepare(
    'INSERT INTO definitions (hash, text) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING',
  );
  const getDefinition = db.prepare('SELECT text FROM definitions WHERE hash = ?');
  const start = (
    record: ExecutionRecord,
    definition: { hash: string; text: string },
    first: Transition,
  ): CommitOutcome => {
    const inserted = insert.run({
      arn: record.arn,
      stateMachineArn: record.stateMachineArn,
      versionArn: record.stateMachineVersionArn ?? null,
      aliasArn: record.stateMachineAliasArn ?? null,
      name: record.name,
      status: record.status,
      startDate: record.startDate,
      input: JSON.stringify(record.input),
      traceHeader: record.traceHeader ?? null,
      definitionHash: definition.hash,
    }).changes;
    // 'alreadyExists' changes nothing: not even the definitions table.
    if (inserted === 0) return 'alreadyExists';
    insertDefinition.run(definition.hash, definition.text);
    return apply(first);
  };
  const commitBatch = db.transaction((items: readonly CommitItem[]) =>
    items.map((item) =>
      item.kind === 'start'
        ? start(item.execution.record, item.execution.definition, item.execution.start)
        : apply(item.transition),
    ),
  );

  return {
    async get(arn) {
      const row = get.get(arn) as ExecutionRow | undefined;
      return row ? recordOf(row) : undefined;
    },
    async list(filter, req) {
      const [date, arn] = req.after
        ? [Number(req.after.split('|')[0]), req.after.slice(req.after.indexOf('|') + 1)]
        : [Number.MAX_SAFE_INTEGER, '~'];
      const params = {
        machine: filter.stateMachineArn,
        through: filter.versionOrAliasArn ?? null,
        date,
        arn,
        limit: req.limit + 1,
      };
      const rows = (
        filter.status ? listByStatus.all({ ...params, status: filter.status }) : listAll.all(params)
      ) as ExecutionRow[];
      const items = rows.slice(0, req.limit).map(summaryOf);
      return rows.length > req.limit ? { items, next: cursorOf(rows[req.limit - 1]!) } : { items };
    },
    async commit(items) {
      return commitBatch(items);
    },
    async history(executionArn, query) {
      const rows = (
        query.reverse
          ? historyDesc.all(executionArn, query.after ?? Number.MAX_SAFE_INTEGER, query.limit)
          : historyAsc.all(executionArn, query.after ?? 0, query.limit)
      ) as {
        id: number;
        previous_event_id: number;
        timestamp: number;
        type: HistoryEvent['type'];
        details: string | null;
      }[];
      return rows.map((r) => ({
        id: r.id,
        previousEventId: r.previous_event_id,
        timestamp: r.timestamp,
        type: r.type,
        ...(r.details !== null ? { details: JSON.parse(r.details) } : {}),
      }));
    },
    async listRunning(limit, afterArn) {
      return (running.all(afterArn ?? '', limit) as { arn: string }[]).map((r) => r.arn);
    },
    async definition(hash) {
      return (getDefinition.get(hash) as { text: string } | undefined)?.text;
    },
  };
}

export function sqliteTimers(db: SqliteDatabase): TimerStore {
  const due = db.prepare(
    'SELECT execution_arn, seq, fire_at FROM timers WHERE fire_at <= ? ORDER BY fire_at, execution_arn, seq LIMIT ?',
  );
  const next = db.prepare(
    'SELECT execution_arn, seq, fire_at FROM timers ORDER BY fire_at, execution_arn, seq LIMIT 1',
  );
  const remove = db.prepare('DELETE FROM timers WHERE execution_arn = ? AND seq = ?');
  const timerOf = (r: { execution_arn: string; seq: number; fire_at: number }): TimerRecord => ({
    executionArn: r.execution_arn,
    seq: r.seq,
    fireAt: r.fire_at,
  });
  return {
    async due(now, limit) {
      return (due.all(now, limit) as { execution_arn: string; seq: number; fire_at: number }[]).map(timerOf);
    },
    async next() {
      const row = next.get() as { execution_arn: string; seq: number; fire_at: number } | undefined;
      return row ? timerOf(row) : undefined;
    },
    async remove(executionArn, seq) {
      remove.run(executionArn, seq);
    },
  };
}

export function sqliteTasks(db: SqliteDatabase): TaskStore {
  const get = db.prepare('SELECT * FROM tasks WHERE token = ?');
  const oldest = db.prepare(
    "SELECT * FROM tasks WHERE resource = ? AND status = 'SCHEDULED' ORDER BY created_at, token LIMIT 1",
  );
  const start = db.prepare(
    "UPDATE tasks SET status = 'STARTED', worker_name = ? WHERE token = ? AND status = 'SCHEDULED'",
  );
  const open = db.prepare("SELECT * FROM tasks WHERE execution_arn = ? AND status <> 'CLOSED' ORDER BY seq");
  const claim = db.transaction((resource: string, workerName: string | null) => {
    const row = oldest.get(resource) as TaskRow | undefined;
    if (!row || start.run(workerName, row.token).changes !== 1) return undefined;
    return taskOf({ ...row, status: 'STARTED', worker_name: workerName });
  });
  return {
    async get(token) {
      const row = get.get(token) as TaskRow | undefined;
      return row ? taskOf(row) : undefined;
    },
    async claim(resource, workerName) {
      return claim(resource, workerName ?? null);
    },
    async openTasks(executionArn) {
      return (open.all(executionArn) as TaskRow[]).map(taskOf);
    },
  };
}
