/**
 * @module messaging/topics
 * Topics with SNS semantics: standard and FIFO topics, subscriptions with filter policies
 * (compiled into one matcher per topic and scope), raw delivery, dead-letter queues, the HTTP/S
 * confirmation handshake, and at-least-once delivery through a durable outbox (written with the
 * Publish that accepted the message, drained by a worker with SNS's delivery policies; FIFO
 * messages reach each subscription in order within their group). Delivers to SQS queues and
 * HTTP/S endpoints itself, and to functions, workflows and event buses through the TopicTargets
 * port. Durable through the store's TopicStore port; imports nothing of api/, runtime/ or
 * integrations/ (errors are TopicErrors, which the API layer encodes). Entry point: `TopicService`.
 *
 * @example
 * const topics = new TopicService({ store: store.topics, tags: store.tags, queues, clock, targets, endpoint });
 * topics.start();
 * const topic = await topics.createTopic({ region, account }, 'orders', {}, []);
 * await topics.subscribe(topicOf(topic.arn, at), 'sqs', queueArn, {});
 * await topics.publish(topicOf(topic.arn, at), [{ message: 'hello' }]);
 */
export type { SubscriberSnapshot, TopicTargets } from './deliver.js';
export { formatSequence } from './envelope.js';
export { TopicError, type TopicErrorCode, topicErrors } from './errors.js';
export type { PublishInput, SnsAttribute } from './messages.js';
export {
  checkSubscriptionArn,
  parseSubscriptionArn,
  parseTopicArn,
  type TopicLocation,
  type TopicRef,
  topicArn,
  topicOf,
} from './names.js';
export type { Attempt, OutboxOptions } from './outbox.js';
export type { Protocol } from './protocols.js';
export type { PublishResult } from './publish.js';
export { FUNCTION_RETRY_POLICY } from './retry.js';
export { type Tag, TopicService, type TopicServiceOptions } from './service.js';
