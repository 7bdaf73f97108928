/**
 * The hot path's writes (sends, claims, deletes) through one group commit: whatever the
 * service submits while a batch is being written, or in the same event-loop turn, reaches the
 * store as one QueueStore.write (on SQLite one transaction, so one fsync instead of one per kind).
 * After each batch, long-polling receivers are woken for the messages it made available.
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
      const { outcomes, receivesAfterSends } = await writeAll(store, writes);
      wakeReceivers(waiters, writes, outcomes, receivesAfterSends);
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
async function writeAll(
  store: QueueStore,
  writes: readonly Write[],
): Promise<{ outcomes: Outcome[]; receivesAfterSends: boolean }> {
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
  const outcomes = writes.map((w) =>
    w.kind === 'send' ? out.sends[s++]! : w.kind === 'delete' ? out.deletes[d++]! : out.receives[r++]!,
  );
  return { outcomes, receivesAfterSends: out.receivesAfterSends };
}

/**
 * Wakes each queue's long polls for the messages the batch made available: those it sent that
 * are visible and still there, those its receives moved to a dead-letter queue, and the next
 * ones of FIFO groups its deletes freed. A receive
 * that came back short, when it ran after the batch's sends, took every sent message it could
 * (those visible at its `now`): waking pollers for them would send each to find nothing (in the
 * queue bench, five empty looks for every one that found messages). Deletes ran after it: a FIFO
 * queue whose deletes freed groups keeps them. (Messages that become visible by themselves, as
 * visibility timeouts run out, wake nobody: long polls look again each second.)
 */
function wakeReceivers(
  waiters: QueueWaiters,
  writes: readonly Write[],
  outcomes: readonly Outcome[],
  receivesAfterSends: boolean,
): void {
  const available = new Map<string, number>();
  const offer = (arn: string, count = 1) => available.set(arn, (available.get(arn) ?? 0) + count);
  const emptiedAt = new Map<string, number>();
  const freedIn = new Set<string>();
  writes.forEach((w, i) => {
    if (w.kind === 'receive') {
      const arn = w.request.queueArn;
      const { messages, movedToDeadLetter } = outcomes[i] as ReceiveResult;
      if (movedToDeadLetter > 0 && w.request.deadLetter) offer(w.request.deadLetter.targetArn, movedToDeadLetter);
      // A claim that dead-lettered messages may have stopped before the queue ran dry.
      const emptied = messages.length < w.request.max && movedToDeadLetter === 0;
      if (emptied && receivesAfterSends) emptiedAt.set(arn, Math.max(emptiedAt.get(arn) ?? -Infinity, w.request.now));
    } else if (w.kind === 'delete' && outcomes[i] === 'deleted' && isFifo(w.ref.queueArn)) {
      freedIn.add(w.ref.queueArn);
      offer(w.ref.queueArn);
    }
  });
  writes.forEach((w, i) => {
    if (w.kind !== 'send' || (outcomes[i] as SendOutcome).kind !== 'sent') return;
    const { queueArn, sentAt, visibleAt } = w.message;
    if (visibleAt > sentAt) return;
    if (!freedIn.has(queueArn) && visibleAt <= (emptiedAt.get(queueArn) ?? -Infinity)) return;
    offer(queueArn);
  });
  for (const [arn, count] of available) waiters.notify(arn, count);
}

/** FIFO queue names end in `.fifo` (CreateQueue refuses any other name with FifoQueue). */
const isFifo = (queueArn: string) => queueArn.endsWith('.fifo');
