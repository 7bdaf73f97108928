/**
 * Group commit on PostgreSQL: a whole batch of starts and transitions in one transaction, in a
 * number of round trips that does not grow with the batch.
 *
 * A batch is cut into rounds holding at most one item per execution (an execution's items keep
 * their order: its k-th item goes to round k). Each round is ONE statement whose data-modifying
 * CTEs insert the new executions, advance the others under the version check, and write the
 * history events, timers and tasks of exactly those that committed. A one-round batch (the usual
 * case: the engine applies one signal at a time per execution) is a single autocommit statement;
 * more rounds run in one transaction. Rows travel as one JSON array per table (documents inside
 * as JSON text, so they reach their `json` columns byte for byte).
 *
 * The CTEs of one statement see the same snapshot and must not touch a row twice, so each
 * transition's changes are first reduced to their net effect, in the order the contract suite
 * pins (armed, cancelled, created, started, closed): a timer armed and cancelled is only deleted;
 * a task created and closed is inserted CLOSED; one started and closed is only closed.
 */

import { historyPages } from '../execution-rows.js';
import type { CommitItem, CommitOutcome, TaskRecord, Transition } from '../port.js';
import type { Database, Queryable } from './database.js';

interface Round {
  /** Outcome positions of the round's items, and the items. */
  readonly entries: readonly { readonly index: number; readonly item: CommitItem }[];
}

export async function commitBatch(db: Database, items: readonly CommitItem[]): Promise<CommitOutcome[]> {
  if (items.length === 0) return [];
  const rounds = roundsOf(items);
  const outcomes: CommitOutcome[] = new Array(items.length);
  const run = async (q: Queryable) => {
    for (const round of rounds) await commitRound(q, round, outcomes);
    return outcomes;
  };
  // One round is one statement: atomic on its own, no BEGIN/COMMIT round trips.
  return rounds.length === 1 ? run(db) : db.transaction(run);
}

function arnOf(item: CommitItem): string {
  return item.kind === 'start' ? item.execution.record.arn : item.transition.executionArn;
}

function roundsOf(items: readonly CommitItem[]): Round[] {
  const seen = new Map<string, number>();
  const rounds: { index: number; item: CommitItem }[][] = [];
  items.forEach((item, index) => {
    const arn = arnOf(item);
    const k = seen.get(arn) ?? 0;
    seen.set(arn, k + 1);
    (rounds[k] ??= []).push({ index, item });
  });
  // Rows in ARN order: concurrent batches lock the executions they share in the same order.
  return rounds.map((entries) => ({ entries: entries.sort((a, b) => compare(arnOf(a.item), arnOf(b.item))) }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const doc = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** The columns a transition's state sets on the execution row. */
function stateColumns(t: Transition) {
  const s = t.state;
  return {
    status: s.status,
    stop_date: s.closedAt ?? null,
    output: doc(s.output),
    error: doc(s.error),
    cause: doc(s.cause),
    redrive_count: s.redriveCount ?? 0,
    redrive_date: s.redrivenAt ?? null,
    state: JSON.stringify(s),
  };
}

/** The rows one round writes, one array per table. */
class RoundRows {
  readonly starts: object[] = [];
  readonly definitions = new Map<string, { hash: string; text: string }>();
  readonly advances: object[] = [];
  readonly pages: object[] = [];
  readonly timersArmed = new Map<string, object>();
  readonly timersCancelled: object[] = [];
  readonly tasksCreated: object[] = [];
  readonly tasksStarted: object[] = [];
  readonly tasksClosed: object[] = [];

  add(item: CommitItem): void {
    if (item.kind === 'start') {
      const { record, definition, start } = item.execution;
      this.starts.push({
        arn: record.arn,
        state_machine_arn: record.stateMachineArn,
        version_arn: record.stateMachineVersionArn ?? null,
        alias_arn: record.stateMachineAliasArn ?? null,
        name: record.name,
        start_date: record.startDate,
        input: JSON.stringify(record.input),
        trace_header: record.traceHeader ?? null,
        definition_hash: definition.hash,
        ...stateColumns(start),
      });
      this.definitions.set(definition.hash, definition);
      this.effects(record.arn, start);
    } else {
      const t = item.transition;
      this.advances.push({ arn: t.executionArn, expected: t.expectedVersion, ...stateColumns(t) });
      this.effects(t.executionArn, t);
    }
  }

  /** A transition's history, timers and tasks, reduced to their net effect; `owner` must commit. */
  private effects(owner: string, t: Transition): void {
    for (const page of historyPages(t.events)) this.pages.push({ owner, ...page });
    const cancelled = new Set(t.timersCancelled);
    for (const timer of t.timersArmed) {
      const key = `${timer.seq}@${timer.executionArn}`;
      // Only the net arm is sent: the last arm of a seq wins, a cancel by the same transition removes it
      // (one statement's ON CONFLICT DO UPDATE cannot touch a row twice, nor see a sibling's DELETE).
      this.timersArmed.delete(key);
      if (timer.executionArn === owner && cancelled.has(timer.seq)) continue;
      this.timersArmed.set(key, { owner, execution_arn: timer.executionArn, seq: timer.seq, fire_at: timer.fireAt });
    }
    for (const seq of cancelled) this.timersCancelled.push({ owner, seq });

    const started = new Set(t.tasksStarted);
    const closed = new Set(t.tasksClosed);
    const created = new Set<string>();
    for (const task of t.tasksCreated) {
      created.add(task.token);
      this.tasksCreated.push({ owner, ...taskColumns(task), status: netStatus(task, started, closed) });
    }
    for (const token of started) {
      if (!created.has(token) && !closed.has(token)) this.tasksStarted.push({ owner, token });
    }
    for (const token of closed) if (!created.has(token)) this.tasksClosed.push({ owner, token });
  }

  values(): string[] {
    return [
      this.starts,
      [...this.definitions.values()],
      this.advances,
      this.pages,
      [...this.timersArmed.values()],
      this.timersCancelled,
      this.tasksCreated,
      this.tasksStarted,
      this.tasksClosed,
    ].map((rows) => JSON.stringify(rows));
  }
}

function netStatus(task: TaskRecord, started: Set<string>, closed: Set<string>): TaskRecord['status'] {
  if (closed.has(task.token)) return 'CLOSED';
  return started.has(task.token) && task.status === 'SCHEDULED' ? 'STARTED' : task.status;
}

function taskColumns(task: TaskRecord) {
  return {
    token: task.token,
    execution_arn: task.executionArn,
    seq: task.seq,
    state_name: task.stateName,
    resource: task.resource,
    kind: task.kind,
    pattern: task.integrationPattern,
    input: JSON.stringify(task.input),
    created_at: task.createdAt,
    heartbeat_seconds: task.heartbeatSeconds ?? null,
  };
}

async function commitRound(q: Queryable, round: Round, outcomes: CommitOutcome[]): Promise<void> {
  const rows = new RoundRows();
  for (const { item } of round.entries) rows.add(item);
  const result = await q.query<{ arn: string }>({ name: 'commit-round', text: COMMIT_ROUND, values: rows.values() });
  const committed = new Set(result.rows.map((r) => r.arn));
  for (const { index, item } of round.entries) {
    const ok = committed.has(arnOf(item));
    outcomes[index] = ok ? 'committed' : item.kind === 'start' ? 'alreadyExists' : 'conflict';
  }
}

/**
 * commit-round: writes one round of a group commit (at most one item per execution).
 * Inputs (JSON arrays of rows; documents as JSON text): $1 new executions with their first
 *   transition's state columns, $2 their definitions, $3 transitions (arn, expected version, state
 *   columns), $4 history pages (one per transition), $5 timers armed, $6 timers cancelled, $7 tasks created (with their
 *   net status), $8 tasks started, $9 tasks closed; every effect row names its `owner` execution.
 * Output: the ARNs of the executions whose item committed.
 * Outcomes: a start commits (row inserted at version 1) or, its ARN taken, reports alreadyExists
 *   (ON CONFLICT DO NOTHING); a transition commits (version + 1) or, its version stale or its
 *   execution unknown, reports conflict (the version check is the UPDATE's WHERE). Effects are
 *   written for committed owners only, so a refused item changes nothing; a definition is stored
 *   only with an execution that runs it.
 * Locks: the execution rows inserted or updated (a concurrent commit of the same execution waits,
 *   then re-checks the version and reports conflict), the rows of timers and tasks written.
 */
const COMMIT_ROUND = `
WITH
started AS (
  INSERT INTO executions (arn, state_machine_arn, version_arn, alias_arn, name, status, start_date, stop_date,
    input, output, error, cause, redrive_count, redrive_date, trace_header, definition_hash, state, version)
  SELECT arn, state_machine_arn, version_arn, alias_arn, name, status, start_date, stop_date,
    input::json, output::json, error::json, cause::json, redrive_count, redrive_date, trace_header, definition_hash,
    state::json, 1
  FROM json_to_recordset($1::json) AS s(arn text, state_machine_arn text, version_arn text, alias_arn text, name text,
    status text, start_date bigint, stop_date bigint, input text, output text, error text, cause text,
    redrive_count integer, redrive_date bigint, trace_header text, definition_hash text, state text)
  ORDER BY arn
  ON CONFLICT (arn) DO NOTHING
  RETURNING arn, definition_hash
),
definitions_stored AS (
  INSERT INTO definitions (hash, text)
  SELECT d.hash, d.text FROM json_to_recordset($2::json) AS d(hash text, text text)
  WHERE d.hash IN (SELECT definition_hash FROM started)
  ON CONFLICT (hash) DO NOTHING
),
advanced AS (
  UPDATE executions e SET status = t.status, stop_date = t.stop_date, output = t.output::json, error = t.error::json,
    cause = t.cause::json, redrive_count = t.redrive_count, redrive_date = t.redrive_date, state = t.state::json,
    version = e.version + 1
  FROM json_to_recordset($3::json) AS t(arn text, expected bigint, status text, stop_date bigint, output text,
    error text, cause text, redrive_count integer, redrive_date bigint, state text)
  WHERE e.arn = t.arn AND e.version = t.expected
  RETURNING e.arn
),
committed AS (SELECT arn FROM started UNION ALL SELECT arn FROM advanced),
events_written AS (
  INSERT INTO history_pages (execution_arn, first_id, last_id, events)
  SELECT owner, first_id, last_id, events::json
  FROM json_to_recordset($4::json) AS v(owner text, first_id bigint, last_id bigint, events text)
  WHERE owner IN (SELECT arn FROM committed)
),
timers_armed AS (
  INSERT INTO timers (execution_arn, seq, fire_at)
  SELECT execution_arn, seq, fire_at
  FROM json_to_recordset($5::json) AS a(owner text, execution_arn text, seq bigint, fire_at bigint)
  WHERE owner IN (SELECT arn FROM committed)
  ON CONFLICT (execution_arn, seq) DO UPDATE SET fire_at = excluded.fire_at
),
timers_cancelled AS (
  DELETE FROM timers USING json_to_recordset($6::json) AS c(owner text, seq bigint)
  WHERE timers.execution_arn = c.owner AND timers.seq = c.seq AND c.owner IN (SELECT arn FROM committed)
),
tasks_created AS (
  INSERT INTO tasks (token, execution_arn, seq, state_name, resource, kind, pattern, input, status, created_at,
    heartbeat_seconds)
  SELECT token, execution_arn, seq, state_name, resource, kind, pattern, input::json, status, created_at,
    heartbeat_seconds
  FROM json_to_recordset($7::json) AS k(owner text, token text, execution_arn text, seq bigint, state_name text,
    resource text, kind text, pattern text, input text, status text, created_at bigint, heartbeat_seconds integer)
  WHERE owner IN (SELECT arn FROM committed)
),
tasks_started AS (
  UPDATE tasks SET status = 'STARTED' FROM json_to_recordset($8::json) AS s(owner text, token text)
  WHERE tasks.token = s.token AND tasks.status = 'SCHEDULED' AND s.owner IN (SELECT arn FROM committed)
),
tasks_closed AS (
  UPDATE tasks SET status = 'CLOSED' FROM json_to_recordset($9::json) AS c(owner text, token text)
  WHERE tasks.token = c.token AND c.owner IN (SELECT arn FROM committed)
)
SELECT arn FROM committed`;
