/**
 * Publish and PublishBatch: each message is checked, matched against its topic's subscriptions
 * (subscription-sets.ts) and written with one outbox row per matching subscription, all in one
 * group commit, before the call answers — a message accepted is delivered to every subscription it
 * matched at least once, whatever crashes. FIFO topics deduplicate (by MessageDeduplicationId or,
 * with ContentBasedDeduplication, the message's SHA-256) within five minutes, per topic or per
 * message group (FifoThroughputScope), and number their messages; internal publishers
 * (the sns:publish task) pass an idempotency key instead, remembered for a week.
 */
import { randomUUID } from 'node:crypto';
import type {
  NewTopicDelivery,
  NewTopicMessage,
  SubscriptionRecord,
  TopicDeduplication,
  TopicRecord,
} from '../../store/port.js';
import type { SubscriberSnapshot } from './deliver.js';
import { formatSequence, type StoredMessage } from './envelope.js';
import { topicErrors } from './errors.js';
import {
  type CheckedMessage,
  checkPublish,
  contentFor,
  deduplicationIdOf,
  MAX_MESSAGE_BYTES,
  type PublishInput,
} from './messages.js';
import type { OutboxWorker } from './outbox.js';
import type { Protocol } from './protocols.js';
import { deadLetterQueueOf, effectiveHttp } from './subscription-attributes.js';
import type { SubscriptionSets } from './subscription-sets.js';

export interface PublishResult {
  readonly messageId: string;
  readonly sequenceNumber?: string;
}

const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
/** How long an internal publish stays idempotent: longer than any recovery takes. */
const IDEMPOTENCY_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** The scope of internal idempotency keys: it contains a space, which no message group id may. */
const INTERNAL_PUBLISHES = 'internal publish';

/**
 * Snapshots already made, by subscription record. Records are immutable and the subscription sets
 * keep them until a subscription of the topic changes (a change replaces every record of the
 * topic), so the policies are parsed once per reload, not once per message. An HTTP/S snapshot also reads the
 * topic's DeliveryPolicy, which SetTopicAttributes changes without touching the subscription: an
 * entry is reused only under the topic policy it was made with.
 */
const snapshots = new WeakMap<
  SubscriptionRecord,
  { readonly topicPolicy: string | undefined; readonly snapshot: SubscriberSnapshot }
>();

/** What a delivery row keeps of its subscription. */
export function snapshotOf(subscription: SubscriptionRecord, topic: TopicRecord): SubscriberSnapshot {
  const topicPolicy = topic.attributes.DeliveryPolicy;
  const made = snapshots.get(subscription);
  if (made && made.topicPolicy === topicPolicy) return made.snapshot;
  const snapshot = makeSnapshot(subscription, topic);
  snapshots.set(subscription, { topicPolicy, snapshot });
  return snapshot;
}

function makeSnapshot(subscription: SubscriptionRecord, topic: TopicRecord): SubscriberSnapshot {
  const protocol = subscription.protocol as Protocol;
  const dlq = deadLetterQueueOf(subscription.attributes);
  const http = protocol === 'http' || protocol === 'https' ? effectiveHttp(subscription, topic) : undefined;
  return {
    arn: subscription.arn,
    protocol,
    endpoint: subscription.endpoint,
    raw: subscription.attributes.RawMessageDelivery === 'true',
    ...(dlq ? { deadLetterQueue: dlq } : {}),
    ...(http ? { retry: http.retry, contentType: http.contentType } : {}),
  };
}

export async function publishMessages(
  topic: TopicRecord,
  inputs: readonly PublishInput[],
  deps: {
    readonly sets: SubscriptionSets;
    readonly worker: OutboxWorker;
    readonly now: number;
    readonly batch: boolean;
  },
): Promise<PublishResult[]> {
  const checked = inputs.map((input, i) => checkPublish(topic, input, deps.batch ? i + 1 : undefined));
  if (deps.batch && checked.reduce((n, c) => n + c.size, 0) > MAX_MESSAGE_BYTES) throw topicErrors.batchTooLong();
  const messages: NewTopicMessage[] = [];
  for (const [i, c] of checked.entries()) {
    messages.push(await messageOf(topic, c, inputs[i]!.idempotencyKey, deps));
  }
  const outcomes = await deps.worker.publish(messages);
  return outcomes.map((outcome, i) => {
    if (outcome.kind === 'topicDoesNotExist') throw topicErrors.topicNotFound();
    const messageId = outcome.kind === 'duplicate' ? outcome.messageId : messages[i]!.messageId;
    return outcome.sequence !== undefined
      ? { messageId, sequenceNumber: formatSequence(outcome.sequence) }
      : { messageId };
  });
}

async function messageOf(
  topic: TopicRecord,
  c: CheckedMessage,
  idempotencyKey: string | undefined,
  deps: { readonly sets: SubscriptionSets; readonly now: number },
): Promise<NewTopicMessage> {
  const { now } = deps;
  const id = randomUUID();
  const deduplicationId = topic.fifo ? deduplicationIdOf(c) : undefined;
  const stored: StoredMessage = {
    type: 'Notification',
    id,
    topicArn: topic.arn,
    text: c.text,
    ...(c.perProtocol ? { perProtocol: c.perProtocol } : {}),
    ...(c.subject !== undefined ? { subject: c.subject } : {}),
    ...(c.attributes ? { attributes: c.attributes } : {}),
    ...(c.groupId !== undefined ? { groupId: c.groupId } : {}),
    ...(deduplicationId !== undefined ? { deduplicationId } : {}),
    timestamp: now,
    signatureVersion: topic.attributes.SignatureVersion ?? '1',
    fifo: topic.fifo,
  };
  const text = JSON.stringify(stored);
  const matched = await deps.sets.match(topic.arn, {
    text: contentFor(c, 'default'),
    ...(c.attributes ? { attributes: c.attributes } : {}),
  });
  const deliveries: NewTopicDelivery[] = matched.map((s) => ({
    id: randomUUID(),
    subscriptionArn: s.arn,
    subscription: snapshotOf(s, topic) as unknown as NewTopicDelivery['subscription'],
    message: text,
    // A FIFO topic's messages reach each subscription in order within their group.
    ...(topic.fifo ? { lane: `${s.arn}\n${c.groupId}` } : {}),
    dueAt: now,
  }));
  const deduplication: TopicDeduplication[] = [];
  if (idempotencyKey !== undefined) {
    deduplication.push({ scope: INTERNAL_PUBLISHES, id: idempotencyKey, expiresAt: now + IDEMPOTENCY_WINDOW_MS });
  }
  if (deduplicationId !== undefined) {
    const scope = topic.attributes.FifoThroughputScope === 'MessageGroup' ? c.groupId! : '';
    deduplication.push({ scope, id: deduplicationId, expiresAt: now + DEDUPLICATION_WINDOW_MS });
  }
  return { topicArn: topic.arn, messageId: id, sequenced: topic.fifo, deduplication, deliveries, publishedAt: now };
}
