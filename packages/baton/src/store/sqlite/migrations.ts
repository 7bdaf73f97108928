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
  {
    version: 2,
    name: 'queues',
    sql: `
      -- Queues (SQS): the record is a JSON document; the dead-letter target is a column so the
      -- sources of a dead-letter queue can be listed.
      CREATE TABLE queues (arn TEXT PRIMARY KEY, dead_letter_target TEXT, record TEXT NOT NULL);
      CREATE INDEX queues_by_dead_letter_target ON queues (dead_letter_target, arn) WHERE dead_letter_target IS NOT NULL;

      -- One row per message. seq (never reused: AUTOINCREMENT) orders a queue, is the FIFO sequence
      -- number and, with the receipt token of the latest receive, what a receipt handle names.
      CREATE TABLE queue_messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        queue_arn TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        md5_body TEXT NOT NULL,
        attributes TEXT,
        sent_at INTEGER NOT NULL,
        visible_at INTEGER NOT NULL,
        group_id TEXT,
        dedup_id TEXT,
        receive_count INTEGER NOT NULL DEFAULT 0,
        first_received_at INTEGER,
        receipt TEXT,
        dead_letter_source TEXT);
      -- What receive walks (visible messages, oldest first) and what the counts read.
      CREATE INDEX queue_messages_visible ON queue_messages (queue_arn, visible_at, seq);
      -- FIFO: a group's messages in order, to find in-flight ones and walk a group from its head.
      CREATE INDEX queue_messages_groups ON queue_messages (queue_arn, group_id, seq) WHERE group_id IS NOT NULL;

      -- FIFO deduplication: a key accepted within the window maps to the message first sent with it
      -- (the entry outlives that message: deleting it does not reopen the window).
      CREATE TABLE queue_deduplication (
        queue_arn TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL,
        message_id TEXT NOT NULL, seq INTEGER NOT NULL, expires_at INTEGER NOT NULL,
        PRIMARY KEY (queue_arn, scope, id)) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'event buses',
    sql: `
      -- Event buses (EventBridge). Records are JSON documents keyed by ARN; version is bumped by
      -- every change to the bus's rules or targets, so each node knows when to recompile its matcher.
      CREATE TABLE event_buses (arn TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL);
      CREATE TABLE event_rules (arn TEXT PRIMARY KEY, bus_arn TEXT NOT NULL, name TEXT NOT NULL, record TEXT NOT NULL);
      CREATE INDEX event_rules_by_bus ON event_rules (bus_arn, name);
      CREATE TABLE event_targets (
        rule_arn TEXT NOT NULL, id TEXT NOT NULL, bus_arn TEXT NOT NULL, target_arn TEXT NOT NULL, target TEXT NOT NULL,
        PRIMARY KEY (rule_arn, id)) WITHOUT ROWID;
      -- ListRuleNamesByTarget.
      CREATE INDEX event_targets_by_arn ON event_targets (bus_arn, target_arn, rule_arn);

      -- The delivery outbox: one row per (event, rule, target) written with the PutEvents that
      -- accepted the event, deleted once delivered. due_at is also the lease: a claimed row is
      -- invisible to claims until its lease ends, so a crashed node's rows come back by themselves.
      CREATE TABLE event_deliveries (
        id TEXT PRIMARY KEY,
        rule_arn TEXT NOT NULL,
        target_id TEXT NOT NULL,
        target TEXT NOT NULL,
        event TEXT NOT NULL,
        ingested_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease TEXT,
        last_error TEXT) WITHOUT ROWID;
      CREATE INDEX event_deliveries_due ON event_deliveries (due_at, id);
    `,
  },
  {
    version: 4,
    name: 'history pages',
    sql: `
      -- History as one row per transition (the events it recorded, as compact tuples): a
      -- transition writes one row instead of one per event. Existing events become pages of one.
      CREATE TABLE history_pages (
        execution_arn TEXT NOT NULL,
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        events TEXT NOT NULL,
        PRIMARY KEY (execution_arn, first_id)) WITHOUT ROWID;
      INSERT INTO history_pages (execution_arn, first_id, last_id, events)
        SELECT execution_arn, id, id, json_array(json_array(id, previous_event_id, timestamp, type, json(details)))
        FROM history_events;
      DROP TABLE history_events;
    `,
  },
  {
    version: 5,
    name: 'topics',
    sql: `
      -- Topics (SNS). The record is a JSON document; version is bumped by every change to the
      -- topic's subscriptions (nodes recompile their filter matchers when they see it); sequence is
      -- the last FIFO sequence number handed out; deleted counts unsubscribed subscriptions.
      CREATE TABLE topics (
        arn TEXT PRIMARY KEY, version INTEGER NOT NULL DEFAULT 0, sequence INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL);
      -- One row per subscription; (topic, protocol, endpoint) is unique: Subscribe is idempotent.
      CREATE TABLE topic_subscriptions (
        arn TEXT PRIMARY KEY, topic_arn TEXT NOT NULL, protocol TEXT NOT NULL, endpoint TEXT NOT NULL,
        token TEXT, pending INTEGER NOT NULL, record TEXT NOT NULL);
      CREATE UNIQUE INDEX topic_subscriptions_endpoint ON topic_subscriptions (topic_arn, protocol, endpoint);
      CREATE INDEX topic_subscriptions_token ON topic_subscriptions (token) WHERE token IS NOT NULL;

      -- FIFO deduplication and internal idempotency keys: a key accepted within its window maps to
      -- the message first published with it.
      CREATE TABLE topic_deduplication (
        topic_arn TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL,
        message_id TEXT NOT NULL, sequence INTEGER, expires_at INTEGER NOT NULL,
        PRIMARY KEY (topic_arn, scope, id)) WITHOUT ROWID;

      -- The delivery outbox: one row per (message, subscription), written with the Publish that
      -- accepted the message, deleted once delivered. due_at is also the lease. seq orders rows as
      -- written; a lane (FIFO subscription and message group) is served from its smallest seq only.
      CREATE TABLE topic_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        subscription_arn TEXT NOT NULL,
        subscription TEXT NOT NULL,
        message TEXT NOT NULL,
        lane TEXT,
        sequence INTEGER,
        due_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        lease TEXT,
        last_error TEXT);
      CREATE INDEX topic_deliveries_due ON topic_deliveries (due_at, seq);
      CREATE INDEX topic_deliveries_lanes ON topic_deliveries (lane, seq) WHERE lane IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'logs and streams',
    sql: `
      -- Logs: durable, append-only, partitioned (store/streams-port.ts). A partition numbers its
      -- records 1, 2, 3, ... (next_seq is the next), keeps its latest arrival time (arrival times
      -- never go back within a partition, so seq order is time order) and can be sealed.
      CREATE TABLE logs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE log_partitions (
        log_id INTEGER NOT NULL, partition INTEGER NOT NULL,
        next_seq INTEGER NOT NULL DEFAULT 1, last_at INTEGER NOT NULL DEFAULT 0, sealed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (log_id, partition)) WITHOUT ROWID;
      -- Records clustered by (log, partition, seq) in one B-tree: an append writes at the right edge
      -- of its partition, a read from a position is one range scan, trimming deletes a prefix.
      CREATE TABLE log_records (
        log_id INTEGER NOT NULL, partition INTEGER NOT NULL, seq INTEGER NOT NULL,
        at INTEGER NOT NULL, key TEXT NOT NULL, data BLOB NOT NULL,
        PRIMARY KEY (log_id, partition, seq)) WITHOUT ROWID;

      -- Streams (Kinesis): the record (shards, consumers, scaling history) is a JSON document;
      -- version is the optimistic concurrency check of updates.
      CREATE TABLE streams (arn TEXT PRIMARY KEY, version INTEGER NOT NULL, record TEXT NOT NULL);
      -- Consumer groups: the members as one JSON document; one lease row per shard the group has
      -- seen, with its owner, lease end and checkpoint.
      CREATE TABLE stream_groups (
        stream_arn TEXT NOT NULL, group_name TEXT NOT NULL, members TEXT NOT NULL,
        PRIMARY KEY (stream_arn, group_name)) WITHOUT ROWID;
      CREATE TABLE stream_leases (
        stream_arn TEXT NOT NULL, group_name TEXT NOT NULL, shard_id TEXT NOT NULL,
        owner TEXT, lease_until INTEGER NOT NULL, checkpoint TEXT, finished INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (stream_arn, group_name, shard_id)) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'event schedules, archives, replays and API destinations',
    sql: `
      -- Scheduled rules: when each fires next. A fire moves next_fire_at with a conditional update
      -- (WHERE next_fire_at = the time read) in the transaction that writes its outbox rows.
      CREATE TABLE event_schedules (rule_arn TEXT PRIMARY KEY, expression TEXT NOT NULL, next_fire_at INTEGER);
      CREATE INDEX event_schedules_due ON event_schedules (next_fire_at) WHERE next_fire_at IS NOT NULL;
      -- Archives, replays, connections and API destinations: versioned JSON documents by kind and key.
      CREATE TABLE bus_documents (
        kind TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL,
        PRIMARY KEY (kind, key)) WITHOUT ROWID;
      -- The bytes an archive's log holds (DescribeArchive's SizeBytes), kept with every append and trim.
      CREATE TABLE event_archive_sizes (log_id INTEGER PRIMARY KEY, bytes INTEGER NOT NULL);
    `,
  },
  {
    version: 8,
    name: 'pipes',
    sql: `
      -- Pipes (EventBridge Pipes): the record is a JSON document; the columns are what ListPipes
      -- filters on, and version is the optimistic concurrency check of updates.
      CREATE TABLE pipes (
        arn TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL,
        desired_state TEXT NOT NULL, current_state TEXT NOT NULL, version INTEGER NOT NULL, record TEXT NOT NULL);
      CREATE INDEX pipes_running ON pipes (arn) WHERE desired_state = 'RUNNING';
      -- Which node runs a pipe, until when (a lease the node renews while it runs the pipe).
      CREATE TABLE pipe_runners (arn TEXT PRIMARY KEY, owner TEXT NOT NULL, lease_until INTEGER NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    version: 9,
    name: 'schema registry',
    sql: `
      -- Schema registry (EventBridge Schemas). Registries and discoverers are JSON documents keyed
      -- by ARN; a schema row keeps the columns its lists filter and sort on, and last_version (the
      -- highest version number handed out, never reused), which UpdateSchema checks optimistically.
      CREATE TABLE schema_registries (arn TEXT PRIMARY KEY, record TEXT NOT NULL);
      CREATE TABLE schemas (
        arn TEXT PRIMARY KEY, registry_arn TEXT NOT NULL, name TEXT NOT NULL,
        last_version INTEGER NOT NULL, record TEXT NOT NULL);
      CREATE INDEX schemas_by_registry ON schemas (registry_arn, name);
      -- One row per version; content is the schema text as given.
      CREATE TABLE schema_versions (
        schema_arn TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, content TEXT NOT NULL,
        created_at INTEGER NOT NULL, client_token TEXT,
        PRIMARY KEY (schema_arn, version)) WITHOUT ROWID;
      CREATE TABLE schema_discoverers (arn TEXT PRIMARY KEY, source_arn TEXT NOT NULL, record TEXT NOT NULL);
    `,
  },
  {
    version: 10,
    name: 'tasks without worker names',
    sql: `
      -- A worker's name is in the ActivityStarted event; starting a task is a transition now.
      ALTER TABLE tasks DROP COLUMN worker_name;
    `,
  },
];
