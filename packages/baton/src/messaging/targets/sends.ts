/**
 * One way to send items to each kind of messaging resource, whoever's target it is: in calls of
 * the service's batch size (SendMessageBatch and PublishBatch take 10, PutRecords 500), each item
 * refused on its own reported by its index, a call that fails as a whole thrown as the service's
 * error (a queue, topic or stream that does not exist).
 */
import { QueueError, type QueueService } from '../queues/index.js';
import { parseStreamArn, type StreamService } from '../streams/index.js';
import { parseTopicArn, type TopicService } from '../topics/index.js';

/** A message on its way to a queue or topic (SendMessage's and Publish's members, as their services name them). */
export interface Outgoing {
  readonly body: string;
  /**
   * Makes sending the item again a no-op (the queue or topic keeps the key for a week). Without
   * one, an item sent again after a crash or a lost answer arrives twice: at least once.
   */
  readonly idempotencyKey?: string;
  /** FIFO queues and topics. */
  readonly groupId?: string;
  readonly deduplicationId?: string;
}

/** A record on its way to a stream (streams keep no idempotency keys: a retry may append it again). */
export interface StreamItem {
  readonly data: string;
  readonly partitionKey: string;
}

/** An item the resource refused while it took the others. */
export interface Refusal {
  readonly index: number;
  readonly code: string;
  readonly message: string;
}

const MESSAGES_PER_CALL = 10;
const RECORDS_PER_CALL = 500;
/** Kinesis: a partition key is 1 to 256 Unicode characters. */
const MAX_PARTITION_KEY = 256;

/** Sends the items to a queue; throws QueueError when the queue does not exist. */
export async function sendToQueue(queues: QueueService, arn: string, items: readonly Outgoing[]): Promise<Refusal[]> {
  const refusals: Refusal[] = [];
  await inCalls(items, MESSAGES_PER_CALL, async (chunk, start) => {
    const results = await queues.send(arn, chunk);
    results.forEach((r, k) => {
      if (r instanceof QueueError) refusals.push({ index: start + k, code: r.code, message: r.message });
    });
  });
  return refusals;
}

/**
 * Publishes the items to a topic, each a message of PublishBatch; throws TopicError when the
 * topic does not exist or refuses a message (a topic takes a batch whole or not at all).
 */
export async function publishToTopic(topics: TopicService, arn: string, items: readonly Outgoing[]): Promise<void> {
  const ref = parseTopicArn(arn);
  if (!ref) throw new Error(`${arn} is not a topic ARN`);
  await inCalls(items, MESSAGES_PER_CALL, (chunk) =>
    topics.publish(
      ref,
      chunk.map(({ body, ...rest }) => ({ message: body, ...rest })),
      true,
    ),
  );
}

/**
 * Puts the items on a stream (PutRecords), routed by partition key; records refused alone
 * (throttled, or a partition key Kinesis would not take) are reported. Throws StreamError when
 * the stream does not exist.
 */
export async function putOnStream(
  streams: StreamService,
  arn: string,
  items: readonly StreamItem[],
): Promise<Refusal[]> {
  const ref = parseStreamArn(arn);
  if (!ref) throw new Error(`${arn} is not a stream ARN`);
  const refusals: Refusal[] = [];
  const valid: { item: StreamItem; index: number }[] = [];
  items.forEach((item, index) => {
    const length = [...item.partitionKey].length;
    if (length >= 1 && length <= MAX_PARTITION_KEY) valid.push({ item, index });
    else {
      refusals.push({
        index,
        code: 'ValidationException',
        message: `Partition key must be 1 to ${MAX_PARTITION_KEY} characters long; it is ${length}.`,
      });
    }
  });
  const encoder = new TextEncoder();
  await inCalls(valid, RECORDS_PER_CALL, async (chunk) => {
    const results = await streams.records.put(
      ref,
      chunk.map(({ item }) => ({ partitionKey: item.partitionKey, data: encoder.encode(item.data) })),
    );
    results.forEach((r, k) => {
      if ('error' in r) refusals.push({ index: chunk[k]!.index, code: r.error.code, message: r.error.message });
    });
  });
  return refusals.sort((a, b) => a.index - b.index);
}

async function inCalls<T>(
  items: readonly T[],
  size: number,
  call: (chunk: readonly T[], start: number) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < items.length; start += size) await call(items.slice(start, start + size), start);
}
