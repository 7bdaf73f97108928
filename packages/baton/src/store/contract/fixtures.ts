/**
 * Record and transition factories for the store contract suite. The store treats execution
 * state, inputs, outputs and event details as opaque JSON documents, so the states built here
 * are minimal: just enough to be a valid `ExecutionState` whose fields the store reads.
 */
import type { ExecutionState, ExecutionStatus, HistoryEvent, HistoryEventType } from '../../asl/index.js';
import type { Json, JsonObject } from '../../kernel/index.js';
import type {
  ActivityRecord,
  AliasRecord,
  CommitItem,
  NewExecution,
  StateMachineRecord,
  StateMachineVersionRecord,
  TaskRecord,
  TimerRecord,
  Transition,
} from '../port.js';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
export const T0 = 1_700_000_000_000;

const base = (region: string, account: string) => `arn:aws:states:${region}:${account}`;

export const arns = {
  machinePrefix: (region = REGION, account = ACCOUNT) => `${base(region, account)}:stateMachine:`,
  machine: (name: string, region = REGION, account = ACCOUNT) => `${base(region, account)}:stateMachine:${name}`,
  activityPrefix: (region = REGION, account = ACCOUNT) => `${base(region, account)}:activity:`,
  activity: (name: string, region = REGION, account = ACCOUNT) => `${base(region, account)}:activity:${name}`,
  execution: (machine: string, name: string) => `${machine.replace(':stateMachine:', ':execution:')}:${name}`,
};

export function stateMachine(name: string, overrides: Partial<StateMachineRecord> = {}): StateMachineRecord {
  return {
    arn: arns.machine(name),
    name,
    type: 'STANDARD',
    definition: `{"StartAt":"P","States":{"P":{"Type":"Pass","Comment":"${name}","End":true}}}`,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
    createdAt: T0,
    updatedAt: T0,
    revisionId: `rev-${name}`,
    ...overrides,
  };
}

export function versionOf(
  machine: StateMachineRecord,
  overrides: Partial<Omit<StateMachineVersionRecord, 'version' | 'arn'>> = {},
): Omit<StateMachineVersionRecord, 'version' | 'arn'> {
  return {
    stateMachineArn: machine.arn,
    type: machine.type,
    definition: machine.definition,
    roleArn: machine.roleArn,
    revisionId: machine.revisionId,
    createdAt: T0,
    ...overrides,
  };
}

export function alias(machineArn: string, name: string, overrides: Partial<AliasRecord> = {}): AliasRecord {
  return {
    arn: `${machineArn}:${name}`,
    stateMachineArn: machineArn,
    name,
    routingConfiguration: [{ stateMachineVersionArn: `${machineArn}:1`, weight: 100 }],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function activity(name: string, overrides: Partial<ActivityRecord> = {}): ActivityRecord {
  return { arn: arns.activity(name), name, createdAt: T0, ...overrides };
}

/** A minimal interpreter state: the store reads status, output, error, cause and closedAt from it. */
export function executionState(arn: string, overrides: Partial<ExecutionState> = {}): ExecutionState {
  const name = arn.slice(arn.lastIndexOf(':') + 1);
  return {
    status: 'RUNNING',
    context: {
      executionArn: arn,
      name,
      stateMachineArn: arn.replace(':execution:', ':stateMachine:').slice(0, -(name.length + 1)),
      stateMachineName: 'M',
      roleArn: `arn:aws:iam::${ACCOUNT}:role/R`,
      input: {},
      startTime: '2023-11-14T22:13:20.000Z',
      redriveCount: 0,
    },
    lastEventId: 0,
    lastSeq: 0,
    random: [1, 2, 3, 4],
    flows: {},
    nextFlowId: 1,
    pending: {},
    ...overrides,
  };
}

/** `count` consecutive history events from `firstId`, each pointing at the one before. */
export function events(firstId: number, count: number, type: HistoryEventType = 'PassStateEntered'): HistoryEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: firstId + i,
    previousEventId: firstId + i - 1,
    timestamp: T0 + firstId + i,
    type,
    details: { name: `S${firstId + i}`, input: `{"i":${firstId + i}}` },
  }));
}

export function task(executionArn: string, seq: number, overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    token: `token-${seq}-${executionArn.slice(executionArn.lastIndexOf(':') + 1)}`,
    executionArn,
    seq,
    stateName: `Task${seq}`,
    resource: arns.activity('A'),
    kind: 'activity',
    integrationPattern: 'request',
    input: { seq },
    status: 'SCHEDULED',
    createdAt: T0 + seq,
    ...overrides,
  };
}

export function timer(executionArn: string, seq: number, fireAt: number): TimerRecord {
  return { executionArn, seq, fireAt };
}

type TransitionChanges = Partial<Omit<Transition, 'executionArn' | 'expectedVersion'>>;

/** A transition of `executionArn` read at `expectedVersion`; by default it only records one event. */
export function transition(executionArn: string, expectedVersion: number, changes: TransitionChanges = {}): Transition {
  return {
    executionArn,
    expectedVersion,
    state: executionState(executionArn, { lastEventId: 100 + expectedVersion }),
    events: [],
    timersArmed: [],
    timersCancelled: [],
    tasksCreated: [],
    tasksStarted: [],
    tasksClosed: [],
    at: T0 + 1000 + expectedVersion,
    ...changes,
  };
}

export function advance(executionArn: string, expectedVersion: number, changes: TransitionChanges = {}): CommitItem {
  return { kind: 'transition', transition: transition(executionArn, expectedVersion, changes) };
}

export interface StartOptions {
  readonly machine?: string;
  readonly name: string;
  readonly startDate?: number;
  readonly input?: Json;
  readonly definition?: { readonly hash: string; readonly text: string };
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly traceHeader?: string;
  /** The first transition's changes (by default: ExecutionStarted, state RUNNING). */
  readonly first?: TransitionChanges;
}

export const DEFINITION = { hash: 'hash-1', text: '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}' };

/** A start item: the execution's row and its first transition (which records ExecutionStarted). */
export function start(options: StartOptions): CommitItem & { kind: 'start'; execution: NewExecution } {
  const machine = options.machine ?? arns.machine('M');
  const arn = arns.execution(machine, options.name);
  const input = options.input !== undefined ? options.input : { name: options.name };
  const definition = options.definition ?? DEFINITION;
  const startedEvent: HistoryEvent = {
    id: 1,
    previousEventId: 0,
    timestamp: options.startDate ?? T0,
    type: 'ExecutionStarted',
    details: { input: JSON.stringify(input), roleArn: `arn:aws:iam::${ACCOUNT}:role/R` },
  };
  return {
    kind: 'start',
    execution: {
      record: {
        arn,
        stateMachineArn: machine,
        ...(options.stateMachineVersionArn ? { stateMachineVersionArn: options.stateMachineVersionArn } : {}),
        ...(options.stateMachineAliasArn ? { stateMachineAliasArn: options.stateMachineAliasArn } : {}),
        name: options.name,
        status: 'RUNNING',
        startDate: options.startDate ?? T0,
        input,
        redriveCount: 0,
        ...(options.traceHeader ? { traceHeader: options.traceHeader } : {}),
        definitionHash: definition.hash,
        state: executionState(arn),
        version: 0,
      },
      definition,
      start: transition(arn, 0, {
        state: executionState(arn, { lastEventId: 1 }),
        events: [startedEvent],
        ...options.first,
      }),
    },
  };
}

/** The state of an execution that has closed with `status`. */
export function closedState(
  executionArn: string,
  status: Exclude<ExecutionStatus, 'RUNNING'>,
  fields: { output?: Json; error?: string; cause?: string; closedAt?: number } = {},
): ExecutionState {
  return executionState(executionArn, { status, closedAt: T0 + 5000, ...fields });
}

/** A document whose serialization must survive storage byte for byte (key order, escapes, numbers). */
export const AWKWARD: JsonObject = {
  zebra: 1,
  apple: [3, 1, 2],
  ключ: 'значение',
  nul: 'a\u0000b',
  emoji: '😀',
  loneSurrogate: '\ud800',
  quote: '"\\\'',
  float: 0.1,
  big: 9007199254740991,
  negative: -1.5e-7,
  nested: { z: null, a: true, m: { y: false, b: [] } },
  empty: {},
};
