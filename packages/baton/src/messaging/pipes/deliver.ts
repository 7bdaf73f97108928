/**
 * Delivering a batch to a pipe's target (user guide, "Amazon EventBridge Pipes targets" and
 * "batching and concurrency"):
 *
 * - functions and state machines receive the whole batch as one JSON array. REQUEST_RESPONSE
 *   waits for the answer (a function's result, an Express workflow's output through
 *   StartSyncExecution), which may name the records to retry in `batchItemFailures`;
 *   FIRE_AND_FORGET goes through the event bus's dispatcher (EventTargets), which starts an
 *   execution named after the batch, so a batch delivered again does not start a second one.
 * - SQS queues, SNS topics and event buses receive one message or event per item, ten to a call
 *   (queues and topics through messaging/targets, as the event bus's targets do); an item the
 *   target refused fails its record alone (when the items are still the source's records, one to
 *   one), and sends are idempotent per batch and item.
 */
import { createHash } from 'node:crypto';
import type { Json } from '../../kernel/index.js';
import {
  BusError,
  DEFAULT_RETRY_POLICY,
  type EventBusService,
  type PutEventsEntry,
  parseBusArn,
  readPathText,
  type TargetDispatcher,
} from '../bus/index.js';
import { QueueError, type QueueService } from '../queues/index.js';
import { type Outgoing, publishToTopic, sendToQueue } from '../targets/index.js';
import { TopicError, type TopicService } from '../topics/index.js';
import type { TargetSettings } from './settings.js';

/** Calls that answer: the port main.ts wires to the function registry and the Step Functions API. */
export interface PipeCalls {
  /** Invokes a Lambda function, or runs an Express state machine (StartSyncExecution), with `payload`. */
  call(arn: string, payload: Json, signal: AbortSignal): Promise<CallOutcome>;
  /** A state machine's type, or undefined when it does not exist. */
  stateMachineType(arn: string): Promise<'STANDARD' | 'EXPRESS' | undefined>;
}

export type CallOutcome =
  | { readonly kind: 'succeeded'; readonly output: Json }
  | { readonly kind: 'failed'; readonly error: string; readonly cause: string };

/** How a batch ended: retried whole, in part (the source records named), or not at all. */
export type BatchOutcome =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'partial'; readonly failed: ReadonlySet<string> }
  | { readonly kind: 'failed'; readonly error: string; readonly cause: string };

export const SUCCEEDED: BatchOutcome = { kind: 'succeeded' };

/** One item on its way to the target. */
export interface TargetItem {
  /** What the target receives (after the target's input template). */
  readonly payload: Json;
  /** What dynamic parameters (`$.body.group`) read: the source record decoded, or the enrichment's item. */
  readonly decoded: Json;
  /** The source record it still is, one to one (no enrichment in between). */
  readonly recordId?: string;
}

export interface DeliveryDeps {
  readonly calls: PipeCalls;
  readonly dispatcher: TargetDispatcher;
  readonly queues: QueueService;
  readonly topics: TopicService;
  readonly bus: EventBusService;
}

export interface Batch {
  readonly pipeArn: string;
  readonly pipeName: string;
  /** Names the batch: the same source records make the same id (execution names, idempotency keys). */
  readonly id: string;
  /** The ids of the source records in it (batchItemFailures must name these). */
  readonly recordIds: ReadonlySet<string>;
  readonly items: readonly TargetItem[];
  /** The default detail-type of events put on a bus: `Event from aws:sqs`. */
  readonly eventSource: string;
  readonly signal: AbortSignal;
}

const PER_CALL = 10;

/** The id of a batch of source records. */
export function batchIdOf(recordIds: readonly string[]): string {
  return createHash('sha1').update(recordIds.join('\n')).digest('hex');
}

export async function deliver(target: TargetSettings, batch: Batch, deps: DeliveryDeps): Promise<BatchOutcome> {
  switch (target.kind) {
    case 'function':
    case 'stateMachine':
      return target.invocation === 'REQUEST_RESPONSE' ? request(target, batch, deps) : dispatch(target, batch, deps);
    case 'queue':
      return send(target, batch, deps.queues);
    case 'topic':
      return publish(target, batch, deps.topics);
    case 'eventBus':
      return putEvents(target, batch, deps.bus);
  }
}

async function request(target: TargetSettings, batch: Batch, deps: DeliveryDeps): Promise<BatchOutcome> {
  const outcome = await deps.calls.call(
    target.arn,
    batch.items.map((i) => i.payload),
    batch.signal,
  );
  if (outcome.kind === 'failed') return outcome;
  return batchItemFailures(outcome.output, batch.recordIds);
}

async function dispatch(target: TargetSettings, batch: Batch, deps: DeliveryDeps): Promise<BatchOutcome> {
  const outcome = await deps.dispatcher.deliver({
    kind: target.kind === 'function' ? 'function' : 'stateMachine',
    target: { id: batch.pipeName, arn: target.arn, retryPolicy: DEFAULT_RETRY_POLICY },
    input: JSON.stringify(batch.items.map((i) => i.payload)),
    deliveryId: batch.id,
    ruleArn: batch.pipeArn,
    signal: batch.signal,
  });
  return outcome.kind === 'failed' ? { kind: 'failed', error: outcome.code, cause: outcome.message } : SUCCEEDED;
}

/**
 * A function's or workflow's answer (user guide, "Reporting batch item failures"): no answer, no
 * `batchItemFailures` or an empty list is a success; entries naming records of the batch fail
 * those records; an entry without a usable `itemIdentifier`, or naming no record of the batch,
 * fails the whole batch.
 */
export function batchItemFailures(output: Json, recordIds: ReadonlySet<string>): BatchOutcome {
  if (output === null || typeof output !== 'object' || Array.isArray(output)) return SUCCEEDED;
  const list = output.batchItemFailures;
  if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) return SUCCEEDED;
  const whole = (cause: string): BatchOutcome => ({ kind: 'failed', error: 'BatchItemFailures', cause });
  if (!Array.isArray(list)) return whole('batchItemFailures is not a list');
  const failed = new Set<string>();
  for (const entry of list) {
    const id = entry !== null && typeof entry === 'object' && !Array.isArray(entry) ? entry.itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return whole('a batchItemFailures entry has no itemIdentifier');
    if (!recordIds.has(id)) return whole(`itemIdentifier ${id} names no record of the batch`);
    failed.add(id);
  }
  return { kind: 'partial', failed };
}

/** Items the target refused: their records fail alone when the items are still the records, else the batch does. */
function refused(batch: Batch, indexes: readonly number[], cause: string): BatchOutcome {
  if (indexes.length === 0) return SUCCEEDED;
  const ids = indexes.map((i) => batch.items[i]!.recordId);
  if (ids.every((id): id is string => id !== undefined)) return { kind: 'partial', failed: new Set(ids) };
  return { kind: 'failed', error: 'TargetRefusedItems', cause };
}

async function send(target: TargetSettings, batch: Batch, queues: QueueService): Promise<BatchOutcome> {
  const fifo = target.arn.endsWith('.fifo');
  const items = batch.items.map((item, i): Outgoing => {
    const key = idempotencyKey(batch, i);
    const groupId = fifo ? dynamic(target.messageGroupId, item) : undefined;
    return {
      body: textOf(item.payload),
      idempotencyKey: key,
      ...(groupId !== undefined ? { groupId } : {}),
      ...(fifo ? { deduplicationId: dynamic(target.messageDeduplicationId, item) ?? digest(key) } : {}),
    };
  });
  try {
    const refusals = await sendToQueue(queues, target.arn, items);
    return refused(
      batch,
      refusals.map((r) => r.index),
      refusals.at(-1)?.message ?? '',
    );
  } catch (e) {
    if (e instanceof QueueError) return { kind: 'failed', error: `SQS.${e.code}`, cause: e.message };
    throw e;
  }
}

async function publish(target: TargetSettings, batch: Batch, topics: TopicService): Promise<BatchOutcome> {
  const items = batch.items.map((item, i) => ({
    body: textOf(item.payload),
    idempotencyKey: idempotencyKey(batch, i),
  }));
  try {
    await publishToTopic(topics, target.arn, items);
    return SUCCEEDED;
  } catch (e) {
    if (e instanceof TopicError) return { kind: 'failed', error: `SNS.${e.code}`, cause: e.message };
    throw e;
  }
}

/** Item `i` of a batch, the same each time the batch is delivered. */
const idempotencyKey = (batch: Batch, i: number) => `${batch.pipeArn} ${batch.id} ${i}`;

async function putEvents(target: TargetSettings, batch: Batch, bus: EventBusService): Promise<BatchOutcome> {
  const ref = parseBusArn(target.arn)!;
  const params = target.eventBus ?? {};
  const failures: number[] = [];
  let cause = '';
  try {
    for (let start = 0; start < batch.items.length; start += PER_CALL) {
      const chunk = batch.items.slice(start, start + PER_CALL);
      const entries = chunk.map((item): PutEventsEntry => {
        const time = params.time === undefined ? undefined : Date.parse(dynamic(params.time, item)!);
        return {
          eventBusName: target.arn,
          source: dynamic(params.source, item) ?? `Pipe ${batch.pipeName}`,
          detailType: dynamic(params.detailType, item) ?? `Event from ${batch.eventSource}`,
          detail: JSON.stringify(item.payload),
          ...(params.resources ? { resources: params.resources.map((r) => dynamic(r, item)!) } : {}),
          ...(time !== undefined && !Number.isNaN(time) ? { time } : {}),
        };
      });
      const results = await bus.putEvents({ region: ref.region, account: ref.account }, entries);
      results.forEach((r, k) => {
        if (r.error) {
          failures.push(start + k);
          cause = `${r.error.code}: ${r.error.message}`;
        }
      });
    }
  } catch (e) {
    if (e instanceof BusError) return { kind: 'failed', error: `EventBridge.${e.code}`, cause: e.message };
    throw e;
  }
  return refused(batch, failures, cause);
}

/** What a queue or topic receives of an item: text as it is, anything else as JSON text. */
function textOf(payload: Json): string {
  return typeof payload === 'string' ? payload : JSON.stringify(payload);
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 64);

/**
 * A target parameter's value for one item: a value that is a JSON path (user guide, "Dynamic
 * path parameters") reads the item (the event bus's InputPath reader); any other value is itself.
 */
function dynamic(value: string | undefined, item: TargetItem): string | undefined {
  if (value === undefined || !value.startsWith('$.')) return value;
  const found = readPathText(value, item.decoded);
  return found === null ? value : found;
}
