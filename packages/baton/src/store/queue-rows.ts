/**
 * The row both SQL adapters read queue messages from, and how it becomes a record: one mapping,
 * so the adapters cannot drift apart.
 */
import type { PeekedQueueMessage, QueueMessageRecord } from './port.js';

export interface MessageRow {
  seq: number;
  queue_arn: string;
  id: string;
  body: string;
  md5_body: string;
  attributes: string | null;
  sent_at: number;
  visible_at: number;
  group_id: string | null;
  dedup_id: string | null;
  receive_count: number;
  first_received_at: number | null;
  receipt: string | null;
  dead_letter_source: string | null;
}

export function messageOf(row: MessageRow): QueueMessageRecord {
  return {
    queueArn: row.queue_arn,
    seq: row.seq,
    id: row.id,
    body: row.body,
    md5OfBody: row.md5_body,
    ...(row.attributes !== null ? { attributes: row.attributes } : {}),
    sentAt: row.sent_at,
    ...(row.group_id !== null ? { groupId: row.group_id } : {}),
    ...(row.dedup_id !== null ? { deduplicationId: row.dedup_id } : {}),
    receiveCount: row.receive_count,
    ...(row.first_received_at !== null ? { firstReceivedAt: row.first_received_at } : {}),
    ...(row.receipt !== null ? { receipt: row.receipt } : {}),
    ...(row.dead_letter_source !== null ? { deadLetterSourceArn: row.dead_letter_source } : {}),
  };
}

/** A row as a peek shows it: the record and when the message is (or becomes) visible. */
export function peekedOf(row: MessageRow): PeekedQueueMessage {
  return { ...messageOf(row), visibleAt: row.visible_at };
}
