/**
 * The storage port: everything Baton keeps, as records and operations with written contracts.
 * Two adapters implement it (SQLite, PostgreSQL) and one contract suite (store/contract) pins
 * the behaviour both must have. Nothing engine-specific leaks above this file: adapters map
 * their drivers' errors to the outcomes declared here.
 */
import type { ExecutionState, ExecutionStatus, HistoryEvent } from '../asl/index.js';
import type { Instant, Json, JsonObject } from '../kernel/index.js';
import type { LogStore, StreamStore } from './streams-port.js';

export type * from './streams-port.js';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineRecord {
  readonly arn: string;
  readonly name: string;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
  readonly description?: string;
  readonly loggingConfiguration?: Json;
  readonly tracingConfiguration?: Json;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
  /** 'INITIAL' until the first change: AWS assigns revision ids from the first UpdateStateMachine on. */
  readonly revisionId: string;
}

export interface StateMachineVersionRecord {
  readonly arn: string;
  readonly stateMachineArn: string;
  readonly version: number;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
  readonly description?: string;
  readonly loggingConfiguration?: Json;
  readonly tracingConfiguration?: Json;
  readonly revisionId: string;
  readonly createdAt: Instant;
}

export interface RoutingEntry {
  readonly stateMachineVersionArn: string;
  readonly weight: number;
}

export interface AliasRecord {
  readonly arn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly description?: string;
  readonly routingConfiguration: readonly RoutingEntry[];
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

export interface ActivityRecord {
  readonly arn: string;
  readonly name: string;
  readonly createdAt: Instant;
}

/** A page of a list: `next` is an opaque cursor for the following page, absent on the last one. */
export interface Page<T> {
  readonly items: T[];
  readonly next?: string;
}

export interface PageRequest {
  readonly limit: number;
  readonly after?: string;
}

export interface ExecutionRecord {
  readonly arn: string;
  /** The state machine the execution belongs to (never a version or alias ARN). */
  readonly stateMachineArn: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Instant;
  readonly stopDate?: Instant;
  readonly input: Json;
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
  readonly redriveCount: number;
  readonly redriveDate?: Instant;
  readonly traceHeader?: string;
  /** The definition the execution runs (content-addressed: see NewExecution.definition). */
  readonly definitionHash: string;
  /** The interpreter state. */
  readonly state: ExecutionState;
  /** Incremented by every committed transition: the optimistic concurrency check. */
  readonly version: number;
}

export type ExecutionSummaryRecord = Omit<ExecutionRecord, 'state' | 'input' | 'output' | 'version' | 'definitionHash'>;

export interface ExecutionFilter {
  readonly stateMachineArn: string;
  readonly status?: ExecutionStatus;
  readonly versionOrAliasArn?: string;
}

export type TaskKind = 'activity' | 'function' | 'service';
export type TaskStatus = 'SCHEDULED' | 'STARTED' | 'CLOSED';

/** Work handed out with a task token: activity tasks wait here for a worker; the rest for a result. */
export interface TaskRecord {
  readonly token: string;
  readonly executionArn: string;
  readonly seq: number;
  readonly stateName: string;
  readonly resource: string;
  readonly kind: TaskKind;
  readonly integrationPattern: 'request' | 'sync' | 'sync:2' | 'waitForTaskToken';
  readonly input: Json;
  readonly status: TaskStatus;
  readonly createdAt: Instant;
  readonly heartbeatSeconds?: number;
}

export interface TimerRecord {
  readonly executionArn: string;
  readonly seq: number;
  readonly fireAt: Instant;
}

/**
 * Everything one applied signal changes, committed atomically: the new interpreter state, its
 * history events, timers armed and cancelled, tasks created and closed.
 */
export interface Transition {
  readonly executionArn: string;
  /** The version the state was read at; the commit fails with 'conflict' if it moved. */
  readonly expectedVersion: number;
  readonly state: ExecutionState;
  readonly events: readonly HistoryEvent[];
  readonly timersArmed: readonly TimerRecord[];
  readonly timersCancelled: readonly number[];
  readonly tasksCreated: readonly TaskRecord[];
  /** Tasks whose work was handed over (a callback integration answered): not re-run after a crash. */
  readonly tasksStarted: readonly string[];
  readonly tasksClosed: readonly string[];
  readonly at: Instant;
}

/** One unit of a group commit: an execution's first transition with its row, or a later transition. */
export type CommitItem =
  | { readonly kind: 'start'; readonly execution: NewExecution }
  | { readonly kind: 'transition'; readonly transition: Transition };

/** 'conflict': the transition's expectedVersion was stale. 'alreadyExists': an execution with that ARN exists. */
export type CommitOutcome = 'committed' | 'conflict' | 'alreadyExists';

export interface NewExecution {
  readonly record: ExecutionRecord;
  /** The definition text under its hash; stored once however many executions run it. */
  readonly definition: { readonly hash: string; readonly text: string };
  /** The first transition (Start), committed with the execution row. */
  readonly start: Transition;
}

export interface HistoryQuery {
  readonly reverse: boolean;
  readonly limit: number;
  /** Event id to continue after (exclusive), in the query's direction. */
  readonly after?: number;
}

export interface StateMachineStore {
  /** Contract: inserts; 'alreadyExists' with the stored record when the ARN is taken. */
  create(
    record: StateMachineRecord,
  ): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: StateMachineRecord }>;
  get(arn: string): Promise<StateMachineRecord | undefined>;
  /** Ordered by ARN; only those whose ARN starts with `arnPrefix` (region and account). */
  list(arnPrefix: string, page: PageRequest): Promise<Page<StateMachineRecord>>;
  /** Contract: replaces the record; false when it does not exist. */
  update(record: StateMachineRecord): Promise<boolean>;
  /** Contract: removes the machine with its versions, aliases and tags (executions stay). */
  delete(arn: string): Promise<void>;

  /** Contract: stores the next version number atomically (1, 2, …; numbers are never reused). */
  publishVersion(version: Omit<StateMachineVersionRecord, 'version' | 'arn'>): Promise<StateMachineVersionRecord>;
  getVersion(arn: string): Promise<StateMachineVersionRecord | undefined>;
  /** Newest first. */
  listVersions(stateMachineArn: string, page: PageRequest): Promise<Page<StateMachineVersionRecord>>;
  deleteVersion(arn: string): Promise<void>;

  createAlias(record: AliasRecord): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: AliasRecord }>;
  getAlias(arn: string): Promise<AliasRecord | undefined>;
  listAliases(stateMachineArn: string, page: PageRequest): Promise<Page<AliasRecord>>;
  updateAlias(record: AliasRecord): Promise<boolean>;
  deleteAlias(arn: string): Promise<void>;
}

export interface ActivityStore {
  create(record: ActivityRecord): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: ActivityRecord }>;
  get(arn: string): Promise<ActivityRecord | undefined>;
  list(arnPrefix: string, page: PageRequest): Promise<Page<ActivityRecord>>;
  delete(arn: string): Promise<void>;
}

export interface TagStore {
  list(resourceArn: string): Promise<Record<string, string>>;
  /** Adds or overwrites the given tags. */
  put(resourceArn: string, tags: Record<string, string>): Promise<void>;
  remove(resourceArn: string, keys: readonly string[]): Promise<void>;
}

export interface ExecutionStore {
  get(arn: string): Promise<ExecutionRecord | undefined>;
  /** Newest first (by start date, then ARN). */
  list(filter: ExecutionFilter, page: PageRequest): Promise<Page<ExecutionSummaryRecord>>;
  /**
   * Contract: commits each item atomically, all of them in as few storage transactions as the
   * adapter can (group commit). A start inserts the execution row and its first transition, or
   * reports 'alreadyExists' and changes nothing. A transition whose expectedVersion is stale
   * changes nothing and reports 'conflict'. One outcome per item, in order.
   */
  commit(items: readonly CommitItem[]): Promise<CommitOutcome[]>;
  history(executionArn: string, query: HistoryQuery): Promise<HistoryEvent[]>;
  /** Executions still RUNNING: what a restarted node resumes. */
  listRunning(limit: number, afterArn?: string): Promise<string[]>;
  /** The definition text stored under `hash`. */
  definition(hash: string): Promise<string | undefined>;
}

export interface TimerStore {
  /** Timers due at or before `now`, earliest first. */
  due(now: Instant, limit: number): Promise<TimerRecord[]>;
  /** The earliest armed timer, to know when to look again. */
  next(): Promise<TimerRecord | undefined>;
  /** Removes a timer that fired but no longer applied (its execution moved on). */
  remove(executionArn: string, seq: number): Promise<void>;
}

export interface TaskStore {
  get(token: string): Promise<TaskRecord | undefined>;
  /**
   * The oldest SCHEDULED tasks of `resource`, oldest first, at most `limit`. Handing one to a
   * worker is a transition (`tasksStarted`, under its execution's version check), so of two
   * callers that pick the same task only one starts it.
   */
  scheduled(resource: string, limit: number): Promise<TaskRecord[]>;
  /** Closes a task that is still SCHEDULED but that its execution will never start. */
  retire(token: string): Promise<void>;
  /** Tasks not CLOSED of one execution (recovery re-dispatches them). */
  openTasks(executionArn: string): Promise<TaskRecord[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  readonly stateMachines: StateMachineStore;
  readonly activities: ActivityStore;
  readonly tags: TagStore;
  readonly executions: ExecutionStore;
  readonly timers: TimerStore;
  readonly tasks: TaskStore;
  readonly queues: QueueStore;
  readonly bus: BusStore;
  readonly topics: TopicStore;
  readonly log: LogStore;
  readonly streams: StreamStore;
  readonly schemas: SchemaStore;
  readonly pipes: PipeStore;
  readonly eventSchedules: EventScheduleStore;
  readonly eventArchives: EventArchiveStore;
  readonly eventReplays: DocumentTable<EventReplayRecord>;
  readonly connections: DocumentTable<ConnectionRecord>;
  readonly apiDestinations: DocumentTable<ApiDestinationRecord>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Queues (SQS). The store keeps queues and their messages; the rules (attributes, FIFO order,
// deduplication windows, redrive) are decided in messaging/queues and arrive here as values.
// ---------------------------------------------------------------------------------------------

export interface QueueRecord {
  /** `arn:aws:sqs:<region>:<account>:<name>`: the key. */
  readonly arn: string;
  readonly name: string;
  readonly fifo: boolean;
  /** The settable attributes as AWS returns them (strings), defaults filled in. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Epoch milliseconds. */
  readonly createdAt: Instant;
  readonly lastModifiedAt: Instant;
  /** The `deadLetterTargetArn` of the RedrivePolicy, kept as a column for ListDeadLetterSourceQueues. */
  readonly deadLetterTargetArn?: string;
}

/** A message to append. The store assigns its sequence number. */
export interface NewQueueMessage {
  readonly queueArn: string;
  readonly id: string;
  readonly body: string;
  readonly md5OfBody: string;
  /** Message and system attributes with their MD5s, as one JSON document the store does not read. */
  readonly attributes?: string;
  readonly sentAt: Instant;
  /** When it may first be received: sentAt plus its delay. */
  readonly visibleAt: Instant;
  readonly groupId?: string;
  /**
   * Deduplication (FIFO's, or an internal send's idempotency): a message whose key (scope, id) was
   * accepted and has not expired is not appended again; the first message's id and sequence
   * number are returned instead.
   */
  readonly deduplication?: { readonly scope: string; readonly id: string; readonly expiresAt: Instant };
  /** The MessageDeduplicationId receivers see (FIFO queues only). */
  readonly deduplicationId?: string;
}

export type SendOutcome =
  | { readonly kind: 'sent'; readonly seq: number }
  | { readonly kind: 'duplicate'; readonly id: string; readonly seq: number }
  | { readonly kind: 'queueDoesNotExist' };

export interface QueueMessageRecord {
  readonly queueArn: string;
  readonly seq: number;
  readonly id: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes?: string;
  readonly sentAt: Instant;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  /** Receives so far, this one included when returned by `receive`. */
  readonly receiveCount: number;
  readonly firstReceivedAt?: Instant;
  /** The token of the latest receive (with seq, what a receipt handle names). */
  readonly receipt?: string;
  /** The queue a dead-lettered message came from (where a redrive without destination returns it). */
  readonly deadLetterSourceArn?: string;
}

/** One ReceiveMessage call's claim: atomic, and never overlapping another claim's messages. */
export interface ReceiveRequest {
  readonly queueArn: string;
  readonly fifo: boolean;
  readonly max: number;
  readonly now: Instant;
  /** The messages claimed stay invisible until then. */
  readonly visibleUntil: Instant;
  /** A token unique to this claim; it becomes each claimed message's `receipt`. */
  readonly receipt: string;
  /** Messages sent before this instant have outlived the retention period: never returned. */
  readonly expiredBefore: Instant;
  /**
   * The RedrivePolicy: a message already received `maxReceiveCount` times is moved to the end of
   * the target queue (when it exists) instead of being returned.
   */
  readonly deadLetter?: { readonly targetArn: string; readonly maxReceiveCount: number };
}

export interface ReceiveResult {
  readonly messages: QueueMessageRecord[];
  readonly movedToDeadLetter: number;
}

/** What a receipt handle names: a message by sequence number, and the receive that handed it out. */
export interface ReceiptRef {
  readonly queueArn: string;
  readonly seq: number;
  readonly receipt: string;
}

/** 'stale': the message is gone or was received again since (its receipt changed). */
export type DeleteOutcome = 'deleted' | 'stale';

/** The hot path's writes of one group commit (QueueStore.write). */
export interface QueueWrites {
  readonly sends: readonly NewQueueMessage[];
  readonly deletes: readonly ReceiptRef[];
  readonly receives: readonly ReceiveRequest[];
}

/** One outcome per write, in the order given. */
export interface QueueWriteOutcomes {
  readonly sends: SendOutcome[];
  readonly deletes: DeleteOutcome[];
  readonly receives: ReceiveResult[];
  /**
   * True when every receive of the call ran after its sends and before its deletes (SQLite's
   * one transaction), so a receive that came back short left none of the sent messages it
   * could take; false when they ran concurrently.
   */
  readonly receivesAfterSends: boolean;
}

/** 'notInFlight': the receipt is current but the message is visible again. */
export type VisibilityOutcome = 'changed' | 'notInFlight' | 'stale';

/** A message as a peek sees it: its record and when it is (or becomes) visible. */
export interface PeekedQueueMessage extends QueueMessageRecord {
  readonly visibleAt: Instant;
}

export interface QueueCounts {
  /** Visible now (FIFO: including those waiting behind their group). */
  readonly visible: number;
  /** Received and not yet visible again. */
  readonly inFlight: number;
  /** Never received and not yet visible (DelaySeconds). */
  readonly delayed: number;
}

export interface QueueStore {
  /** Contract: inserts; 'alreadyExists' with the stored record when the ARN is taken. */
  create(record: QueueRecord): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: QueueRecord }>;
  get(arn: string): Promise<QueueRecord | undefined>;
  /** Ordered by ARN; only those whose ARN starts with `arnPrefix`. */
  list(arnPrefix: string, page: PageRequest): Promise<Page<QueueRecord>>;
  /** Queues whose RedrivePolicy targets `deadLetterArn`, ordered by ARN. */
  listDeadLetterSources(deadLetterArn: string, page: PageRequest): Promise<Page<QueueRecord>>;
  /** Contract: replaces the record; false when it does not exist. */
  update(record: QueueRecord): Promise<boolean>;
  /** Contract: removes the queue, its messages and its deduplication entries. */
  delete(arn: string): Promise<void>;

  /**
   * Contract: appends the messages in order, all in one transaction (one fsync for a batch).
   * One outcome per message; a message for a queue that does not exist is not appended.
   */
  send(messages: readonly NewQueueMessage[]): Promise<SendOutcome[]>;
  /**
   * Contract: each request claims up to `max` visible, unexpired messages atomically (receive
   * count + 1, receipt set, invisible until `visibleUntil`); concurrent claims never return the
   * same message. Standard queues: oldest visible first. FIFO queues: in sequence order, only from
   * groups with no message in flight and whose first message is visible, so a group is blocked
   * while any of its messages is in flight. Expired messages are deleted on the way.
   */
  receive(requests: readonly ReceiveRequest[]): Promise<ReceiveResult[]>;
  /** Contract: deletes each message whose receipt is current ('stale' otherwise). */
  deleteMessages(refs: readonly ReceiptRef[]): Promise<DeleteOutcome[]>;
  /**
   * Contract: send, deleteMessages and receive of the same call, as if run concurrently: each
   * outcome is the one that call alone would give, all durable when this resolves, and a receive
   * may or may not see a message sent (or a FIFO group freed) in the same call, which
   * `receivesAfterSends` tells. The queue service's group commit submits one per batch (SQLite:
   * one transaction, so one fsync).
   */
  write(writes: QueueWrites): Promise<QueueWriteOutcomes>;
  /** Contract: sets visibleAt of each in-flight message whose receipt is current. */
  changeVisibility(
    changes: readonly { readonly ref: ReceiptRef; readonly visibleAt: Instant; readonly now: Instant }[],
  ): Promise<VisibilityOutcome[]>;
  /** Contract: deletes the messages sent at or before `before`; returns how many. */
  purge(queueArn: string, before: Instant): Promise<number>;
  /** Deletes expired messages (sent before `expiredBefore`) and deduplication entries expired at `now`. */
  expire(queueArn: string, expiredBefore: Instant, now: Instant): Promise<number>;
  counts(queueArn: string, now: Instant, expiredBefore: Instant): Promise<QueueCounts>;
  /**
   * Contract: read-only (the console's peek, which AWS has no call for): up to `limit` unexpired
   * messages, in flight and delayed ones included, in the order they are or become visible (then
   * by sequence number); nothing about them changes.
   */
  peek(queueArn: string, limit: number, expiredBefore: Instant): Promise<PeekedQueueMessage[]>;
  /**
   * Contract: moves up to `limit` visible messages of `fromArn`, oldest first, to the end of
   * `toArn` (or, when undefined, each back to its deadLetterSourceArn; messages without one stay),
   * as new messages: receive count 0, visible now, same id, body and attributes. Returns how many
   * moved. A destination that does not exist receives nothing.
   */
  moveMessages(fromArn: string, toArn: string | undefined, limit: number, now: Instant): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Event buses (EventBridge). The store keeps buses, rules, targets and the delivery outbox; the
// rules of EventBridge (patterns, limits, retry timing, input transformation) are decided in
// messaging/bus and arrive here as values. Tags live in the TagStore, by ARN.
// ---------------------------------------------------------------------------------------------

export interface EventBusRecord {
  /** `arn:aws:events:<region>:<account>:event-bus/<name>`: the key. */
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly kmsKeyIdentifier?: string;
  readonly deadLetterConfig?: JsonObject;
  readonly createdAt: Instant;
  readonly lastModifiedAt: Instant;
}

export type EventRuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface EventRuleRecord {
  /** `…:rule/<name>` on the default bus, `…:rule/<bus>/<name>` on the others: the key. */
  readonly arn: string;
  readonly name: string;
  readonly busArn: string;
  readonly eventPattern?: string;
  readonly scheduleExpression?: string;
  readonly state: EventRuleState;
  readonly description?: string;
  readonly roleArn?: string;
  /** Set on rules a service keeps for itself (an archive's `Events-Archive-<name>`): users change them only with Force. */
  readonly managedBy?: string;
  readonly createdAt: Instant;
}

export interface EventTargetRecord {
  readonly ruleArn: string;
  readonly id: string;
  /** The target's `Arn`, kept as a column for ListRuleNamesByTarget. */
  readonly arn: string;
  /** The Target as PutTargets stored it (Input, InputTransformer, RetryPolicy, …): a document the store does not read. */
  readonly target: JsonObject;
}

export interface EventRuleWithTargets {
  readonly rule: EventRuleRecord;
  readonly targets: readonly EventTargetRecord[];
}

/** One (event, rule, target) pair to deliver: a row of the delivery outbox. */
export interface NewEventDelivery {
  readonly id: string;
  readonly ruleArn: string;
  readonly targetId: string;
  /** The target as it was when the event matched (retries use it even if the target changes). */
  readonly target: JsonObject;
  /** The event envelope as JSON text (number spellings kept). */
  readonly event: string;
  readonly ingestedAt: Instant;
  /** When it may be claimed. With `lease`, the writer claims it itself until then. */
  readonly dueAt: Instant;
  /** Set when the writer dispatches the delivery at once: it counts as claimed (attempt 1) by this lease. */
  readonly lease?: string;
}

export interface EventDeliveryRecord extends NewEventDelivery {
  /** Dispatch attempts started, this claim's included. */
  readonly attempts: number;
  readonly lastError?: string;
}

/** What `claim` takes: due rows, leased to the caller until `leaseUntil`. */
export interface DeliveryClaim {
  readonly now: Instant;
  readonly leaseUntil: Instant;
  readonly lease: string;
  readonly limit: number;
}

export interface DeliveryRetry {
  readonly id: string;
  /** Only a row still held by this lease is rescheduled (another claim may have taken it since). */
  readonly lease: string;
  readonly dueAt: Instant;
  readonly lastError: string;
}

export interface BusStore {
  /** Contract: inserts; 'alreadyExists' with the stored record when the ARN is taken. */
  createBus(record: EventBusRecord): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: EventBusRecord }>;
  getBus(arn: string): Promise<EventBusRecord | undefined>;
  /** Ordered by ARN; only those whose ARN starts with `arnPrefix`. */
  listBuses(arnPrefix: string, page: PageRequest): Promise<Page<EventBusRecord>>;
  /** Contract: removes the bus with its rules and their targets (accepted deliveries stay). */
  deleteBus(arn: string): Promise<void>;

  /** Contract: inserts or replaces the rule (its targets stay) and bumps its bus's version. */
  putRule(record: EventRuleRecord): Promise<void>;
  getRule(arn: string): Promise<EventRuleRecord | undefined>;
  /** The rules of a bus whose name starts with `namePrefix`, ordered by name. */
  listRules(busArn: string, namePrefix: string, page: PageRequest): Promise<Page<EventRuleRecord>>;
  /**
   * Contract: removes a rule that has no targets, atomically with the check ('hasTargets' changes
   * nothing); bumps its bus's version.
   */
  deleteRule(arn: string): Promise<'deleted' | 'hasTargets' | 'notFound'>;
  /**
   * Contract: adds or replaces targets by id, atomically, unless the rule would then have more than
   * `maxTargets` ('limitExceeded' changes nothing); bumps the bus's version.
   */
  putTargets(
    ruleArn: string,
    targets: readonly EventTargetRecord[],
    maxTargets: number,
  ): Promise<'stored' | 'ruleNotFound' | 'limitExceeded'>;
  /** Contract: removes the targets with these ids; returns the ids that existed. Bumps the bus's version. */
  removeTargets(ruleArn: string, ids: readonly string[]): Promise<string[]>;
  /** Ordered by id. */
  listTargets(ruleArn: string, page: PageRequest): Promise<Page<EventTargetRecord>>;
  /** Names of the rules of a bus with a target of that ARN, ordered by name. */
  ruleNamesByTarget(busArn: string, targetArn: string, page: PageRequest): Promise<Page<string>>;
  /** Every rule of a bus with its targets: what a node compiles into the bus's matcher. */
  ruleSet(busArn: string): Promise<EventRuleWithTargets[]>;
  /** Each bus's version: bumped by every change to its rules or targets, so nodes see others' changes. */
  versions(): Promise<Record<string, number>>;

  /**
   * Contract: inserts the deliveries and deletes the `completed` ones, all in one transaction (one
   * fsync for a group of PutEvents): an accepted event is in the outbox before anyone is told so.
   */
  enqueue(deliveries: readonly NewEventDelivery[], completed?: readonly string[]): Promise<void>;
  /**
   * Contract: leases up to `limit` rows due at `now` (earliest first) to the caller: their dueAt
   * becomes `leaseUntil`, attempts + 1, lease set. Concurrent claims never return the same row.
   */
  claim(request: DeliveryClaim): Promise<EventDeliveryRecord[]>;
  /** Contract: deletes the delivered rows, whoever holds them. */
  complete(ids: readonly string[]): Promise<void>;
  /** Contract: reschedules rows still held by the given lease (others are left alone). */
  retry(retries: readonly DeliveryRetry[]): Promise<void>;
  /** Contract: moves the lease of rows still held by `lease` to `leaseUntil` (long dispatches). */
  extend(ids: readonly string[], lease: string, leaseUntil: Instant): Promise<void>;
  /** The earliest dueAt of any row, to know when to look again. */
  nextDue(): Promise<Instant | undefined>;
  /** How many deliveries wait (tests, metrics). */
  pending(): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Topics (SNS). The store keeps topics, subscriptions, FIFO deduplication entries and the
// delivery outbox; SNS's rules (attributes, filter policies, envelopes, delivery policies) are
// decided in messaging/topics and arrive here as values. Tags live in the TagStore, by ARN.
// ---------------------------------------------------------------------------------------------

export interface TopicRecord {
  /** `arn:aws:sns:<region>:<account>:<name>`: the key. */
  readonly arn: string;
  readonly name: string;
  readonly fifo: boolean;
  /** The attributes set at creation or since (strings, as AWS returns them); computed ones are not stored. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly createdAt: Instant;
}

export interface SubscriptionRecord {
  /** `<topic ARN>:<uuid>`: the key. */
  readonly arn: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly owner: string;
  /** The settable attributes (FilterPolicy, RawMessageDelivery, RedrivePolicy, …) as strings. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly pendingConfirmation: boolean;
  readonly confirmationWasAuthenticated: boolean;
  /** The token a pending subscription is confirmed with (ConfirmSubscription). */
  readonly token?: string;
  readonly createdAt: Instant;
}

export interface SubscriptionCounts {
  readonly confirmed: number;
  readonly pending: number;
  readonly deleted: number;
}

/** One row of the topic delivery outbox: a message (or a confirmation) for one subscription. */
export interface NewTopicDelivery {
  readonly id: string;
  readonly subscriptionArn: string;
  /** What delivery needs of the subscription, as it was when the message matched (a document the store does not read). */
  readonly subscription: JsonObject;
  /** The message as a JSON document the store does not read. */
  readonly message: string;
  /**
   * FIFO order: rows of one lane (a subscription and a message group) are claimed one at a time,
   * in the order they were written; a lane is blocked while its oldest row is leased or waiting
   * for a retry. Undefined: no order.
   */
  readonly lane?: string;
  /** When it may be claimed. With `lease`, the writer claims it itself until then. */
  readonly dueAt: Instant;
  /** Set when the writer dispatches the row at once: it counts as claimed (attempt 1) by this lease. */
  readonly lease?: string;
}

export interface TopicDeliveryRecord extends NewTopicDelivery {
  /** The topic's sequence number of the message (FIFO topics), assigned when it was published. */
  readonly sequence?: number;
  readonly attempts: number;
  readonly lastError?: string;
}

/** A deduplication key of a published message: a key accepted and not expired makes a later publish a duplicate. */
export interface TopicDeduplication {
  readonly scope: string;
  readonly id: string;
  readonly expiresAt: Instant;
}

/** One Publish (or PublishBatch entry) to write, with the deliveries it fans out to. */
export interface NewTopicMessage {
  readonly topicArn: string;
  readonly messageId: string;
  /** FIFO topics: the store assigns the next sequence number of the topic to the message. */
  readonly sequenced: boolean;
  readonly deduplication: readonly TopicDeduplication[];
  readonly deliveries: readonly NewTopicDelivery[];
  readonly publishedAt: Instant;
}

export type TopicPublishOutcome =
  | { readonly kind: 'published'; readonly sequence?: number }
  | { readonly kind: 'duplicate'; readonly messageId: string; readonly sequence?: number }
  | { readonly kind: 'topicDoesNotExist' };

export interface TopicStore {
  /** Contract: inserts; 'alreadyExists' with the stored record when the ARN is taken. */
  createTopic(record: TopicRecord): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: TopicRecord }>;
  getTopic(arn: string): Promise<TopicRecord | undefined>;
  /** Ordered by ARN; only those whose ARN starts with `arnPrefix`. */
  listTopics(arnPrefix: string, page: PageRequest): Promise<Page<TopicRecord>>;
  /** Contract: replaces the record (the topic's subscriptions and sequence stay); false when it does not exist. */
  updateTopic(record: TopicRecord): Promise<boolean>;
  /** Contract: removes the topic with its subscriptions and deduplication entries (accepted deliveries stay). */
  deleteTopic(arn: string): Promise<void>;

  /**
   * Contract: adds the subscription unless its topic has one with the same protocol and endpoint
   * ('exists' with it, changing nothing), atomically; 'topicNotFound' when the topic does not exist.
   * Bumps the topic's version.
   */
  subscribe(
    record: SubscriptionRecord,
  ): Promise<{ kind: 'created' } | { kind: 'exists'; existing: SubscriptionRecord } | { kind: 'topicNotFound' }>;
  getSubscription(arn: string): Promise<SubscriptionRecord | undefined>;
  /** The subscription a confirmation token belongs to. */
  subscriptionByToken(token: string): Promise<SubscriptionRecord | undefined>;
  /** Contract: replaces the record; false when it does not exist. Bumps the topic's version. */
  updateSubscription(record: SubscriptionRecord): Promise<boolean>;
  /** Contract: removes the subscription (counted as deleted on its topic); false when it did not exist. Bumps the topic's version. */
  unsubscribe(arn: string): Promise<boolean>;
  /** Ordered by subscription ARN; only those whose ARN starts with `arnPrefix`. */
  listSubscriptions(arnPrefix: string, page: PageRequest): Promise<Page<SubscriptionRecord>>;
  /** A topic's subscriptions, ordered by ARN. */
  listSubscriptionsByTopic(topicArn: string, page: PageRequest): Promise<Page<SubscriptionRecord>>;
  /** Every subscription of a topic with the topic's version, read in one snapshot: what a node compiles. */
  subscriptionSet(topicArn: string): Promise<{ version: number; subscriptions: SubscriptionRecord[] } | undefined>;
  subscriptionCounts(topicArn: string): Promise<SubscriptionCounts>;
  /** Each topic's version: bumped by every change to its subscriptions, so nodes see others' changes. */
  versions(): Promise<Record<string, number>>;

  /**
   * Contract: writes the messages in order, all in one transaction (one fsync for a group of
   * publishes). A message whose topic does not exist is not written. A message with a
   * deduplication key that is accepted and not expired is a duplicate: nothing of it is written
   * and the first message's id and sequence are returned. Otherwise its keys are remembered, a
   * sequenced message gets its topic's next sequence number (concurrent writers to one topic
   * commit in sequence order: the topic row is locked until commit), and its deliveries are
   * inserted, lanes in the order given.
   */
  publish(messages: readonly NewTopicMessage[]): Promise<TopicPublishOutcome[]>;
  /** Contract: inserts deliveries that belong to no publish (subscription confirmations), in one transaction. */
  enqueue(deliveries: readonly NewTopicDelivery[]): Promise<void>;
  /**
   * Contract: leases up to `limit` due rows to the caller (earliest first): dueAt becomes
   * `leaseUntil`, attempts + 1, lease set. A row with a lane is claimable only while it is its
   * lane's oldest row. Concurrent claims never return the same row.
   */
  claim(request: DeliveryClaim): Promise<TopicDeliveryRecord[]>;
  /** Contract: deletes the rows, whoever holds them. */
  complete(ids: readonly string[]): Promise<void>;
  /** Contract: reschedules rows still held by the given lease (others are left alone). */
  retry(retries: readonly DeliveryRetry[]): Promise<void>;
  /** Contract: moves the lease of rows still held by `lease` to `leaseUntil`. */
  extend(ids: readonly string[], lease: string, leaseUntil: Instant): Promise<void>;
  /** The earliest dueAt of any row. */
  nextDue(): Promise<Instant | undefined>;
  /** How many deliveries wait (tests, metrics). */
  pending(): Promise<number>;
  /** Deletes deduplication entries expired at `now`; returns how many. */
  expireDeduplication(now: Instant): Promise<number>;
}

// ---------------------------------------------------------------------------------------------
// Schema registry (EventBridge Schemas). The store keeps registries, schemas with their numbered
// versions, and discoverers; what a schema means (validation, discovery, enforcement) is decided
// in messaging/schemas and arrives here as values. Tags live in the TagStore, by ARN.
// ---------------------------------------------------------------------------------------------

export type SchemaType = 'OpenApi3' | 'JSONSchemaDraft4';

export interface SchemaRegistryRecord {
  /** `arn:aws:schemas:<region>:<account>:registry/<name>`: the key. */
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly createdAt: Instant;
}

export interface SchemaRecord {
  /** `arn:aws:schemas:<region>:<account>:schema/<registry>/<name>`: the key. */
  readonly arn: string;
  readonly registryArn: string;
  readonly name: string;
  readonly description?: string;
  readonly createdAt: Instant;
  readonly lastModified: Instant;
  /** The highest version number handed out; numbers are never reused, even once deleted. */
  readonly lastVersion: number;
}

/** A schema as lists show it: with how many versions it has now. */
export interface SchemaListing extends SchemaRecord {
  readonly versionCount: number;
}

export interface SchemaVersionRecord {
  readonly schemaArn: string;
  readonly version: number;
  readonly type: SchemaType;
  readonly content: string;
  readonly createdAt: Instant;
  /** The idempotency token of the UpdateSchema that created it (a retry finds it). */
  readonly clientToken?: string;
}

export type SchemaDiscovererState = 'STARTED' | 'STOPPED';

export interface SchemaDiscovererRecord {
  /** `arn:aws:schemas:<region>:<account>:discoverer/<id>`: the key. */
  readonly arn: string;
  readonly id: string;
  /** The event bus whose traffic it infers schemas from. */
  readonly sourceArn: string;
  readonly description?: string;
  readonly state: SchemaDiscovererState;
  readonly crossAccount: boolean;
  readonly createdAt: Instant;
}

export interface SchemaStore {
  /** Contract: inserts; 'alreadyExists' with the stored record when the ARN is taken. */
  createRegistry(
    record: SchemaRegistryRecord,
  ): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: SchemaRegistryRecord }>;
  getRegistry(arn: string): Promise<SchemaRegistryRecord | undefined>;
  /** Ordered by ARN; only those whose ARN starts with `arnPrefix`. */
  listRegistries(arnPrefix: string, page: PageRequest): Promise<Page<SchemaRegistryRecord>>;
  /** Replaces an existing registry's record; false when there is none. */
  updateRegistry(record: SchemaRegistryRecord): Promise<boolean>;
  /** Contract: removes the registry with its schemas, their versions and the tags of all of them, atomically. */
  deleteRegistry(arn: string): Promise<boolean>;

  /**
   * Contract: inserts the schema with its first version, atomically, unless the ARN is taken or
   * the registry does not exist (then nothing is written).
   */
  createSchema(
    schema: SchemaRecord,
    version: SchemaVersionRecord,
  ): Promise<'created' | 'alreadyExists' | 'registryNotFound'>;
  getSchema(arn: string): Promise<SchemaRecord | undefined>;
  /** The schemas of a registry whose name starts with `namePrefix`, ordered by name. */
  listSchemas(registryArn: string, namePrefix: string, page: PageRequest): Promise<Page<SchemaListing>>;
  /**
   * The schemas of a registry whose name or any version's content contains `keyword`
   * (case-insensitively for ASCII letters), ordered by name.
   */
  searchSchemas(registryArn: string, keyword: string, page: PageRequest): Promise<Page<SchemaRecord>>;
  /**
   * Contract: replaces the schema's record and adds `version` (when given), atomically, only while
   * the stored `lastVersion` is still `expectedLastVersion` ('conflict' changes nothing, and is
   * also the answer when the schema is gone).
   */
  updateSchema(
    schema: SchemaRecord,
    expectedLastVersion: number,
    version?: SchemaVersionRecord,
  ): Promise<'updated' | 'conflict'>;
  /** Contract: removes the schema, its versions and its tags; false when there was none. */
  deleteSchema(arn: string): Promise<boolean>;
  /** The version with that number, or the highest existing one when `version` is absent. */
  getSchemaVersion(schemaArn: string, version?: number): Promise<SchemaVersionRecord | undefined>;
  /** Ordered by version number, ascending. */
  listSchemaVersions(schemaArn: string, page: PageRequest): Promise<Page<SchemaVersionRecord>>;
  /** Contract: removes one version unless it is the schema's only one ('onlyVersion' changes nothing). */
  deleteSchemaVersion(schemaArn: string, version: number): Promise<'deleted' | 'notFound' | 'onlyVersion'>;
  /** The highest existing version of every schema of a registry: what enforcement compiles. */
  latestVersions(registryArn: string): Promise<SchemaVersionRecord[]>;

  /** Contract: inserts; 'alreadyExists' with the stored record when the ARN is taken. */
  createDiscoverer(
    record: SchemaDiscovererRecord,
  ): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: SchemaDiscovererRecord }>;
  getDiscoverer(arn: string): Promise<SchemaDiscovererRecord | undefined>;
  /** Ordered by ARN; those whose ARN starts with `arnPrefix` and source ARN with `sourceArnPrefix`. */
  listDiscoverers(arnPrefix: string, sourceArnPrefix: string, page: PageRequest): Promise<Page<SchemaDiscovererRecord>>;
  updateDiscoverer(record: SchemaDiscovererRecord): Promise<boolean>;
  /** Contract: removes the discoverer and its tags; false when there was none. */
  deleteDiscoverer(arn: string): Promise<boolean>;
}

// ---------------------------------------------------------------------------------------------
// Event bus, continued: scheduled rules, archives and replays, connections and API destinations.
// What they mean (schedule expressions, patterns, retention, authorization) is decided in
// messaging/bus and arrives here as values.
// ---------------------------------------------------------------------------------------------

/** A record that changes under an optimistic version check. */
export interface VersionedRecord {
  /** 1 when created, bumped by every update. */
  readonly version: number;
}

/** Control-plane records kept as documents under a key (archives, replays, connections, API destinations). */
export interface DocumentTable<T extends VersionedRecord> {
  /** Contract: inserts unless the key is taken ('alreadyExists' changes nothing). */
  create(key: string, record: T): Promise<'created' | 'alreadyExists'>;
  get(key: string): Promise<T | undefined>;
  /** Ordered by key; only those whose key starts with `keyPrefix`. */
  list(keyPrefix: string, page: PageRequest): Promise<Page<T>>;
  /** Contract: replaces the record while the stored one is at `record.version - 1`; 'conflict' (also when gone) changes nothing. */
  update(key: string, record: T): Promise<'updated' | 'conflict'>;
  /** Contract: removes the record; false when there was none. */
  delete(key: string): Promise<boolean>;
}

/** When a scheduled rule fires next. */
export interface EventScheduleRecord {
  /** The rule's ARN: the key. */
  readonly ruleArn: string;
  readonly expression: string;
  /** Epoch milliseconds; absent when the expression has no time left (a cron expression's last year passed). */
  readonly nextFireAt?: Instant;
}

/** One firing of a scheduled rule: the claim of its due time and the deliveries of its event. */
export interface ScheduleFire {
  readonly ruleArn: string;
  /** The nextFireAt the caller read: the fire happens only while it is still the stored one. */
  readonly due: Instant;
  /** The time after this one (absent: none). */
  readonly next?: Instant;
  /** Outbox rows of the Scheduled Event, one per target (none when the rule is disabled). */
  readonly deliveries: readonly NewEventDelivery[];
}

export interface EventScheduleStore {
  /** Contract: inserts or replaces the rule's schedule. */
  put(record: EventScheduleRecord): Promise<void>;
  get(ruleArn: string): Promise<EventScheduleRecord | undefined>;
  delete(ruleArn: string): Promise<void>;
  /** Schedules due at `now`, earliest first. */
  due(now: Instant, limit: number): Promise<EventScheduleRecord[]>;
  /**
   * Contract: if the rule's nextFireAt is still `fire.due`, moves it to `fire.next` and inserts the
   * deliveries into the event outbox (BusStore's, unleased and due at once), in one transaction:
   * 'fired'. Otherwise (another node fired it, the schedule changed or is gone) nothing changes:
   * 'stale'. So each due time fires once, however many nodes try, and not at all if none commits.
   */
  fire(fire: ScheduleFire): Promise<'fired' | 'stale'>;
}

export type EventArchiveState = 'ENABLED' | 'DISABLED' | 'CREATING' | 'UPDATING' | 'CREATE_FAILED' | 'UPDATE_FAILED';

export interface EventArchiveRecord extends VersionedRecord {
  /** `arn:aws:events:<region>:<account>:archive/<name>`: the key. */
  readonly arn: string;
  readonly name: string;
  /** The bus whose events it keeps. */
  readonly eventSourceArn: string;
  readonly description?: string;
  readonly eventPattern?: string;
  /** 0: kept indefinitely. */
  readonly retentionDays: number;
  readonly state: EventArchiveState;
  readonly createdAt: Instant;
  /** The archive's log (LogStore): one partition, 0, records keyed by event id. */
  readonly logId: number;
}

/** An event to keep in an archive's log, delivered by an outbox row of the archive's managed rule. */
export interface ArchivedEvent {
  readonly logId: number;
  /** The outbox row (BusStore's) that delivers it. */
  readonly deliveryId: string;
  /** The event's id: the record's key. */
  readonly eventId: string;
  /** The envelope as UTF-8 JSON. */
  readonly data: Uint8Array;
}

export interface ArchiveStats {
  readonly eventCount: number;
  readonly sizeBytes: number;
}

export interface EventArchiveStore extends DocumentTable<EventArchiveRecord> {
  /**
   * Contract: for each event, in one transaction, deletes its outbox row and, if the row was
   * still there, appends the event to partition 0 of its archive's log ('archived'; seqs dense
   * and in the order given, a reader never sees seq n+1 before n). A row already gone was
   * archived by another attempt: nothing is appended ('alreadyArchived'). So an event is kept
   * once however often its row is dispatched. A log that is gone appends nothing ('noLog'; the
   * row is deleted all the same).
   */
  append(events: readonly ArchivedEvent[], now: Instant): Promise<('archived' | 'alreadyArchived' | 'noLog')[]>;
  /** How many events the archive's log holds now, and their bytes. */
  stats(logId: number): Promise<ArchiveStats>;
  /** Contract: deletes the records below `beforeSeq` and counts their bytes off, in one transaction; returns how many. */
  trim(logId: number, beforeSeq: number): Promise<number>;
  /** Contract: deletes the archive's log with its records and counts (LogStore.drop, and the counts). */
  dropLog(logId: number): Promise<void>;
}

export type EventReplayState = 'STARTING' | 'RUNNING' | 'CANCELLING' | 'COMPLETED' | 'CANCELLED' | 'FAILED';

export interface EventReplayRecord extends VersionedRecord {
  /** `arn:aws:events:<region>:<account>:replay/<name>`: the key. */
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  /** The archive's ARN. */
  readonly eventSourceArn: string;
  readonly destination: { readonly arn: string; readonly filterArns?: readonly string[] };
  readonly eventStartTime: Instant;
  readonly eventEndTime: Instant;
  readonly state: EventReplayState;
  readonly stateReason?: string;
  readonly replayStartTime: Instant;
  readonly replayEndTime?: Instant;
  readonly eventLastReplayedTime?: Instant;
  /** The next seq of the archive's log to replay (the replay's checkpoint). */
  readonly position: number;
  /** The node running the replay and until when (a node that dies loses it to another). */
  readonly lease?: { readonly owner: string; readonly until: Instant };
}

export type ConnectionAuthorizationType = 'BASIC' | 'OAUTH_CLIENT_CREDENTIALS' | 'API_KEY';
export type ConnectionState =
  | 'CREATING'
  | 'UPDATING'
  | 'DELETING'
  | 'AUTHORIZED'
  | 'DEAUTHORIZED'
  | 'AUTHORIZING'
  | 'DEAUTHORIZING';

export interface ConnectionRecord extends VersionedRecord {
  /** `arn:aws:events:<region>:<account>:connection/<name>/<uuid>`; the key is the ARN without the uuid. */
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly authorizationType: ConnectionAuthorizationType;
  /** AuthParameters as given, secrets included (never returned by the API); absent once deauthorized. */
  readonly authParameters?: JsonObject;
  readonly state: ConnectionState;
  readonly stateReason?: string;
  /** Where AWS keeps the secrets (Secrets Manager); here a name for the record's secret part. */
  readonly secretArn: string;
  readonly createdAt: Instant;
  readonly lastModifiedAt: Instant;
  readonly lastAuthorizedAt?: Instant;
}

export interface ApiDestinationRecord extends VersionedRecord {
  /** `arn:aws:events:<region>:<account>:api-destination/<name>/<uuid>`; the key is the ARN without the uuid. */
  readonly arn: string;
  readonly name: string;
  readonly description?: string;
  readonly connectionArn: string;
  readonly invocationEndpoint: string;
  readonly httpMethod: string;
  readonly invocationRateLimitPerSecond: number;
  readonly createdAt: Instant;
  readonly lastModifiedAt: Instant;
}

// ---------------------------------------------------------------------------------------------
// Pipes (EventBridge Pipes). The store keeps each pipe (its settings as a document, with the
// columns ListPipes filters on) and which node runs it (a lease). A Kinesis source's positions
// are the checkpoints of the pipe's consumer group (StreamStore); an SQS source needs none (a
// message leaves its queue once processed). Tags live in the TagStore, by ARN.
// ---------------------------------------------------------------------------------------------

export type PipeDesiredState = 'RUNNING' | 'STOPPED';

export type PipeState =
  | 'RUNNING'
  | 'STOPPED'
  | 'CREATING'
  | 'UPDATING'
  | 'DELETING'
  | 'STARTING'
  | 'STOPPING'
  | 'CREATE_FAILED'
  | 'UPDATE_FAILED'
  | 'START_FAILED'
  | 'STOP_FAILED'
  | 'DELETE_FAILED'
  | 'CREATE_ROLLBACK_FAILED'
  | 'DELETE_ROLLBACK_FAILED'
  | 'UPDATE_ROLLBACK_FAILED';

export interface PipeRecord {
  /** `arn:aws:pipes:<region>:<account>:pipe/<name>`: the key. */
  readonly arn: string;
  readonly name: string;
  readonly desiredState: PipeDesiredState;
  readonly currentState: PipeState;
  readonly stateReason?: string;
  readonly source: string;
  readonly target: string;
  readonly enrichment?: string;
  /**
   * Everything else the API took (Description, RoleArn, SourceParameters, EnrichmentParameters,
   * TargetParameters, LogConfiguration, KmsKeyIdentifier): a document the store does not read.
   */
  readonly settings: JsonObject;
  readonly createdAt: Instant;
  readonly lastModifiedAt: Instant;
  /** Bumped by every update: the optimistic concurrency check, and how a node sees a change. */
  readonly version: number;
}

/** ListPipes' filters; each one given narrows the list. */
export interface PipeFilter {
  readonly desiredState?: PipeDesiredState;
  readonly currentState?: PipeState;
  readonly sourcePrefix?: string;
  readonly targetPrefix?: string;
}

export interface PipeStore {
  /** Contract: inserts (at version 1); 'alreadyExists' with the stored record when the ARN is taken. */
  create(record: PipeRecord): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: PipeRecord }>;
  get(arn: string): Promise<PipeRecord | undefined>;
  /** Ordered by ARN; only those whose ARN starts with `arnPrefix` (a name prefix is an ARN prefix) and pass `filter`. */
  list(arnPrefix: string, filter: PipeFilter, page: PageRequest): Promise<Page<PipeRecord>>;
  /**
   * Contract: replaces the record if its stored version is still `record.version` (it is stored as
   * version + 1); 'conflict' when it moved and 'notFound' when it is gone change nothing.
   */
  update(record: PipeRecord): Promise<'updated' | 'conflict' | 'notFound'>;
  /** Contract: removes the pipe and its runner lease; false when there was none. */
  delete(arn: string): Promise<boolean>;
  /** Every pipe whose desired state is RUNNING, in any region or account: what the nodes share. */
  listRunning(): Promise<PipeRecord[]>;
  /**
   * Contract: takes or renews, atomically and for each ARN, the lease of the node `owner` on
   * running that pipe, until `until`: granted when no node holds it, when its holder's lease
   * ended at `now`, or when `owner` holds it already. Pipes that do not exist are not leased.
   * Returns the ARNs granted.
   */
  lease(arns: readonly string[], owner: string, now: Instant, until: Instant): Promise<string[]>;
  /** Contract: gives up the leases `owner` holds on these pipes (others' are left alone). */
  release(arns: readonly string[], owner: string): Promise<void>;
}
