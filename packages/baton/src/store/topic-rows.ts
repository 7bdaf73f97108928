/**
 * The rows both SQL adapters write and read topic deliveries as, and how they become records: one
 * mapping, so the adapters cannot drift apart.
 */
import type { JsonObject } from '../kernel/index.js';
import type { NewTopicDelivery, TopicDeliveryRecord } from './port.js';

export interface DeliveryRow {
  seq: number;
  id: string;
  subscription_arn: string;
  subscription: string;
  message: string;
  lane: string | null;
  sequence: number | null;
  due_at: number;
  attempts: number;
  lease: string | null;
  last_error: string | null;
}

export function deliveryOf(row: DeliveryRow): TopicDeliveryRecord {
  return {
    id: row.id,
    subscriptionArn: row.subscription_arn,
    subscription: JSON.parse(row.subscription) as JsonObject,
    message: row.message,
    ...(row.lane !== null ? { lane: row.lane } : {}),
    ...(row.sequence !== null ? { sequence: row.sequence } : {}),
    dueAt: row.due_at,
    attempts: row.attempts,
    ...(row.lease !== null ? { lease: row.lease } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
  };
}

/**
 * The columns a new delivery is inserted with (`sequence`: its message's, for FIFO topics). The
 * subscription stays a document for the adapter to encode; a row written leased counts its first
 * attempt.
 */
export function newDeliveryRow(delivery: NewTopicDelivery, sequence: number | null) {
  return {
    id: delivery.id,
    subscription_arn: delivery.subscriptionArn,
    subscription: delivery.subscription,
    message: delivery.message,
    lane: delivery.lane ?? null,
    sequence,
    due_at: delivery.dueAt,
    attempts: delivery.lease !== undefined ? 1 : 0,
    lease: delivery.lease ?? null,
  };
}
