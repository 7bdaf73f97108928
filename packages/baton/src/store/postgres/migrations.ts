/**
 * PostgreSQL schema, as numbered migrations applied in order at open (each once, recorded in
 * schema_migrations, all of them in one transaction under an advisory lock: see database.ts).
 * The logical schema is SQLite's (sqlite/migrations.ts), with these choices:
 *
 * - Documents (records, inputs, outputs, states, event details) are `json`, not `jsonb`: `json`
 *   keeps the text as written, so key order, `\u0000` escapes and lone surrogates survive exactly
 *   as they do in SQLite. `jsonb` reorders keys (an execution's output would come back reordered,
 *   and an execution reloaded from the store would differ from one kept in memory) and rejects
 *   `\u0000`, which users may send. Nothing queries inside the documents, so `jsonb` buys nothing.
 * - Error and cause are `json` strings too: they are user text (SendTaskFailure) and PostgreSQL's
 *   `text` cannot hold NUL.
 * - Keys compared by range (ARNs) use the "C" collation, so lists order by code point exactly as
 *   SQLite's BINARY does, whatever the database's default collation.
 * - Instants are BIGINT epoch milliseconds; counters and ids BIGINT.
 * - Queue-like queries have partial indexes: SCHEDULED tasks per resource, RUNNING executions.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'workflows',
    sql: `
      -- Control plane: JSON documents keyed by ARN.
      CREATE TABLE state_machines (arn text COLLATE "C" PRIMARY KEY, record json NOT NULL);
      CREATE TABLE state_machine_versions (
        arn text COLLATE "C" PRIMARY KEY,
        state_machine_arn text COLLATE "C" NOT NULL,
        version bigint NOT NULL,
        record json NOT NULL,
        UNIQUE (state_machine_arn, version));
      -- Version numbers are never reused, even after a version or its machine is deleted.
      CREATE TABLE version_counters (state_machine_arn text COLLATE "C" PRIMARY KEY, last bigint NOT NULL);
      CREATE TABLE aliases (
        arn text COLLATE "C" PRIMARY KEY, state_machine_arn text COLLATE "C" NOT NULL, record json NOT NULL);
      CREATE INDEX aliases_by_machine ON aliases (state_machine_arn, arn);
      CREATE TABLE activities (arn text COLLATE "C" PRIMARY KEY, record json NOT NULL);
      CREATE TABLE tags (
        resource_arn text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, value text NOT NULL,
        PRIMARY KEY (resource_arn, key));

      -- Executions keep the columns their lists filter and sort on; the interpreter state is a document.
      CREATE TABLE executions (
        arn text COLLATE "C" PRIMARY KEY,
        state_machine_arn text COLLATE "C" NOT NULL,
        version_arn text,
        alias_arn text,
        name text NOT NULL,
        status text NOT NULL,
        start_date bigint NOT NULL,
        stop_date bigint,
        input json NOT NULL,
        output json,
        error json,
        cause json,
        redrive_count integer NOT NULL DEFAULT 0,
        redrive_date bigint,
        trace_header text,
        definition_hash text NOT NULL,
        state json NOT NULL,
        version bigint NOT NULL);
      CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date DESC, arn DESC);
      CREATE INDEX executions_by_machine_status ON executions (state_machine_arn, status, start_date DESC, arn DESC);
      CREATE INDEX executions_running ON executions (arn) WHERE status = 'RUNNING';

      -- Definitions executions run, content-addressed: UpdateStateMachine never changes a running one.
      CREATE TABLE definitions (hash text PRIMARY KEY, text text NOT NULL);

      CREATE TABLE history_events (
        execution_arn text COLLATE "C" NOT NULL,
        id bigint NOT NULL,
        previous_event_id bigint NOT NULL,
        timestamp bigint NOT NULL,
        type text NOT NULL,
        details json,
        PRIMARY KEY (execution_arn, id));

      CREATE TABLE timers (
        execution_arn text COLLATE "C" NOT NULL, seq bigint NOT NULL, fire_at bigint NOT NULL,
        PRIMARY KEY (execution_arn, seq));
      CREATE INDEX timers_by_time ON timers (fire_at, execution_arn, seq);

      CREATE TABLE tasks (
        token text PRIMARY KEY,
        execution_arn text COLLATE "C" NOT NULL,
        seq bigint NOT NULL,
        state_name text NOT NULL,
        resource text NOT NULL,
        kind text NOT NULL,
        pattern text NOT NULL,
        input json NOT NULL,
        status text NOT NULL,
        worker_name text,
        created_at bigint NOT NULL,
        heartbeat_seconds integer);
      -- The activity queue: what claim's FOR UPDATE SKIP LOCKED walks, oldest first.
      CREATE INDEX tasks_queue ON tasks (resource, created_at, token) WHERE status = 'SCHEDULED';
      CREATE INDEX tasks_open_by_execution ON tasks (execution_arn, seq) WHERE status <> 'CLOSED';
    `,
  },
];
