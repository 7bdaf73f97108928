/**
 * The storage port: everything Baton keeps, as records and operations with written contracts.
 * Two adapters implement it (SQLite, PostgreSQL) and one contract suite (store/contract) pins
 * the behaviour both must have. Nothing engine-specific leaks above this file: adapters map
 * their drivers' errors to the outcomes declared here.
 */
import type { ExecutionState, ExecutionStatus, HistoryEvent } from '../asl/index.js';
import type { Instant, Json } from '../kernel/index.js';

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
  readonly workerName?: string;
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
   * Contract: atomically hands the oldest SCHEDULED task of `resource` to a worker (status
   * STARTED); undefined when there is none. Two callers never receive the same task.
   */
  claim(resource: string, workerName: string | undefined): Promise<TaskRecord | undefined>;
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
  close(): Promise<void>;
}
