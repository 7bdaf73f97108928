/**
 * SQLite schema, as numbered migrations applied in order at start (each once, recorded in
 * schema_migrations). Control-plane records are JSON documents keyed by ARN; executions keep the
 * columns their lists filter and sort on; history, timers and tasks are rows of their own.
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
      CREATE TABLE state_machines (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE state_machine_versions (
        arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL);
      CREATE INDEX state_machine_versions_by_machine ON state_machine_versions (state_machine_arn, version DESC);
      -- Version numbers are never reused, even after a version is deleted.
      CREATE TABLE version_counters (state_machine_arn TEXT PRIMARY KEY, last INTEGER NOT NULL);
      CREATE TABLE aliases (arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX aliases_by_machine ON aliases (state_machine_arn, arn);
      CREATE TABLE activities (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE tags (resource_arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (resource_arn, key));

      CREATE TABLE executions (
        arn TEXT PRIMARY KEY,
        state_machine_arn TEXT NOT NULL,
        version_arn TEXT,
        alias_arn TEXT,
        name TEXT NOT NULL,
        status TEXT NOT NULL,
        start_date INTEGER NOT NULL,
        stop_date INTEGER,
        input TEXT NOT NULL,
        output TEXT,
        error TEXT,
        cause TEXT,
        redrive_count INTEGER NOT NULL DEFAULT 0,
        redrive_date INTEGER,
        trace_header TEXT,
        definition_hash TEXT NOT NULL,
        state TEXT NOT NULL,
        version INTEGER NOT NULL);
      CREATE INDEX executions_by_machine ON executions (state_machine_arn, start_date DESC, arn DESC);
      CREATE INDEX executions_by_machine_status ON executions (state_machine_arn, status, start_date DESC, arn DESC);
      CREATE INDEX executions_running ON executions (arn) WHERE status = 'RUNNING';

      -- Definitions executions run, content-addressed: UpdateStateMachine never changes a running one.
      CREATE TABLE definitions (hash TEXT PRIMARY KEY, text TEXT NOT NULL);

      CREATE TABLE history_events (
        execution_arn TEXT NOT NULL,
        id INTEGER NOT NULL,
        previous_event_id INTEGER NOT NULL,
        timestamp INTEGER NOT NULL,
        type TEXT NOT NULL,
        details TEXT,
        PRIMARY KEY (execution_arn, id)) WITHOUT ROWID;

      CREATE TABLE timers (
        execution_arn TEXT NOT NULL, seq INTEGER NOT NULL, fire_at INTEGER NOT NULL,
        PRIMARY KEY (execution_arn, seq)) WITHOUT ROWID;
      CREATE INDEX timers_by_time ON timers (fire_at);

      CREATE TABLE tasks (
        token TEXT PRIMARY KEY,
        execution_arn TEXT NOT NULL,
        seq INTEGER NOT NULL,
        state_name TEXT NOT NULL,
        resource TEXT NOT NULL,
        kind TEXT NOT NULL,
        pattern TEXT NOT NULL,
        input TEXT NOT NULL,
        status TEXT NOT NULL,
        worker_name TEXT,
        created_at INTEGER NOT NULL,
        heartbeat_seconds INTEGER);
      CREATE INDEX tasks_queue ON tasks (resource, status, created_at);
      CREATE INDEX tasks_by_execution ON tasks (execution_arn);
    `,
  },
];
