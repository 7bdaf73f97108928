/**
 * @module messaging/queues
 * Queues with SQS semantics: standard (at-least-once, best-effort order) and FIFO (strict order
 * per message group, a group blocked while one of its messages is in flight, deduplication
 * within five minutes), visibility timeouts, delays, retention, dead-letter queues and redrive.
 * Durable through the store's QueueStore port; imports nothing of api/ (errors are QueueErrors,
 * which the API layer encodes). Entry point: `QueueService`.
 *
 * @example
 * const queues = new QueueService({ store: store.queues, clock });
 * const q = await queues.createQueue({ region, account }, 'orders', {}, {});
 * await queues.send(q.arn, [{ body: 'hello' }]);
 */
export { QueueError, type QueueErrorCode, queueErrors } from './errors.js';
export { type MessageAttributes, type MessageAttributeValue, md5Hex, md5OfAttributes } from './md5.js';
export { type SendInput, sendSize } from './messages.js';
export type { MoveTask, MoveTaskStatus } from './move-tasks.js';
export { arnOfUrl, parseQueueArn, type QueueLocation, queueUrl } from './names.js';
export {
  type EntryOutcome,
  QueueService,
  type QueueServiceOptions,
  type ReceivedMessage,
  type ReceiveOptions,
  type SendResult,
} from './service.js';
