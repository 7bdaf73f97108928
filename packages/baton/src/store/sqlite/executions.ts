import {
  cursorOf,
  type ExecutionRow,
  eventsOfPages,
  type HistoryPageRow,
  historyPages,
  recordOf,
  SUMMARY_COLUMNS,
  summaryOf,
  type TaskRow,
  taskOf,
} from '../execution-rows.js';
import type {
  CommitItem,
  CommitOutcome,
  ExecutionRecord,
  ExecutionStore,
  TaskStore,
  TimerRecord,
  TimerStore,
  Transition,
} from '../port.js';
import type { SqliteDatabase } from './database.js';

export function sqliteExecutions(db: SqliteDatabase): ExecutionStore {
  // A start writes the row with the state after its first transition: one write, at version 1.
  const insert =
    db.prepare(`INSERT INTO executions (arn, state_machine_arn, version_arn, alias_arn, name, status, start_date, stop_date,
      input, output, error, cause, redrive_count, redrive_date, trace_header, definition_hash, state, version)
    VALUES (@arn, @stateMachineArn, @versionArn, @aliasArn, @name, @status, @startDate, @stopDate, @input, @output,
      @error, @cause, 0, NULL, @traceHeader, @definitionHash, @state, 1)
    ON CONFLICT (arn) DO NOTHING`);
  const get = db.prepare('SELECT * FROM executions WHERE arn = ?');
  const advance =
    db.prepare(`UPDATE executions SET status = @status, stop_date = @stopDate, output = @output, error = @error,
      cause = @cause, redrive_count = @redriveCount, redrive_date = @redriveDate, state = @state, version = version + 1
    WHERE arn = @arn AND version = @expected`);
  // Most transitions change only a running execution's state: an UPDATE that does not name the
  // status leaves the status indexes alone. It applies when the row's other columns already hold
  // what the full UPDATE would write; otherwise it changes nothing and the full one runs.
  const advanceRunning = db.prepare(`UPDATE executions SET state = @state, version = version + 1
    WHERE arn = @arn AND version = @expected AND status = 'RUNNING' AND stop_date IS NULL AND output IS NULL
      AND error IS NULL AND cause IS NULL AND redrive_count = @redriveCount AND redrive_date IS @redriveDate`);
  const insertPage = db.prepare(
    'INSERT INTO history_pages (execution_arn, first_id, last_id, events) VALUES (?, ?, ?, ?)',
  );
  const armTimer = db.prepare(
    'INSERT INTO timers (execution_arn, seq, fire_at) VALUES (?, ?, ?) ON CONFLICT (execution_arn, seq) DO UPDATE SET fire_at = excluded.fire_at',
  );
  const cancelTimer = db.prepare('DELETE FROM timers WHERE execution_arn = ? AND seq = ?');
  const createTask =
    db.prepare(`INSERT INTO tasks (token, execution_arn, seq, state_name, resource, kind, pattern, input, status,
      created_at, heartbeat_seconds) VALUES (@token, @executionArn, @seq, @stateName, @resource, @kind, @integrationPattern,
      @input, @status, @createdAt, @heartbeatSeconds)`);
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
  // A page holds at least one event, so `limit` pages always hold `limit` events when there are that many.
  const historyAsc = db.prepare(
    'SELECT first_id, last_id, events FROM history_pages WHERE execution_arn = ? AND last_id > ? ORDER BY first_id LIMIT ?',
  );
  const historyDesc = db.prepare(
    'SELECT first_id, last_id, events FROM history_pages WHERE execution_arn = ? AND first_id < ? ORDER BY first_id DESC LIMIT ?',
  );
  const running = db.prepare("SELECT arn FROM executions WHERE status = 'RUNNING' AND arn > ? ORDER BY arn LIMIT ?");

  const advanceRow = (t: Transition): number => {
    const s = t.state;
    const state = JSON.stringify(s);
    const redriveCount = s.redriveCount ?? 0;
    const redriveDate = s.redrivenAt ?? null;
    const stillRunning =
      s.status === 'RUNNING' &&
      s.closedAt === undefined &&
      s.output === undefined &&
      s.error === undefined &&
      s.cause === undefined;
    if (stillRunning) {
      const params = { arn: t.executionArn, expected: t.expectedVersion, state, redriveCount, redriveDate };
      if (advanceRunning.run(params).changes === 1) return 1;
    }
    return advance.run({
      arn: t.executionArn,
      expected: t.expectedVersion,
      status: s.status,
      stopDate: s.closedAt ?? null,
      output: s.output === undefined ? null : JSON.stringify(s.output),
      error: s.error ?? null,
      cause: s.cause ?? null,
      redriveCount,
      redriveDate,
      state,
    }).changes;
  };
  /** The history, timers and tasks of a transition whose execution row was written. */
  const writeEffects = (t: Transition): CommitOutcome => {
    for (const page of historyPages(t.events)) insertPage.run(t.executionArn, page.first_id, page.last_id, page.events);
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
  // Hashes of definitions this store has committed: rows are never deleted, so a start of a known
  // definition skips its INSERT. Filled after a batch commits (a rolled-back insert stored nothing).
  const storedDefinitions = new Set<string>();
  const start = (
    record: ExecutionRecord,
    definition: { hash: string; text: string },
    first: Transition,
  ): CommitOutcome => {
    const s = first.state;
    const inserted = insert.run({
      arn: record.arn,
      stateMachineArn: record.stateMachineArn,
      versionArn: record.stateMachineVersionArn ?? null,
      aliasArn: record.stateMachineAliasArn ?? null,
      name: record.name,
      status: s.status,
      startDate: record.startDate,
      stopDate: s.closedAt ?? null,
      input: JSON.stringify(record.input),
      output: s.output === undefined ? null : JSON.stringify(s.output),
      error: s.error ?? null,
      cause: s.cause ?? null,
      traceHeader: record.traceHeader ?? null,
      definitionHash: definition.hash,
      state: JSON.stringify(s),
    }).changes;
    // 'alreadyExists' changes nothing: not even the definitions table.
    if (inserted === 0) return 'alreadyExists';
    if (!storedDefinitions.has(definition.hash)) insertDefinition.run(definition.hash, definition.text);
    return writeEffects(first);
  };
  const commitBatch = db.transaction((items: readonly CommitItem[]) =>
    items.map((item) =>
      item.kind === 'start'
        ? start(item.execution.record, item.execution.definition, item.execution.start)
        : advanceRow(item.transition) === 0
          ? 'conflict'
          : writeEffects(item.transition),
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
      const items = rows.slice(0, req.limit).map((row) => summaryOf(row));
      return rows.length > req.limit ? { items, next: cursorOf(rows[req.limit - 1]!) } : { items };
    },
    async commit(items) {
      const outcomes = commitBatch(items);
      items.forEach((item, i) => {
        if (item.kind === 'start' && outcomes[i] === 'committed') storedDefinitions.add(item.execution.definition.hash);
      });
      return outcomes;
    },
    async history(executionArn, query) {
      const pages = (
        query.reverse
          ? historyDesc.all(executionArn, query.after ?? Number.MAX_SAFE_INTEGER, query.limit)
          : historyAsc.all(executionArn, query.after ?? 0, query.limit)
      ) as HistoryPageRow[];
      return eventsOfPages(pages, query);
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
    "SELECT * FROM tasks WHERE resource = ? AND status = 'SCHEDULED' ORDER BY created_at, token LIMIT ?",
  );
  const retire = db.prepare("UPDATE tasks SET status = 'CLOSED' WHERE token = ? AND status = 'SCHEDULED'");
  const open = db.prepare("SELECT * FROM tasks WHERE execution_arn = ? AND status <> 'CLOSED' ORDER BY seq");
  return {
    async get(token) {
      const row = get.get(token) as TaskRow | undefined;
      return row ? taskOf(row) : undefined;
    },
    async scheduled(resource, limit) {
      return (oldest.all(resource, limit) as TaskRow[]).map(taskOf);
    },
    async retire(token) {
      retire.run(token);
    },
    async openTasks(executionArn) {
      return (open.all(executionArn) as TaskRow[]).map(taskOf);
    },
  };
}
