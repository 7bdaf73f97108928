import { describe, expect, it } from 'vitest';
import type { Queue } from '../api/sqs.js';
import { queueRows } from './relations.js';

const ARN = (name: string) => `arn:aws:sqs:us-east-1:1:${name}`;
const queue = (name: string, attributes: Record<string, string> = {}): Queue => ({
  url: `http://127.0.0.1:1/1/${name}`,
  name,
  attributes: { QueueArn: ARN(name), ApproximateNumberOfMessages: '0', ...attributes },
});

describe('queueRows', () => {
  it('reads depth and links each queue to its dead-letter queue and back', () => {
    const policy = (to: string) => JSON.stringify({ deadLetterTargetArn: ARN(to), maxReceiveCount: 3 });
    const rows = queueRows([
      queue('payments', { RedrivePolicy: policy('payments-dlq'), ApproximateNumberOfMessages: '4' }),
      queue('refunds', { RedrivePolicy: policy('payments-dlq'), ApproximateNumberOfMessagesNotVisible: '2' }),
      queue('payments-dlq', { ApproximateNumberOfMessages: '7', ApproximateNumberOfMessagesDelayed: '1' }),
      queue('orders.fifo', { FifoQueue: 'true', RedrivePolicy: '{not json' }),
    ]);
    expect(rows.map((r) => [r.queue.name, r.fifo, r.depth, r.deadLetter?.arn, r.sources])).toEqual([
      ['orders.fifo', true, { visible: 0, inFlight: 0, delayed: 0 }, undefined, []],
      ['payments', false, { visible: 4, inFlight: 0, delayed: 0 }, ARN('payments-dlq'), []],
      ['payments-dlq', false, { visible: 7, inFlight: 0, delayed: 1 }, undefined, [ARN('payments'), ARN('refunds')]],
      ['refunds', false, { visible: 0, inFlight: 2, delayed: 0 }, ARN('payments-dlq'), []],
    ]);
    expect(rows[1]!.deadLetter?.maxReceiveCount).toBe(3);
  });
});
