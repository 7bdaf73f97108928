/**
 * The hot path's writes (sends, claims, deletes) through one group commit: whatever the
 * service submits while a batch is being written, or in the same event-loop turn, reaches the
 * store as one QueueStore.write (on SQLite one transaction, so one fsync instead of one per kind).
 * A batch's sends wake long-polling receivers, as many as messages are left for them.
 */
import { GroupCommit } from '../../store/group-commit.js';
import type {
  DeleteOutcome,
  NewQueueMessage,
  QueueStore,
  ReceiptRef,
  ReceiveRequest,
  ReceiveResult,
  SendOutcome,
} from '../../store/port.js';
import type { QueueWaiters } from './waiters.js';

type Write =
  | { readonly kind: 'send'; readonly message: NewQueueMessage }
  | { readonly kind: 'delete'; readonly ref: ReceiptRef }
  | { readonly kind: 'receive'; readonly request: ReceiveRequest };

type Outcome = SendOutcome | DeleteOutcome | ReceiveResult;

export class QueueWrites {
  private readonly commit: GroupCommit<Write, Outcome>;

  constructor(store: QueueStore, inFlight: number, waiters: QueueWaiters) {
    this.commit = new GroupCommit(async (writes) => {
      const outcomes = await writeAll(store, writes);
      wakeReceivers(waiters, writes, outcomes);
      return outcomes;
    }, inFlight);
  }

  // Each write's outcome is of its own kind (writeAll keeps them apart), hence the casts.
  send(messages: readonly NewQueueMessage[]): Promise<SendOutcome[]> {
    return this.commit.submitAll(messages.map((message) => ({ kind: 'send', message }))) as Promise<SendOutcome[]>;
  }

  delete(refs: readonly ReceiptRef[]): Promise<DeleteOutcome[]> {
    return this.commit.submitAll(refs.map((ref) => ({ kind: 'delete', ref }))) as Promise<DeleteOutcome[]>;
  }

  receive(request: ReceiveRequest): Promise<ReceiveResult> {
    return this.commit.submit({ kind: 'receive', request }) as Promise<ReceiveResult>;
  }
}

/** One store call for a batch; each write gets the outcome at its place among its own kind. */
async function writeAll(store: QueueStore, writes: readonly Write[]): Promise<Outcome[]> {
  const sends: NewQueueMessage[] = [];
  const deletes: ReceiptRef[] = [];
  const receives: ReceiveRequest[] = [];
  for (const w of writes) {
    if (w.kind === 'send') sends.push(w.message);
    else if (w.kind === 'delete') deletes.push(w.ref);
    else receives.push(w.request);
  }
  const out = await store.write({ sends, deletes, receives });
  let s = 0;
  let d = 0;
  let r = 0;
  return writes.map((w) =>
    w.kind === 'send' ? out.sends[s++]! : w.kind === 'delete' ? out.deletes[d++]! : out.receives[r++]!,
  );
}

/**
 * Tells each queue's waiters how many messages the batch sent that are visible and still there.
 * A receive of the batch that came back short emptied its queue of what was visible at its `now`
 * (sends come first in a batch), so those messages are taken: waking pollers for them would send
 * each to find nothing (in the queue bench, five empty looks for every one that found messages).
 */
function wakeReceivers(waiters: QueueWaiters, writes: readonly Write[], outcomes: readonly Outcome[]): void {
  const emptiedAt = new Map<string, number>();
  writes.forEach((w, i) => {
    if (w.kind !== 'receive' || (outcomes[i] as ReceiveResult).messages.length >= w.request.max) return;
    const arn = w.request.queueArn;
    emptiedAt.set(arn, Math.max(emptiedAt.get(arn) ?? Number.NEGATIVE_INFINITY, w.request.now));
  });
  const left = new Map<string, number>();
  writes.forEach((w, i) => {
    if (w.kind !== 'send' || (outcomes[i] as SendOutcome).kind !== 'sent') return;
    const { queueArn, sentAt, visibleAt } = w.message;
    if (visibleAt > sentAt || visibleAt <= (emptiedAt.get(queueArn) ?? Number.NEGATIVE_INFINITY)) return;
    left.set(queueArn, (left.get(queueArn) ?? 0) + 1);
  });
  for (const [arn, count] of left) waiters.notify(arn, count);
}
