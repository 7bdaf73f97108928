/**
 * Queues as the console lists them: each queue's depth and its dead-letter relations, both ways —
 * the queue its RedrivePolicy sends messages to, and the queues that send theirs to it (what
 * ListDeadLetterSourceQueues answers, derived here from the policies already read).
 */
import { depthOf, type Queue, redrivePolicy } from '../api/sqs.js';

export interface QueueRow {
  readonly queue: Queue;
  readonly arn: string;
  readonly fifo: boolean;
  readonly depth: { readonly visible: number; readonly inFlight: number; readonly delayed: number };
  readonly deadLetter?: { readonly arn: string; readonly maxReceiveCount: number };
  /** ARNs of the queues whose dead-letter queue this is. */
  readonly sources: readonly string[];
}

export function queueRows(queues: readonly Queue[]): QueueRow[] {
  const sources = new Map<string, string[]>();
  for (const q of queues) {
    const policy = redrivePolicy(q);
    if (!policy) continue;
    const list = sources.get(policy.deadLetterTargetArn) ?? [];
    list.push(q.attributes.QueueArn ?? '');
    sources.set(policy.deadLetterTargetArn, list);
  }
  return [...queues]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((queue) => {
      const arn = queue.attributes.QueueArn ?? '';
      const policy = redrivePolicy(queue);
      return {
        queue,
        arn,
        fifo: queue.attributes.FifoQueue === 'true',
        depth: depthOf(queue),
        ...(policy ? { deadLetter: { arn: policy.deadLetterTargetArn, maxReceiveCount: policy.maxReceiveCount } } : {}),
        sources: (sources.get(arn) ?? []).sort(),
      };
    });
}

export const queueNameOfArn = (arn: string) => arn.split(':').at(-1) ?? arn;
