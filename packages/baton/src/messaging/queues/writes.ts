/**
 * The hot path's writes (sends, claims, deletes) through one group commit: whatever the
 * service submits while a batch is being written, or in the same event-loop turn, reaches the
 * store as one QueueStore.write (on SQLite one transaction, so one fsync instead of one per kind).
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

type Write =
  | { readonly kind: 'send'; readonly message: NewQueueMessage }
  | { readonly kind: 'delete'; readonly ref: ReceiptRef }
  | { readonly kind: 'receive'; readonly request: ReceiveRequest };

type Outcome = SendOutcome | DeleteOutcome | ReceiveResult;

export class QueueWrites {
  private readonly commit: GroupCommit<Write, Outcome>;

  constructor(store: QueueStore, inFlight: number) {
    this.commit = new GroupCommit((writes) => writeAll(store, writes), inFlight);
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
