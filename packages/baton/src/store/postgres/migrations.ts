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
  {
    version: 2,
    name: 'queues',
    sql: `
      -- Queues (SQS): the record is a document; the dead-letter target is a column so the sources
      -- of a dead-letter queue can be listed.
      CREATE TABLE queues (
        arn text COLLATE "C" PRIMARY KEY, dead_letter_target text COLLATE "C", record json NOT NULL);
      CREATE INDEX queues_by_dead_letter_target ON queues (dead_letter_target, arn)
        WHERE dead_letter_target IS NOT NULL;

      -- One row per message. seq orders a queue, is the FIFO sequence number and, with the receipt
      -- token of the latest receive, what a receipt handle names. A named sequence: a FIFO send
      -- draws its number before writing the deduplication entry that points at it.
      CREATE SEQUENCE queue_message_seq;
      CREATE TABLE queue_messages (
        seq bigint PRIMARY KEY DEFAULT nextval('queue_message_seq'),
        queue_arn text COLLATE "C" NOT NULL,
        id text NOT NULL,
        body text NOT NULL,
        md5_body text NOT NULL,
        attributes text,
        sent_at bigint NOT NULL,
        visible_at bigint NOT NULL,
        group_id text COLLATE "C",
        dedup_id text,
        receive_count integer NOT NULL DEFAULT 0,
        first_received_at bigint,
        receipt text,
        dead_letter_source text COLLATE "C");
      -- What receive walks (visible messages, oldest first, FOR UPDATE SKIP LOCKED) and the counts read.
      CREATE INDEX queue_messages_visible ON queue_messages (queue_arn, visible_at, seq);
      -- FIFO: a group's messages in order.
      CREATE INDEX queue_messages_groups ON queue_messages (queue_arn, group_id, seq) WHERE group_id IS NOT NULL;

      -- FIFO deduplication: a key accepted within the window maps to the first message sent with it.
      CREATE TABLE queue_deduplication (
        queue_arn text COLLATE "C" NOT NULL, scope text NOT NULL, id text NOT NULL,
        message_id text NOT NULL, seq bigint NOT NULL, expires_at bigint NOT NULL,
        PRIMARY KEY (queue_arn, scope, id));
    `,
  },
  {
    version: 3,
    name: 'event buses',
    sql: `
      -- Event buses (EventBridge). Records are documents keyed by ARN; version is bumped by every
      -- change to the bus's rules or targets, so each node knows when to recompile its matcher.
      CREATE TABLE event_buses (arn text COLLATE "C" PRIMARY KEY, version bigint NOT NULL DEFAULT 0, record json NOT NULL);
      CREATE TABLE event_rules (
        arn text COLLATE "C" PRIMARY KEY, bus_arn text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL,
        record json NOT NULL);
      CREATE INDEX event_rules_by_bus ON event_rules (bus_arn, name);
      CREATE TABLE event_targets (
        rule_arn text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, bus_arn text COLLATE "C" NOT NULL,
        target_arn text COLLATE "C" NOT NULL, target json NOT NULL,
        PRIMARY KEY (rule_arn, id));
      -- ListRuleNamesByTarget.
      CREATE INDEX event_targets_by_arn ON event_targets (bus_arn, target_arn, rule_arn);

      -- The delivery outbox: one row per (event, rule, target) written with the PutEvents that
      -- accepted the event, deleted once delivered. due_at is also the lease: a claimed row is
      -- invisible to claims until its lease ends, so a crashed node's rows come back by themselves.
      -- Claims take rows FOR UPDATE SKIP LOCKED, so several nodes share the outbox.
      CREATE TABLE event_deliveries (
        id text COLLATE "C" PRIMARY KEY,
        rule_arn text NOT NULL,
        target_id text NOT NULL,
        target json NOT NULL,
        event text NOT NULL,
        ingested_at bigint NOT NULL,
        due_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        lease text,
        last_error text);
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
        execution_arn text COLLATE "C" NOT NULL,
        first_id bigint NOT NULL,
        last_id bigint NOT NULL,
        events json NOT NULL,
        PRIMARY KEY (execution_arn, first_id));
      INSERT INTO history_pages (execution_arn, first_id, last_id, events)
        SELECT execution_arn, id, id, json_build_array(json_build_array(id, previous_event_id, timestamp, type, details))
        FROM history_events;
      DROP TABLE history_events;
    `,
  },
  {
    version: 5,
    name: 'topics',
    sql: `
      -- Topics (SNS). The record is a document; version is bumped by every change to the topic's
      -- subscriptions; sequence is the last FIFO sequence number handed out (incrementing it locks
      -- the row until commit, so publishes to one FIFO topic commit in sequence order); deleted
      -- counts unsubscribed subscriptions.
      CREATE TABLE topics (
        arn text COLLATE "C" PRIMARY KEY, version bigint NOT NULL DEFAULT 0, sequence bigint NOT NULL DEFAULT 0,
        deleted bigint NOT NULL DEFAULT 0, record json NOT NULL);
      -- One row per subscription; (topic, protocol, endpoint) is unique: Subscribe is idempotent.
      CREATE TABLE topic_subscriptions (
        arn text COLLATE "C" PRIMARY KEY, topic_arn text COLLATE "C" NOT NULL, protocol text NOT NULL,
        endpoint text NOT NULL, token text, pending boolean NOT NULL, record json NOT NULL);
      CREATE UNIQUE INDEX topic_subscriptions_endpoint ON topic_subscriptions (topic_arn, protocol, endpoint);
      CREATE INDEX topic_subscriptions_by_topic ON topic_subscriptions (topic_arn, arn);
      CREATE INDEX topic_subscriptions_token ON topic_subscriptions (token) WHERE token IS NOT NULL;

      -- FIFO deduplication and internal idempotency keys.
      CREATE TABLE topic_deduplication (
        topic_arn text COLLATE "C" NOT NULL, scope text NOT NULL, id text NOT NULL,
        message_id text NOT NULL, sequence bigint, expires_at bigint NOT NULL,
        PRIMARY KEY (topic_arn, scope, id));

      -- The delivery outbox: one row per (message, subscription), deleted once delivered. due_at is
      -- also the lease; claims take rows FOR UPDATE SKIP LOCKED. seq orders rows as written; a lane
      -- (FIFO subscription and message group) is served from its smallest seq only.
      CREATE TABLE topic_deliveries (
        seq bigserial PRIMARY KEY,
        id text COLLATE "C" NOT NULL UNIQUE,
        subscription_arn text NOT NULL,
        subscription json NOT NULL,
        message text NOT NULL,
        lane text COLLATE "C",
        sequence bigint,
        due_at bigint NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        lease text,
        last_error text);
      CREATE INDEX topic_deliveries_due ON topic_deliveries (due_at, seq);
      CREATE INDEX topic_deliveries_lanes ON topic_deliveries (lane, seq) WHERE lane IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'logs and streams',
    sql: `
      -- Logs: durable, append-only, partitioned (store/streams-port.ts). A partition numbers its
      -- records 1, 2, 3, ... (next_seq is the next), keeps its latest arrival time and can be
      -- sealed. Appends lock the partition's row, so a partition's commits follow its seq order.
      CREATE TABLE logs (id bigserial PRIMARY KEY, name text NOT NULL, created_at bigint NOT NULL);
      CREATE TABLE log_partitions (
        log_id bigint NOT NULL, partition integer NOT NULL,
        next_seq bigint NOT NULL DEFAULT 1, last_at bigint NOT NULL DEFAULT 0, sealed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (log_id, partition));
      CREATE TABLE log_records (
        log_id bigint NOT NULL, partition integer NOT NULL, seq bigint NOT NULL,
        at bigint NOT NULL, key text NOT NULL, data bytea NOT NULL,
        PRIMARY KEY (log_id, partition, seq));

      -- Streams (Kinesis): the record is a document; version is the optimistic concurrency check.
      CREATE TABLE streams (arn text COLLATE "C" PRIMARY KEY, version bigint NOT NULL, record json NOT NULL);
      -- Consumer groups: members as one document (the row is also the group's lock); one lease
      -- row per shard the group has seen.
      CREATE TABLE stream_groups (
        stream_arn text COLLATE "C" NOT NULL, group_name text COLLATE "C" NOT NULL, members json NOT NULL,
        PRIMARY KEY (stream_arn, group_name));
      CREATE TABLE stream_leases (
        stream_arn text COLLATE "C" NOT NULL, group_name text COLLATE "C" NOT NULL, shard_id text COLLATE "C" NOT NULL,
        owner text, lease_until bigint NOT NULL, checkpoint text, finished boolean NOT NULL DEFAULT false,
        PRIMARY KEY (stream_arn, group_name, shard_id));
    `,
  },
  {
    version: 7,
    name: 'event schedules, archives, replays and API destinations',
    sql: `
      -- Scheduled rules: when each fires next. A fire moves next_fire_at with a conditional update
      -- (WHERE next_fire_at = the time read) in the transaction that writes its outbox rows, so of
      -- several nodes firing one due time, one commits and the others change nothing.
      CREATE TABLE event_schedules (rule_arn text COLLATE "C" PRIMARY KEY, expression text NOT NULL, next_fire_at bigint);
      CREATE INDEX event_schedules_due ON event_schedules (next_fire_at) WHERE next_fire_at IS NOT NULL;
      -- Archives, replays, connections and API destinations: versioned documents by kind and key.
      CREATE TABLE bus_documents (
        kind text COLLATE "C" NOT NULL, key text COLLATE "C" NOT NULL, version bigint NOT NULL, record json NOT NULL,
        PRIMARY KEY (kind, key));
      -- The bytes an archive's log holds (DescribeArchive's SizeBytes), kept with every append and trim.
      CREATE TABLE event_archive_sizes (log_id bigint PRIMARY KEY, bytes bigint NOT NULL);
    `,
  },
  {
    version: 8,
    name: 'pipes',
    sql: `
      -- Pipes (EventBridge Pipes): the record is a document; the columns are what ListPipes filters
      -- on, and version is the optimistic concurrency check of updates.
      CREATE TABLE pipes (
        arn text COLLATE "C" PRIMARY KEY, source text COLLATE "C" NOT NULL, target text COLLATE "C" NOT NULL,
        desired_state text NOT NULL, current_state text NOT NULL, version bigint NOT NULL, record json NOT NULL);
      CREATE INDEX pipes_running ON pipes (arn) WHERE desired_state = 'RUNNING';
      -- Which node runs a pipe, until when (a lease the node renews while it runs the pipe).
      CREATE TABLE pipe_runners (arn text COLLATE "C" PRIMARY KEY, owner text NOT NULL, lease_until bigint NOT NULL);
    `,
  },
  {
    version: 9,
    name: 'schema registry',
    sql: `
      -- Schema registry (EventBridge Schemas): SQLite's tables. Schema content is text: the
      -- document as given, which SearchSchemas reads with ILIKE.
      CREATE TABLE schema_registries (arn text COLLATE "C" PRIMARY KEY, record json NOT NULL);
      CREATE TABLE schemas (
        arn text COLLATE "C" PRIMARY KEY, registry_arn text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL,
        last_version integer NOT NULL, record json NOT NULL);
      CREATE INDEX schemas_by_registry ON schemas (registry_arn, name);
      CREATE TABLE schema_versions (
        schema_arn text COLLATE "C" NOT NULL, version integer NOT NULL, type text NOT NULL, content text NOT NULL,
        created_at bigint NOT NULL, client_token text,
        PRIMARY KEY (schema_arn, version));
      CREATE TABLE schema_discoverers (
        arn text COLLATE "C" PRIMARY KEY, source_arn text COLLATE "C" NOT NULL, record json NOT NULL);
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
