/**
 * Workflows and the event bus, both ways (the talk's choreography):
 *
 * - `EventBridgeIntegration`: the `arn:aws:states:::events:putEvents` task (developer guide, "Send
 *   custom events to EventBridge"): `Entries` are put on their buses, the result is
 *   `{Entries: [{EventId}], FailedEntryCount}`; a failed entry fails the task with
 *   `EventBridge.FailedEntry`; `.waitForTaskToken` puts the events and waits for the token.
 * - `EventTargets`: the bus's TargetDispatcher: state machines (StartExecution through the Step
 *   Functions API, named after the delivery so a retried delivery finds the execution it started),
 *   functions (in-process or HTTP), SQS queues and SNS topics (a message each; dead-letter queues
 *   too), Kinesis streams (a record each, its partition key per KinesisParameters). Like
 *   EventBridge's, these deliveries are at least once: they carry no idempotency key, which the
 *   queue or topic would keep for a week per message. A target that does not exist, or refuses
 *   the message itself, fails the delivery for good; anything else is retried.
 * - `emitStatusChanges`: "Step Functions Execution Status Change" events on the default bus when a
 *   Standard execution starts (or is redriven) and when it closes — delivered, as on AWS, on a
 *   best-effort basis (emitted after the transition commits).
 */
import type { JsonService } from '../api/aws/json-protocol.js';
import { AwsError } from '../api/errors.js';
import type { Json, JsonObject } from '../kernel/index.js';
import {
  BusError,
  type DeadLetter,
  type Dispatch,
  type DispatchOutcome,
  type EventBusService,
  MAX_ENTRIES,
  type PutEventsEntry,
  partitionKeyOf,
  type TargetDispatcher,
  type TargetKind,
} from '../messaging/bus/index.js';
import { QueueError, type QueueService } from '../messaging/queues/index.js';
import { StreamError, type StreamService } from '../messaging/streams/index.js';
import { publishToTopic, putOnStream, sendToQueue } from '../messaging/targets/index.js';
import { TopicError, type TopicService } from '../messaging/topics/index.js';
import type { TransitionNotice } from '../runtime/engine.js';
import type { TaskInvocation, TaskOutcome, TaskResource } from '../runtime/task-resource.js';
import type { FunctionRegistry } from './functions.js';

const PUT_EVENTS = /^arn:[^:]+:states:::events:putEvents(\.waitForTaskToken)?$/;

export class EventBridgeIntegration implements TaskResource {
  constructor(private readonly bus: () => EventBusService) {}

  handles(resource: string): boolean {
    return PUT_EVENTS.test(resource);
  }

  async run(task: TaskInvocation): Promise<TaskOutcome> {
    const [, , , region, account] = task.executionArn.split(':');
    const params = (task.input ?? {}) as JsonObject;
    const entries = Array.isArray(params.Entries) ? params.Entries : [];
    try {
      const results = await this.bus().putEvents({ region: region!, account: account! }, entries.map(entryOf));
      const output = {
        Entries: results.map(
          (r): JsonObject =>
            r.eventId ? { EventId: r.eventId } : { ErrorCode: r.error!.code, ErrorMessage: r.error!.message },
        ),
        FailedEntryCount: results.filter((r) => r.error).length,
      };
      if (output.FailedEntryCount > 0) {
        return { kind: 'failed', error: 'EventBridge.FailedEntry', cause: JSON.stringify(output) };
      }
      return task.integrationPattern === 'waitForTaskToken' ? { kind: 'callback' } : { kind: 'succeeded', output };
    } catch (e) {
      if (!(e instanceof BusError)) throw e;
      return { kind: 'failed', error: `EventBridge.${e.code}`, cause: e.message };
    }
  }
}

/** A task's entry: Detail may be a JSON object (serialized here) or already text. */
function entryOf(raw: Json): PutEventsEntry {
  const e = (raw ?? {}) as Record<string, Json>;
  const text = (v: Json | undefined) => (typeof v === 'string' ? v : undefined);
  const detail =
    e.Detail === undefined ? undefined : typeof e.Detail === 'string' ? e.Detail : JSON.stringify(e.Detail);
  const time = typeof e.Time === 'number' ? e.Time * 1000 : typeof e.Time === 'string' ? Date.parse(e.Time) : undefined;
  const resources = Array.isArray(e.Resources)
    ? e.Resources.filter((r): r is string => typeof r === 'string')
    : undefined;
  return {
    ...(text(e.Source) !== undefined ? { source: text(e.Source)! } : {}),
    ...(text(e.DetailType) !== undefined ? { detailType: text(e.DetailType)! } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(text(e.EventBusName) !== undefined ? { eventBusName: text(e.EventBusName)! } : {}),
    ...(resources ? { resources } : {}),
    ...(time !== undefined && !Number.isNaN(time) ? { time } : {}),
  };
}

export interface EventTargetsOptions {
  /** The Step Functions API (bound late: built after the engine). */
  readonly sfn: () => JsonService;
  readonly functions: FunctionRegistry;
  /** The messaging services (bound late: built after the bus). */
  readonly queues: () => QueueService;
  readonly topics: () => TopicService;
  readonly streams: () => StreamService;
}

const DELIVERED: DispatchOutcome = { kind: 'delivered' };

const failed = (fatal: boolean, code: string, message: string): DispatchOutcome => ({
  kind: 'failed',
  fatal,
  code,
  message,
});

/** Errors of a queue, topic or stream that does not exist. */
const MISSING = new Set(['QueueDoesNotExist', 'NotFound', 'ResourceNotFoundException']);
/** Errors refusing the message or record itself: sending it again cannot succeed. */
const REFUSED = new Set(['InvalidParameter', 'ParameterValueInvalid', 'ValidationError', 'ValidationException']);

/** A messaging service's error as the failure of a delivery. */
function serviceFailure(e: { readonly code: string; readonly message: string }): DispatchOutcome {
  if (MISSING.has(e.code)) return failed(true, 'RESOURCE_NOT_FOUND', e.message);
  return failed(REFUSED.has(e.code), e.code, e.message);
}

export class EventTargets implements TargetDispatcher {
  constructor(private readonly options: EventTargetsOptions) {}

  unsupported(kind: TargetKind, arn: string): string | undefined {
    if (kind !== 'other') return undefined;
    const service = arn.split(':')[2];
    return `Parameter ${arn} is not valid. Reason: targets of service '${service}' are not supported yet by this Baton server; use a state machine, a Lambda function, an SQS queue, an SNS topic, a Kinesis stream, an event bus or an API destination.`;
  }

  async deliver(d: Dispatch): Promise<DispatchOutcome> {
    switch (d.kind) {
      case 'stateMachine':
        return this.startExecution(d);
      case 'function':
        return this.invoke(d);
      case 'queue':
        return this.sendMessage(d);
      case 'topic':
        return this.publish(d);
      case 'stream':
        return this.putRecord(d);
      default:
        return failed(true, 'INVALID_PARAMETER', `Cannot deliver to ${d.target.arn}.`);
    }
  }

  async deadLetter(message: DeadLetter): Promise<void> {
    const attributes = Object.fromEntries(
      Object.entries(message.attributes).map(([k, v]) => [
        k,
        { DataType: k === 'RETRY_ATTEMPTS' ? 'Number' : 'String', StringValue: v },
      ]),
    );
    const [result] = await this.options.queues().send(message.queueArn, [{ body: message.body, attributes }]);
    if (result instanceof QueueError) throw result;
  }

  private async startExecution(d: Dispatch): Promise<DispatchOutcome> {
    const [, , , region, account] = d.target.arn.split(':');
    const ctx = { region: region!, account: account!, aborted: () => d.signal.aborted, signal: d.signal };
    try {
      await this.options.sfn().operations.StartExecution!(
        { stateMachineArn: d.target.arn, name: d.deliveryId, input: jsonText(d.input) },
        ctx,
      );
      return DELIVERED;
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      // A retried delivery finds the execution its first attempt started.
      if (e.code === 'ExecutionAlreadyExists') return DELIVERED;
      const fatal = ['StateMachineDoesNotExist', 'InvalidExecutionInput', 'InvalidArn', 'InvalidName'].includes(e.code);
      return failed(fatal, e.code === 'StateMachineDoesNotExist' ? 'RESOURCE_NOT_FOUND' : e.code, e.message);
    }
  }

  private async invoke(d: Dispatch): Promise<DispatchOutcome> {
    const outcome = await this.options.functions.invoke(d.target.arn, parsedOrText(d.input), d.signal);
    if (outcome.kind !== 'failed') return DELIVERED;
    const missing = outcome.error === 'Lambda.ResourceNotFoundException';
    return failed(missing, missing ? 'RESOURCE_NOT_FOUND' : outcome.error, outcome.cause ?? outcome.error);
  }

  /** SendMessage; a FIFO queue gets SqsParameters.MessageGroupId, and the delivery as deduplication id. */
  private async sendMessage(d: Dispatch): Promise<DispatchOutcome> {
    const fifo = d.target.arn.endsWith('.fifo');
    try {
      const [refusal] = await sendToQueue(this.options.queues(), d.target.arn, [
        {
          body: messageBody(d.input),
          ...(fifo ? { groupId: d.target.messageGroupId ?? 'default', deduplicationId: d.deliveryId } : {}),
        },
      ]);
      // The queue refused this message: it would refuse it again.
      return refusal ? failed(true, refusal.code, refusal.message) : DELIVERED;
    } catch (e) {
      if (!(e instanceof QueueError)) throw e;
      return serviceFailure(e);
    }
  }

  /** Publish, the event (or its transformation) as the message. */
  private async publish(d: Dispatch): Promise<DispatchOutcome> {
    try {
      await publishToTopic(this.options.topics(), d.target.arn, [{ body: messageBody(d.input) }]);
      return DELIVERED;
    } catch (e) {
      if (!(e instanceof TopicError)) throw e;
      return serviceFailure(e);
    }
  }

  /** PutRecord, keyed by what KinesisParameters.PartitionKeyPath selects in the event (else its id). */
  private async putRecord(d: Dispatch): Promise<DispatchOutcome> {
    const partitionKey = d.event === undefined ? undefined : partitionKeyOf(d.target, d.event);
    if (partitionKey === undefined) {
      return failed(
        true,
        'INVALID_PARAMETER',
        `PartitionKeyPath ${d.target.partitionKeyPath} selects nothing in the event.`,
      );
    }
    try {
      const [refusal] = await putOnStream(this.options.streams(), d.target.arn, [
        { data: messageBody(d.input), partitionKey },
      ]);
      return refusal ? serviceFailure(refusal) : DELIVERED;
    } catch (e) {
      if (!(e instanceof StreamError)) throw e;
      return serviceFailure(e);
    }
  }
}

/** Targets that take JSON get text that is not JSON as a JSON string. */
function jsonText(input: string): string {
  try {
    JSON.parse(input);
    return input;
  } catch {
    return JSON.stringify(input);
  }
}

function parsedOrText(input: string): Json {
  try {
    return JSON.parse(input) as Json;
  } catch {
    return input;
  }
}

/** A message's or record's body: a transformation that produced a JSON string delivers the string itself. */
function messageBody(input: string): string {
  if (!input.startsWith('"')) return input;
  try {
    const value: unknown = JSON.parse(input);
    return typeof value === 'string' ? value : input;
  } catch {
    return input;
  }
}

// --- workflow status events ------------------------------------------------------------------

const STARTS = new Set(['ExecutionStarted', 'ExecutionRedriven']);
const CLOSES = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/**
 * Subscribes to the engine's committed transitions and puts a status-change event on the
 * default bus of the execution's region and account for each start, redrive and close. The
 * details are taken from the notice as it is told (no read of the execution). One flusher puts
 * what was told meanwhile, in that order, ten entries a call (the calls of a flush commit
 * together, and a flush waits for the one before), so an execution's events are written in the
 * order they happened. `close` stops listening and resolves once what was told is on the bus:
 * the server closes its store only after the engine's last transitions have had their events.
 */
export function emitStatusChanges(
  engine: { observe(observer: (notice: TransitionNotice) => void): () => void },
  bus: () => EventBusService,
  onError: (error: unknown, context: string) => void,
): { close(): Promise<void> } {
  /** Entries waiting to be put, by the `region:account` of their default bus. */
  let pending = new Map<string, PutEventsEntry[]>();
  let flushing: Promise<void> | undefined;
  const putAll = (batch: Map<string, PutEventsEntry[]>) => {
    const calls: Promise<unknown>[] = [];
    for (const [location, entries] of batch) {
      const [region, account] = location.split(':') as [string, string];
      for (let i = 0; i < entries.length; i += MAX_ENTRIES) {
        const chunk = entries.slice(i, i + MAX_ENTRIES);
        calls.push(
          bus()
            .putEvents({ region, account }, chunk, { internal: true })
            .catch((e) => onError(e, `status change events of ${chunk.map((c) => c.resources![0]).join(', ')}`)),
        );
      }
    }
    return Promise.all(calls);
  };
  const flush = async () => {
    try {
      while (pending.size > 0) {
        const batch = pending;
        pending = new Map();
        await putAll(batch);
      }
    } catch (e) {
      onError(e, 'status change events');
    } finally {
      flushing = undefined;
    }
  };
  const unsubscribe = engine.observe((notice) => {
    const started = notice.events.some((e) => STARTS.has(e.type));
    const closed = notice.status !== 'RUNNING' && notice.events.some((e) => CLOSES.has(e.type));
    if (!started && !closed) return;
    const [, , , region, account] = notice.executionArn.split(':');
    // A workflow that ends in its first transition starts and closes in one notice: both are told.
    const location = `${region}:${account}`;
    let entries = pending.get(location);
    if (!entries) pending.set(location, (entries = []));
    for (const status of [...(started ? ['RUNNING'] : []), ...(closed ? [notice.status] : [])]) {
      entries.push({
        source: 'aws.states',
        detailType: 'Step Functions Execution Status Change',
        resources: [notice.executionArn],
        detail: JSON.stringify(statusDetail(notice, status)),
      });
    }
    flushing ??= Promise.resolve().then(flush);
  });
  return {
    async close() {
      unsubscribe();
      await flushing;
    },
  };
}

/** The detail of AWS's "Step Functions Execution Status Change" event, from the execution's state. */
function statusDetail(notice: TransitionNotice, status: string): JsonObject {
  const { state, through } = notice;
  const running = status === 'RUNNING';
  const output = !running && state.output !== undefined ? JSON.stringify(state.output) : null;
  return {
    executionArn: notice.executionArn,
    stateMachineArn: notice.stateMachineArn,
    ...through,
    name: state.context.name,
    status,
    startDate: Date.parse(state.context.startTime),
    stopDate: running ? null : (state.closedAt ?? null),
    input: JSON.stringify(state.context.input),
    output,
    inputDetails: { included: true },
    outputDetails: output === null ? null : { included: true },
    ...(!running && state.error !== undefined ? { error: state.error } : {}),
    ...(!running && state.cause !== undefined ? { cause: state.cause } : {}),
    redriveCount: state.redriveCount ?? 0,
    redriveDate: state.redrivenAt ?? null,
    redriveStatus: running || status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
    ...(running || status === 'SUCCEEDED'
      ? { redriveStatusReason: `Execution is ${status} and cannot be redriven` }
      : {}),
  };
}
