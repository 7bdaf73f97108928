/**
 * @module messaging/targets
 * Sending to the messaging resources a target names — SQS queues, SNS topics, Kinesis streams —
 * for the two things that have targets: the event bus's rules (through its dispatcher,
 * integrations/events.ts) and pipes (messaging/pipes/deliver.ts). Items go in calls of the
 * service's batch size; queues and topics remember an item's idempotency key, when it has one, so
 * the item sent again after a crash or a retry is not sent twice. Imports the queue, topic and
 * stream services; their errors (QueueError, TopicError, StreamError) come through for the
 * caller to map.
 *
 * @example
 * const refused = await sendToQueue(queues, queueArn, [{ body: '{"id":1}', idempotencyKey: `${batchId} 0` }]);
 */
export { type Outgoing, publishToTopic, putOnStream, type Refusal, type StreamItem, sendToQueue } from './sends.js';
