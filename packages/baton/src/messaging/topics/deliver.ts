/**
 * One delivery attempt per protocol, and what happens when a delivery is given up:
 *
 * - `sqs`: SendMessage to the queue (RawMessageDelivery: the bare message with its attributes as
 *   SQS message attributes). FIFO queues get the message group and the deduplication id (given,
 *   or the SHA-256 of the message); a standard topic's MessageGroupId reaches standard queues too.
 * - `http`/`https`: a POST with SNS's headers (x-amz-sns-message-type, -message-id, -topic-arn,
 *   -subscription-arn, -rawdelivery) and the DeliveryPolicy's content type. 2xx delivers; 429, 5xx,
 *   timeouts and connection errors are retried by the delivery policy; other statuses and refused
 *   addresses (private hosts not allowed) are client-side errors, dead-lettered at once.
 * - `lambda`, `states`, `events`: through the TopicTargets port (integrations/sns.ts).
 *
 * Client-side errors (the endpoint no longer exists) are not retried, as on AWS; a given-up
 * notification goes to the subscription's RedrivePolicy queue as the endpoint would have received it.
 */
import { createHash } from 'node:crypto';
import type { Json } from '../../kernel/index.js';
import type { TopicDeliveryRecord } from '../../store/port.js';
import { type MessageAttributes, QueueError, type QueueService } from '../queues/index.js';
import { type EnvelopeContext, envelope, lambdaEvent, type StoredMessage } from './envelope.js';
import { contentFor } from './messages.js';
import type { Attempt, DeliveryHandler } from './outbox.js';
import type { Protocol } from './protocols.js';
import { MANAGED_RETRY_POLICY, type RetryPolicy } from './retry.js';

/** What a delivery row keeps of its subscription (row `subscription`). */
export interface SubscriberSnapshot {
  readonly arn: string;
  readonly protocol: Protocol;
  readonly endpoint: string;
  readonly raw: boolean;
  readonly deadLetterQueue?: string;
  /** HTTP/S: the effective healthyRetryPolicy and content type. */
  readonly retry?: RetryPolicy;
  readonly contentType?: string;
}

/** The port to Baton's functions, workflows and event buses (wired in main.ts: integrations/sns.ts). */
export interface TopicTargets {
  invoke(functionArn: string, payload: Json, signal: AbortSignal): Promise<Attempt>;
  /** `input` that is not JSON starts the execution as a JSON string. */
  startExecution(stateMachineArn: string, name: string, input: string, signal: AbortSignal): Promise<Attempt>;
  /** `detail` is the text of one JSON object. */
  putEvent(busArn: string, detail: string, topicArn: string, signal: AbortSignal): Promise<Attempt>;
}

export interface DelivererOptions {
  readonly queues: QueueService;
  readonly targets: TopicTargets;
  readonly envelope: () => EnvelopeContext;
  /** Why an HTTP/S endpoint may not be called (private addresses), or undefined when it may. */
  readonly checkUrl: (url: URL) => Promise<string | undefined>;
  /** Whether the subscription still exists: deliveries to removed subscriptions are dropped. */
  readonly exists: (topicArn: string, subscriptionArn: string) => Promise<boolean>;
  readonly onError: (error: unknown, context: string) => void;
}

const failed = (fatal: boolean, code: string, message: string): Attempt => ({ kind: 'failed', fatal, code, message });

const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

export class Deliverer implements DeliveryHandler {
  constructor(private readonly options: DelivererOptions) {}

  policy(row: TopicDeliveryRecord): RetryPolicy {
    return (row.subscription as unknown as SubscriberSnapshot).retry ?? MANAGED_RETRY_POLICY;
  }

  async attempt(row: TopicDeliveryRecord, signal: AbortSignal): Promise<Attempt> {
    const sub = row.subscription as unknown as SubscriberSnapshot;
    const m = JSON.parse(row.message) as StoredMessage;
    if (!(await this.options.exists(m.topicArn, sub.arn))) return { kind: 'delivered' };
    switch (sub.protocol) {
      case 'sqs':
        return this.send(sub.endpoint, this.body(m, sub, row), m, sub);
      case 'http':
      case 'https':
        return this.post(sub, m, this.body(m, sub, row), signal);
      case 'lambda':
        return this.options.targets.invoke(sub.endpoint, lambdaEvent(m, sub.arn, this.options.envelope()), signal);
      case 'states': {
        const body = this.body(m, sub, row);
        return this.options.targets.startExecution(sub.endpoint, row.id, body, signal);
      }
      case 'events': {
        const body = this.body(m, sub, row);
        return this.options.targets.putEvent(sub.endpoint, sub.raw ? detailOf(body) : body, m.topicArn, signal);
      }
    }
  }

  async giveUp(row: TopicDeliveryRecord, failure: Extract<Attempt, { kind: 'failed' }>): Promise<void> {
    const sub = row.subscription as unknown as SubscriberSnapshot;
    const m = JSON.parse(row.message) as StoredMessage;
    const what = `message ${m.id} of ${m.topicArn} for ${sub.arn} (${failure.code}: ${failure.message})`;
    if (m.type !== 'Notification' || !sub.deadLetterQueue) {
      this.options.onError(new Error(`${failure.code}: ${failure.message}`), `dropped ${what}`);
      return;
    }
    const outcome = await this.send(sub.deadLetterQueue, this.body(m, sub, row), m, sub);
    if (outcome.kind === 'failed') {
      this.options.onError(new Error(outcome.message), `dropped ${what}: its dead-letter queue refused it`);
    }
  }

  /** The text an endpoint receives: the envelope, or the bare message with RawMessageDelivery. */
  private body(m: StoredMessage, sub: SubscriberSnapshot, row: TopicDeliveryRecord): string {
    if (sub.raw && m.type === 'Notification') return contentFor(m, sub.protocol);
    return JSON.stringify(envelope(m, sub.protocol, sub.arn, row.sequence, this.options.envelope()));
  }

  private async send(queueArn: string, body: string, m: StoredMessage, sub: SubscriberSnapshot): Promise<Attempt> {
    const fifoQueue = queueArn.endsWith('.fifo');
    const raw = sub.raw && m.attributes ? { attributes: sqsAttributes(m) } : {};
    const group =
      m.groupId !== undefined && (fifoQueue || !m.fifo)
        ? {
            groupId: m.groupId,
            ...(fifoQueue
              ? {
                  deduplicationId: m.deduplicationId ?? createHash('sha256').update(contentFor(m, 'sqs')).digest('hex'),
                }
              : {}),
          }
        : {};
    try {
      const [result] = await this.options.queues.send(queueArn, [{ body, ...raw, ...group }]);
      if (result instanceof QueueError) return failed(true, result.code, result.message);
      return { kind: 'delivered' };
    } catch (e) {
      if (e instanceof QueueError) return failed(true, e.code, e.message);
      throw e;
    }
  }

  private async post(sub: SubscriberSnapshot, m: StoredMessage, body: string, signal: AbortSignal): Promise<Attempt> {
    let url: URL;
    try {
      url = new URL(sub.endpoint);
    } catch {
      return failed(true, 'InvalidEndpoint', `Not a URL: ${sub.endpoint}`);
    }
    const refusal = await this.options.checkUrl(url);
    if (refusal) return failed(true, 'Unreachable', refusal);
    const notification = m.type === 'Notification';
    const headers: Record<string, string> = {
      'content-type': notification ? (sub.contentType ?? DEFAULT_CONTENT_TYPE) : DEFAULT_CONTENT_TYPE,
      'user-agent': 'Amazon Simple Notification Service Agent',
      'x-amz-sns-message-type': m.type,
      'x-amz-sns-message-id': m.id,
      'x-amz-sns-topic-arn': m.topicArn,
      ...(notification ? { 'x-amz-sns-subscription-arn': sub.arn } : {}),
      ...(notification && sub.raw ? { 'x-amz-sns-rawdelivery': 'true' } : {}),
    };
    // Credentials in the URL become Basic authentication (fetch refuses URLs that carry them).
    if (url.username) {
      const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${Buffer.from(user).toString('base64')}`;
      url.username = '';
      url.password = '';
    }
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      return failed(false, 'ConnectionError', `${url.origin}: ${(e as Error).message}`);
    }
    if (response.status >= 200 && response.status < 300) return { kind: 'delivered' };
    const retryable = response.status === 429 || response.status >= 500;
    return failed(!retryable, `HttpStatus${response.status}`, `${url.origin} answered ${response.status}`);
  }
}

function sqsAttributes(m: StoredMessage): MessageAttributes {
  const out: Record<string, { DataType: string; StringValue?: string; BinaryValue?: string }> = {};
  for (const [name, a] of Object.entries(m.attributes ?? {})) {
    out[name] =
      a.BinaryValue !== undefined
        ? { DataType: a.DataType, BinaryValue: a.BinaryValue }
        : { DataType: a.DataType, StringValue: a.StringValue ?? '' };
  }
  return out;
}

/** A raw message as event detail: itself when it is a JSON object, else `{"Message": text}`. */
function detailOf(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return text;
  } catch {
    // not JSON: wrapped below
  }
  return JSON.stringify({ Message: text });
}
