/**
 * `GET /baton/queues/peek?queueArn=…&max=10`: a queue's messages, read without changing anything —
 * what SQS has no call for. ReceiveMessage (even with VisibilityTimeout 0) counts a receive, sets
 * ApproximateFirstReceiveTimestamp and can move a message to its dead-letter queue; a peek does
 * none of that, so the console can show a queue's contents without disturbing its consumers.
 *
 *   → 200 {messages: [{messageId, body, md5OfBody, sentTimestamp, receiveCount, state,
 *          visibleTimestamp, firstReceiveTimestamp?, messageGroupId?, messageDeduplicationId?,
 *          deadLetterSourceArn?}]}
 *   → 400 {__type, message}: QueueDoesNotExist, InvalidParameterValue (the SQS JSON protocol's names)
 *
 * Messages come in the order they are or become visible (`state`: visible, inFlight, delayed);
 * expired ones are left out. Timestamps are epoch milliseconds. Message attributes are not shown.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../kernel/index.js';
import { parseQueueArn, QueueError, type QueueService, queueErrors } from '../../messaging/queues/index.js';
import type { PeekedQueueMessage, QueueStore } from '../../store/port.js';
import type { AccessKeys } from '../auth.js';
import { domainErrorsOf } from '../errors.js';
import { nativeRoute } from './route.js';

export interface QueuePeekOptions {
  readonly queues: QueueService;
  readonly store: QueueStore;
  readonly clock: Clock;
  readonly accessKeys?: AccessKeys;
}

export type PeekState = 'visible' | 'inFlight' | 'delayed';

const DEFAULT_MAX = 10;
const MAX = 100;

export function registerQueuePeek(app: FastifyInstance, options: QueuePeekOptions): void {
  app.get(
    '/baton/queues/peek',
    nativeRoute({ accessKeys: options.accessKeys, domainError: queueError }, async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      const arn = query.queueArn ?? '';
      if (!parseQueueArn(arn))
        throw queueErrors.invalidParameterValue(`Value ${arn} for parameter queueArn is invalid.`);
      const max = query.max === undefined ? DEFAULT_MAX : Number(query.max);
      if (!Number.isInteger(max) || max < 1 || max > MAX) {
        throw queueErrors.invalidParameterValue(
          `Value ${query.max} for parameter max is invalid. Must be 1 to ${MAX}.`,
        );
      }
      const { MessageRetentionPeriod } = await options.queues.attributes(arn, ['MessageRetentionPeriod']);
      const now = options.clock.now();
      const messages = await options.store.peek(arn, max, now - Number(MessageRetentionPeriod) * 1000);
      return reply.code(200).send({ messages: messages.map((m) => wireMessage(m, now)) });
    }),
  );
}

/** Every QueueError is a 400 here, under its JSON-protocol name (unlike SQS, which gives some 403 or 404). */
const queueError = domainErrorsOf(QueueError);

function stateOf(m: PeekedQueueMessage, now: number): PeekState {
  if (m.visibleAt <= now) return 'visible';
  return m.receiveCount > 0 ? 'inFlight' : 'delayed';
}

function wireMessage(m: PeekedQueueMessage, now: number) {
  return {
    messageId: m.id,
    body: m.body,
    md5OfBody: m.md5OfBody,
    sentTimestamp: m.sentAt,
    receiveCount: m.receiveCount,
    state: stateOf(m, now),
    visibleTimestamp: m.visibleAt,
    ...(m.firstReceivedAt !== undefined ? { firstReceiveTimestamp: m.firstReceivedAt } : {}),
    ...(m.groupId !== undefined ? { messageGroupId: m.groupId } : {}),
    ...(m.deduplicationId !== undefined ? { messageDeduplicationId: m.deduplicationId } : {}),
    ...(m.deadLetterSourceArn !== undefined ? { deadLetterSourceArn: m.deadLetterSourceArn } : {}),
  };
}
