/**
 * Receipt handles: opaque to clients, they name a message (its queue and sequence number) and
 * the receive that handed it out. A handle from an earlier receive of the same message is stale:
 * DeleteMessage accepts it without deleting (as AWS documents for standard queues: "the request
 * succeeds, but the message might not be deleted"), ChangeMessageVisibility refuses it.
 */
import type { ReceiptRef } from '../../store/port.js';
import { queueErrors } from './errors.js';

export function encodeReceipt(ref: ReceiptRef): string {
  return Buffer.from(`${ref.seq}:${ref.receipt}:${ref.queueArn}`, 'utf8').toString('base64');
}

/** The message a handle names; ReceiptHandleIsInvalid when it is not one of ours or names another queue. */
export function decodeReceipt(handle: string, queueArn: string): ReceiptRef {
  const text = Buffer.from(handle, 'base64').toString('utf8');
  const m = /^(\d{1,15}):([0-9a-f]{8,64}):(arn:aws:sqs:.+)$/.exec(text);
  if (!m || m[3] !== queueArn || Buffer.from(text, 'utf8').toString('base64') !== handle) {
    throw queueErrors.receiptHandleIsInvalid(handle);
  }
  return { queueArn, seq: Number(m[1]), receipt: m[2]! };
}
