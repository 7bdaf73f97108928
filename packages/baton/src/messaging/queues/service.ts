/**
 * The queue service: SQS semantics over the QueueStore port. Sends, claims and deletes go
 * through one group commit (writes.ts: one transaction and one fsync for everything submitted together);
 * receives long-poll on in-process waiters; the rules of attributes, messages and receipts live
 * in their own files. Queues are addressed by ARN here; URLs are the API layer's business.
 *
 * Kept in memory, per node (and lost on restart, which only relaxes a rule): the 60-second
 * windows of QueueDeletedRecently and PurgeQueueInProgress, and FIFO ReceiveRequestAttemptIds.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import type {
  NewQueueMessage,
  Page,
  PageRequest,
  QueueRecord,
  QueueStore,
  ReceiptRef,
  ReceiveRequest,
} from '../../store/port.js';
import {
  allowsSource,
  checkAttributeNames,
  checkAttributes,
  checkCombination,
  defaultAttributes,
  integerAttribute,
  needsCounts,
  parseRedrivePolicy,
  readAttributes,
  redrivePolicyOf,
} from './attributes.js';
import { QueueError, queueErrors } from './errors.js';
import type { MessageAttributes } from './md5.js';
import { md5OfAttributes } from './md5.js';
import {
  type CheckedMessage,
  checkMessage,
  deduplicationIdOf,
  type SendInput,
  type StoredAttributes,
  selectAttributes,
  systemAttributesOf,
} from './messages.js';
import { MoveTasks } from './move-tasks.js';
import { arnPrefix, checkQueueName, type QueueLocation, queueArn } from './names.js';
import { decodeReceipt, encodeReceipt } from './receipts.js';
import { QueueWaiters } from './waiters.js';
import { QueueWrites } from './writes.js';

export interface QueueServiceOptions {
  readonly store: QueueStore;
  readonly clock: Clock;
  /** Batches written at once (1 for SQLite; PostgreSQL overlaps several). */
  readonly commitsInFlight?: number;
  readonly onError?: (error: unknown, context: string) => void;
}

export interface SendResult {
  readonly id: string;
  readonly md5OfBody: string;
  readonly md5OfAttributes?: string;
  readonly md5OfSystemAttributes?: string;
  readonly sequenceNumber?: string;
}

export interface ReceiveOptions {
  readonly max: number;
  /** Seconds; undefined: the queue's ReceiveMessageWaitTimeSeconds. */
  readonly waitSeconds?: number;
  /** Seconds; undefined: the queue's VisibilityTimeout. */
  readonly visibilityTimeout?: number;
  readonly systemAttributeNames: readonly string[];
  readonly messageAttributeNames: readonly string[];
  readonly attemptId?: string;
  readonly senderId: string;
  readonly signal: AbortSignal;
}

export interface ReceivedMessage {
  readonly id: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes?: Record<string, string>;
  readonly messageAttributes?: MessageAttributes;
  readonly md5OfMessageAttributes?: string;
}

/** Per-entry outcome of a batch: a result, or the error that entry alone failed with. */
export type EntryOutcome<T> = T | QueueError;

const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;
const RECENT_MS = 60 * 1000;
/** A long poll looks again at least this often (delays and visibility timeouts end silently). */
const REPOLL_MS = 1000;
const SWEEP_MS = 60 * 1000;
const CACHE_MS = 1000;

/**
 * Deduplication scope of internal idempotent sends: it contains a space, which no message group
 * id may, so no SQS scope (a group id or '') can equal it.
 */
const INTERNAL_SENDS = 'internal send';
/** How long an internal send stays idempotent: longer than any recovery takes. */
const IDEMPOTENCY_WINDOW_MS = 7 * 24 * 3600 * 1000;

export class QueueService {
  readonly moveTasks: MoveTasks;
  private readonly store: QueueStore;
  private readonly clock: Clock;
  private readonly writes: QueueWrites;
  private readonly waiters = new QueueWaiters();
  private readonly deletedAt = new Map<string, number>();
  private readonly purgedAt = new Map<string, number>();
  private readonly attempts = new Map<string, { at: number; messages: ReceivedMessage[] }>();
  /** Queue records read in the last second: a send needs its queue's attributes, not a read per message. */
  private readonly cache = new Map<string, { at: number; record: QueueRecord }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: QueueServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.writes = new QueueWrites(this.store, options.commitsInFlight ?? 1, this.waiters);
    this.moveTasks = new MoveTasks(this.store, this.clock, (arn) => this.queue(arn));
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS).unref();
  }

  close(): void {
    clearInterval(this.sweeper);
    this.moveTasks.close();
  }

  // --- queues -------------------------------------------------------------------------------

  async createQueue(
    at: QueueLocation,
    name: string,
    given: Readonly<Record<string, string>>,
    tags: Readonly<Record<string, string>>,
  ): Promise<QueueRecord> {
    const fifo = given.FifoQueue?.toLowerCase() === 'true';
    checkQueueName(name, fifo || name.endsWith('.fifo'));
    if (name.endsWith('.fifo') && !fifo) throw queueErrors.invalidQueueName(false);
    const checked = checkAttributes(given, fifo, 'create');
    const arn = queueArn(at, name);
    const existing = await this.store.get(arn);
    if (existing) return this.sameQueue(existing, checked);
    const deletedAt = this.deletedAt.get(arn);
    const now = this.clock.now();
    if (deletedAt !== undefined && now - deletedAt < RECENT_MS) throw queueErrors.queueDeletedRecently();
    const attributes = { ...defaultAttributes(fifo), ...checked };
    checkCombination(attributes);
    const redrive = attributes.RedrivePolicy ? await this.checkRedrive(arn, fifo, attributes.RedrivePolicy) : undefined;
    if (Object.keys(tags).length > 50) throw queueErrors.tooManyTags();
    const record: QueueRecord = {
      arn,
      name,
      fifo,
      attributes,
      tags,
      createdAt: now,
      lastModifiedAt: now,
      ...(redrive ? { deadLetterTargetArn: redrive } : {}),
    };
    const created = await this.store.create(record);
    return created.kind === 'created' ? record : this.sameQueue(created.existing, checked);
  }

  /** CreateQueue of an existing name succeeds only when every attribute given has the stored value. */
  private sameQueue(existing: QueueRecord, given: Readonly<Record<string, string>>): QueueRecord {
    for (const [name, value] of Object.entries(given)) {
      if ((existing.attributes[name] ?? '') !== value) throw queueErrors.queueNameExists(name);
    }
    return existing;
  }

  /** Checks a RedrivePolicy against its target; returns the target's ARN. */
  private async checkRedrive(sourceArn: string, fifo: boolean, raw: string): Promise<string> {
    const policy = parseRedrivePolicy(raw);
    const target = await this.store.get(policy.deadLetterTargetArn);
    if (!target) throw queueErrors.invalidParameter('RedrivePolicy', raw, 'Dead letter target does not exist.');
    if (target.fifo !== fifo) {
      throw queueErrors.invalidParameter(
        'RedrivePolicy',
        raw,
        'Dead-letter queue must be same type of queue as the source.',
      );
    }
    if (!allowsSource(target, sourceArn)) {
      throw queueErrors.invalidParameter(
        'RedrivePolicy',
        raw,
        `Queue ${target.arn} does not allow this queue to use it as a dead-letter queue.`,
      );
    }
    return policy.deadLetterTargetArn;
  }

  /** The queue, or QueueDoesNotExist. */
  async queue(arn: string): Promise<QueueRecord> {
    const now = this.clock.now();
    const hit = this.cache.get(arn);
    if (hit && now - hit.at < CACHE_MS) return hit.record;
    const record = await this.store.get(arn);
    if (!record) {
      this.cache.delete(arn);
      throw queueErrors.queueDoesNotExist();
    }
    this.cache.set(arn, { at: now, record });
    return record;
  }

  /** The stored record, never the cached one: what a read-modify-write starts from. */
  async fresh(arn: string): Promise<QueueRecord> {
    const queue = await this.store.get(arn);
    if (!queue) throw queueErrors.queueDoesNotExist();
    return queue;
  }

  async attributes(arn: string, names: readonly string[]): Promise<Record<string, string>> {
    checkAttributeNames(names);
    const queue = await this.fresh(arn);
    const now = this.clock.now();
    const counts = needsCounts(names)
      ? await this.store.counts(arn, now, now - integerAttribute(queue, 'MessageRetentionPeriod') * 1000)
      : undefined;
    return readAttributes(queue, names, counts);
  }

  async setAttributes(arn: string, given: Readonly<Record<string, string>>): Promise<void> {
    const queue = await this.fresh(arn);
    const checked = checkAttributes(given, queue.fifo, 'set');
    const attributes: Record<string, string> = { ...queue.attributes, ...checked };
    // An empty RedrivePolicy or RedriveAllowPolicy removes it.
    for (const name of ['RedrivePolicy', 'RedriveAllowPolicy', 'Policy', 'KmsMasterKeyId']) {
      if (attributes[name] === '') delete attributes[name];
    }
    checkCombination(attributes);
    const redrive = attributes.RedrivePolicy
      ? await this.checkRedrive(arn, queue.fifo, attributes.RedrivePolicy)
      : undefined;
    const { deadLetterTargetArn: _, ...rest } = queue;
    const record: QueueRecord = {
      ...rest,
      attributes,
      lastModifiedAt: this.clock.now(),
      ...(redrive ? { deadLetterTargetArn: redrive } : {}),
    };
    if (!(await this.store.update(record))) throw queueErrors.queueDoesNotExist();
    this.cache.delete(arn);
  }

  list(at: QueueLocation, namePrefix: string, page: PageRequest): Promise<Page<QueueRecord>> {
    return this.store.list(arnPrefix(at, namePrefix), page);
  }

  async deadLetterSources(arn: string, page: PageRequest): Promise<Page<QueueRecord>> {
    await this.queue(arn);
    return this.store.listDeadLetterSources(arn, page);
  }

  async deleteQueue(arn: string): Promise<void> {
    await this.queue(arn);
    await this.store.delete(arn);
    this.cache.delete(arn);
    this.waiters.forget(arn);
    this.deletedAt.set(arn, this.clock.now());
  }

  async purge(arn: string): Promise<void> {
    await this.queue(arn);
    const now = this.clock.now();
    const last = this.purgedAt.get(arn);
    if (last !== undefined && now - last < RECENT_MS) throw queueErrors.purgeInProgress(arn);
    this.purgedAt.set(arn, now);
    await this.store.purge(arn, now);
  }

  async tag(arn: string, tags: Readonly<Record<string, string>>): Promise<void> {
    const queue = await this.fresh(arn);
    const merged = { ...queue.tags, ...tags };
    if (Object.keys(merged).length > 50) throw queueErrors.tooManyTags();
    await this.store.update({ ...queue, tags: merged });
    this.cache.delete(arn);
  }

  async untag(arn: string, keys: readonly string[]): Promise<void> {
    const queue = await this.fresh(arn);
    const tags = { ...queue.tags };
    for (const key of keys) delete tags[key];
    await this.store.update({ ...queue, tags });
    this.cache.delete(arn);
  }

  // --- messages -----------------------------------------------------------------------------

  /** Sends messages to one queue; each entry succeeds or fails on its own (SendMessageBatch). */
  async send(arn: string, inputs: readonly SendInput[]): Promise<EntryOutcome<SendResult>[]> {
    const queue = await this.queue(arn);
    const now = this.clock.now();
    const checked: EntryOutcome<CheckedMessage>[] = inputs.map((input) => {
      try {
        return checkMessage(queue, input);
      } catch (e) {
        if (e instanceof QueueError) return e;
        throw e;
      }
    });
    const ok = checked.filter((c): c is CheckedMessage => !(c instanceof QueueError));
    const keys = inputs.filter((_, i) => !(checked[i] instanceof QueueError)).map((input) => input.idempotencyKey);
    const rows = ok.map((m, i) => this.newMessage(queue, m, now, keys[i]));
    const outcomes = await this.writes.send(rows);
    if (outcomes.some((o) => o.kind === 'queueDoesNotExist')) {
      this.cache.delete(arn);
      throw queueErrors.queueDoesNotExist();
    }
    let i = 0;
    return checked.map((c) => {
      if (c instanceof QueueError) return c;
      const row = rows[i]!;
      const outcome = outcomes[i++]!;
      const [id, seq] =
        outcome.kind === 'duplicate' ? [outcome.id, outcome.seq] : [row.id, (outcome as { seq: number }).seq];
      return {
        id,
        md5OfBody: c.md5OfBody,
        ...(c.md5OfAttributes ? { md5OfAttributes: c.md5OfAttributes } : {}),
        ...(c.md5OfSystemAttributes ? { md5OfSystemAttributes: c.md5OfSystemAttributes } : {}),
        ...(queue.fifo ? { sequenceNumber: String(seq) } : {}),
      };
    });
  }

  private newMessage(queue: QueueRecord, m: CheckedMessage, now: number, idempotencyKey?: string): NewQueueMessage {
    const delay = m.delaySeconds ?? integerAttribute(queue, 'DelaySeconds');
    const stored: StoredAttributes = {
      ...(m.attributes ? { m: m.attributes } : {}),
      ...(m.systemAttributes ? { s: m.systemAttributes } : {}),
    };
    return {
      queueArn: queue.arn,
      id: randomUUID(),
      body: m.body,
      md5OfBody: m.md5OfBody,
      ...(stored.m || stored.s ? { attributes: JSON.stringify(stored) } : {}),
      sentAt: now,
      visibleAt: now + delay * 1000,
      ...(m.groupId !== undefined ? { groupId: m.groupId } : {}),
      ...(queue.fifo ? { deduplicationId: deduplicationIdOf(m) } : {}),
      ...(idempotencyKey !== undefined
        ? { deduplication: { scope: INTERNAL_SENDS, id: idempotencyKey, expiresAt: now + IDEMPOTENCY_WINDOW_MS } }
        : queue.fifo
          ? {
              deduplication: {
                scope: queue.attributes.DeduplicationScope === 'messageGroup' ? (m.groupId ?? '') : '',
                id: deduplicationIdOf(m),
                expiresAt: now + DEDUPLICATION_WINDOW_MS,
              },
            }
          : {}),
    };
  }

  async receive(arn: string, options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const queue = await this.queue(arn);
    if (queue.fifo && options.attemptId !== undefined) {
      const prior = this.attempts.get(`${arn}\n${options.attemptId}`);
      if (prior && this.clock.now() - prior.at < DEDUPLICATION_WINDOW_MS) return prior.messages;
    }
    const waitMs = (options.waitSeconds ?? integerAttribute(queue, 'ReceiveMessageWaitTimeSeconds')) * 1000;
    const deadline = this.clock.now() + waitMs;
    for (;;) {
      const seen = this.waiters.notifications(arn);
      const received = await this.claim(queue, options);
      const remaining = deadline - this.clock.now();
      if (received.length > 0 || remaining <= 0 || options.signal.aborted) {
        if (queue.fifo && options.attemptId !== undefined && received.length > 0) {
          this.attempts.set(`${arn}\n${options.attemptId}`, { at: this.clock.now(), messages: received });
        }
        return received;
      }
      await this.waiters.wait(arn, Math.min(remaining, REPOLL_MS), options.signal, options.max, seen);
    }
  }

  private async claim(queue: QueueRecord, options: ReceiveOptions): Promise<ReceivedMessage[]> {
    const now = this.clock.now();
    const redrive = redrivePolicyOf(queue);
    const request: ReceiveRequest = {
      queueArn: queue.arn,
      fifo: queue.fifo,
      max: options.max,
      now,
      visibleUntil: now + (options.visibilityTimeout ?? integerAttribute(queue, 'VisibilityTimeout')) * 1000,
      // randomUUID draws from a buffered pool; randomBytes would enter OpenSSL on every poll.
      receipt: randomUUID().replaceAll('-', ''),
      expiredBefore: now - integerAttribute(queue, 'MessageRetentionPeriod') * 1000,
      ...(redrive
        ? { deadLetter: { targetArn: redrive.deadLetterTargetArn, maxReceiveCount: redrive.maxReceiveCount } }
        : {}),
    };
    const result = await this.writes.receive(request);
    const systemNames = new Set(options.systemAttributeNames);
    return result.messages.map((m) => {
      const stored: StoredAttributes = m.attributes ? (JSON.parse(m.attributes) as StoredAttributes) : {};
      const attributes = systemAttributesOf(m, stored, systemNames, options.senderId);
      const messageAttributes = selectAttributes(stored.m, options.messageAttributeNames);
      const md5 = md5OfAttributes(messageAttributes);
      return {
        id: m.id,
        receiptHandle: encodeReceipt({ queueArn: m.queueArn, seq: m.seq, receipt: m.receipt! }),
        body: m.body,
        md5OfBody: m.md5OfBody,
        ...(attributes ? { attributes } : {}),
        ...(messageAttributes ? { messageAttributes, md5OfMessageAttributes: md5! } : {}),
      };
    });
  }

  /** Deletes by receipt handle; a stale handle succeeds without deleting (see receipts.ts). */
  async deleteMessages(arn: string, handles: readonly string[]): Promise<EntryOutcome<undefined>[]> {
    await this.queue(arn);
    const refs = handles.map((h) => this.decode(h, arn));
    const valid = refs.filter((r): r is ReceiptRef => !(r instanceof QueueError));
    await this.writes.delete(valid);
    return refs.map((r) => (r instanceof QueueError ? r : undefined));
  }

  async changeVisibility(
    arn: string,
    changes: readonly { readonly handle: string; readonly timeout: number }[],
  ): Promise<EntryOutcome<undefined>[]> {
    await this.queue(arn);
    const now = this.clock.now();
    const refs = changes.map((c) => this.decode(c.handle, arn));
    const valid: { ref: ReceiptRef; visibleAt: number; now: number; index: number }[] = [];
    refs.forEach((ref, index) => {
      if (!(ref instanceof QueueError))
        valid.push({ ref, visibleAt: now + changes[index]!.timeout * 1000, now, index });
    });
    const outcomes = await this.store.changeVisibility(valid);
    const out: EntryOutcome<undefined>[] = refs.map((r) => (r instanceof QueueError ? r : undefined));
    valid.forEach((v, i) => {
      const outcome = outcomes[i];
      if (outcome === 'notInFlight') out[v.index] = queueErrors.messageNotInflight();
      else if (outcome === 'stale')
        out[v.index] = queueErrors.notAvailableForVisibilityChange(changes[v.index]!.handle);
      else if (v.visibleAt <= now) this.waiters.notify(arn, 1);
    });
    return out;
  }

  private decode(handle: string, arn: string): ReceiptRef | QueueError {
    try {
      return decodeReceipt(handle, arn);
    } catch (e) {
      if (e instanceof QueueError) return e;
      throw e;
    }
  }

  /** Deletes expired messages and deduplication entries of every queue (retention is a rule, this is housekeeping). */
  private async sweep(): Promise<void> {
    try {
      const now = this.clock.now();
      let after: string | undefined;
      do {
        const page = await this.store.list('arn:aws:sqs:', { limit: 100, ...(after ? { after } : {}) });
        for (const queue of page.items) {
          await this.store.expire(queue.arn, now - integerAttribute(queue, 'MessageRetentionPeriod') * 1000, now);
        }
        after = page.next;
      } while (after);
      for (const [key, entry] of this.attempts)
        if (now - entry.at >= DEDUPLICATION_WINDOW_MS) this.attempts.delete(key);
    } catch (error) {
      this.options.onError?.(error, 'queue retention sweep');
    }
  }
}
