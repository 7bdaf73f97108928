/**
 * Topics, subscriptions, deduplication keys and the delivery outbox on PostgreSQL (the TopicStore
 * contract in port.ts), for several nodes on one database. A publish locks the rows of the FIFO
 * topics it sequences (in ARN order, so two publishes never deadlock), which makes publishes to one
 * FIFO topic commit in sequence order; claims take outbox rows FOR UPDATE SKIP LOCKED.
 */
import { asciiPrefixEnd, page } from '../paging.js';
import type {
  NewTopicDelivery,
  NewTopicMessage,
  SubscriptionRecord,
  TopicPublishOutcome,
  TopicRecord,
  TopicStore,
} from '../port.js';
import { type DeliveryRow, deliveryOf, newDeliveryRow } from '../topic-rows.js';
import { postgresArnDocuments } from './arn-documents.js';
import type { Database, Queryable } from './database.js';
import { postgresOutbox } from './outbox.js';

const parseSubscription = (text: string) => JSON.parse(text) as SubscriptionRecord;

/**
 * claim: leases up to $3 due rows to the caller, earliest first; a lane row only while it is the
 * oldest row of its lane. Inputs: $1 now, $2 lease-until, $3 limit, $4 lease id. Output: the leased
 * rows. Locks: the picked rows, FOR UPDATE SKIP LOCKED (a lane head another claim holds is passed
 * over, and the rows behind it are not heads).
 */
const CLAIM = `WITH picked AS (
    SELECT d.seq FROM topic_deliveries d WHERE d.due_at <= $1
      AND (d.lane IS NULL OR d.seq = (SELECT min(h.seq) FROM topic_deliveries h WHERE h.lane = d.lane))
    ORDER BY d.due_at, d.seq LIMIT $3 FOR UPDATE SKIP LOCKED)
  UPDATE topic_deliveries d SET due_at = $2, attempts = d.attempts + 1, lease = $4
  FROM picked WHERE d.seq = picked.seq
  RETURNING d.*`;

/**
 * insert-deliveries: outbox rows in the order given (ord), so seq follows it.
 * Inputs: $1 JSON rows. Locks: the inserted rows.
 */
const INSERT_DELIVERIES = `INSERT INTO topic_deliveries
    (id, subscription_arn, subscription, message, lane, sequence, due_at, attempts, lease)
  SELECT r.id, r.subscription_arn, r.subscription, r.message, r.lane, r.sequence, r.due_at, r.attempts, r.lease
  FROM json_to_recordset($1::json) AS r(ord integer, id text, subscription_arn text, subscription json, message text,
    lane text, sequence bigint, due_at bigint, attempts integer, lease text)
  ORDER BY r.ord`;

/**
 * remember-keys: deduplication entries. Inputs: $1 JSON rows (topic_arn, scope, id, message_id,
 * sequence, expires_at). An expired entry with the same key is replaced.
 */
const REMEMBER_KEYS = `INSERT INTO topic_deduplication (topic_arn, scope, id, message_id, sequence, expires_at)
  SELECT r.topic_arn, r.scope, r.id, r.message_id, r.sequence, r.expires_at
  FROM json_to_recordset($1::json) AS r(topic_arn text, scope text, id text, message_id text, sequence bigint,
    expires_at bigint)
  ON CONFLICT (topic_arn, scope, id) DO UPDATE SET message_id = excluded.message_id, sequence = excluded.sequence,
    expires_at = excluded.expires_at`;

function deliveryRows(deliveries: readonly NewTopicDelivery[], sequence: number | null, start: number) {
  return deliveries.map((d, i) => ({ ord: start + i, ...newDeliveryRow(d, sequence) }));
}

type Known = { messageId: string; sequence?: number };
type KeyRow = { topic_arn: string; scope: string; id: string; message_id: string; sequence: number | null };
const keyOf = (topic: string, scope: string, id: string) => JSON.stringify([topic, scope, id]);

/** Deduplication keys of `messages` accepted and unexpired: key → the message first published with it. */
async function knownKeys(tx: Queryable, messages: readonly NewTopicMessage[]): Promise<Map<string, Known>> {
  const known = new Map<string, Known>();
  const keys = messages.flatMap((m) =>
    m.deduplication.map((k) => ({ topic_arn: m.topicArn, scope: k.scope, id: k.id })),
  );
  if (keys.length === 0) return known;
  const found = await tx.query<KeyRow>({
    text: `SELECT d.topic_arn, d.scope, d.id, d.message_id, d.sequence FROM topic_deduplication d
      JOIN json_to_recordset($1::json) AS k(topic_arn text, scope text, id text)
        ON d.topic_arn = k.topic_arn AND d.scope = k.scope AND d.id = k.id
      WHERE d.expires_at > $2`,
    values: [JSON.stringify(keys), Math.min(...messages.map((m) => m.publishedAt))],
  });
  for (const r of found.rows) {
    known.set(keyOf(r.topic_arn, r.scope, r.id), {
      messageId: r.message_id,
      ...(r.sequence !== null ? { sequence: r.sequence } : {}),
    });
  }
  return known;
}

/** The publish transaction (see TopicStore.publish). */
async function publishAll(tx: Queryable, messages: readonly NewTopicMessage[]): Promise<TopicPublishOutcome[]> {
  const sequenced = [...new Set(messages.filter((m) => m.sequenced).map((m) => m.topicArn))].sort();
  // Locks the FIFO topics first, in ARN order; the others are only checked for existence.
  const lock = sequenced.length > 0 ? ' ORDER BY arn FOR UPDATE' : '';
  const topics = await tx.query<{ arn: string }>({
    text: `SELECT arn FROM topics WHERE arn = ANY($1::text[])${lock}`,
    values: [[...new Set(messages.map((m) => m.topicArn))]],
  });
  const existing = new Set(topics.rows.map((r) => r.arn));
  const known = await knownKeys(tx, messages);
  // Decides each message in order (a key accepted earlier in the batch makes a later one a
  // duplicate of it); sequence numbers are filled in once the topics have advanced.
  const decided = messages.map((m): { kind: 'missing' } | { kind: 'accepted' | 'duplicate'; of: Known } => {
    if (!existing.has(m.topicArn)) return { kind: 'missing' };
    const prior = m.deduplication.map((k) => known.get(keyOf(m.topicArn, k.scope, k.id))).find((p) => p);
    if (prior) return { kind: 'duplicate', of: prior };
    const mine: Known = { messageId: m.messageId };
    for (const k of m.deduplication) known.set(keyOf(m.topicArn, k.scope, k.id), mine);
    return { kind: 'accepted', of: mine };
  });
  // Each FIFO topic advances by its accepted messages; their numbers are handed out in order.
  const next = new Map<string, number>();
  for (const arn of sequenced) {
    const count = messages.filter((m, i) => m.topicArn === arn && decided[i]!.kind === 'accepted').length;
    if (count === 0) continue;
    const row = await tx.query<{ sequence: number }>({
      text: 'UPDATE topics SET sequence = sequence + $2 WHERE arn = $1 RETURNING sequence',
      values: [arn, count],
    });
    next.set(arn, row.rows[0]!.sequence - count + 1);
  }
  const rows: ReturnType<typeof deliveryRows> = [];
  const remembered: Record<string, unknown>[] = [];
  messages.forEach((m, i) => {
    const d = decided[i]!;
    if (d.kind !== 'accepted') return;
    const sequence = m.sequenced ? next.get(m.topicArn)! : null;
    if (sequence !== null) {
      next.set(m.topicArn, sequence + 1);
      d.of.sequence = sequence;
    }
    const { topicArn: topic_arn, messageId: message_id } = m;
    for (const k of m.deduplication) {
      remembered.push({ topic_arn, scope: k.scope, id: k.id, message_id, sequence, expires_at: k.expiresAt });
    }
    rows.push(...deliveryRows(m.deliveries, sequence, rows.length));
  });
  if (remembered.length > 0) await tx.query({ text: REMEMBER_KEYS, values: [JSON.stringify(remembered)] });
  if (rows.length > 0) await tx.query({ text: INSERT_DELIVERIES, values: [JSON.stringify(rows)] });
  return decided.map((d): TopicPublishOutcome => {
    if (d.kind === 'missing') return { kind: 'topicDoesNotExist' };
    const sequence = d.of.sequence !== undefined ? { sequence: d.of.sequence } : {};
    return d.kind === 'accepted'
      ? { kind: 'published', ...sequence }
      : { kind: 'duplicate', messageId: d.of.messageId, ...sequence };
  });
}

export function postgresTopics(db: Database): TopicStore {
  const one = async <T>(text: string, values: unknown[], q: Queryable = db) =>
    (await q.query<Record<string, unknown>>({ text, values })).rows[0] as T | undefined;
  const column = async (text: string, values: unknown[], q: Queryable = db) =>
    (await q.query<{ v: string }>({ text, values })).rows.map((r) => r.v);
  const BUMP = 'UPDATE topics SET version = version + 1 WHERE arn = $1';

  const topics = postgresArnDocuments<TopicRecord>(db, 'topics');

  return {
    ...postgresOutbox(db, 'topic_deliveries'),
    createTopic: topics.create,
    getTopic: topics.get,
    listTopics: topics.list,
    updateTopic: topics.update,
    async deleteTopic(arn) {
      await db.transaction(async (tx) => {
        await tx.query({ text: 'DELETE FROM topics WHERE arn = $1', values: [arn] });
        await tx.query({ text: 'DELETE FROM topic_subscriptions WHERE topic_arn = $1', values: [arn] });
        await tx.query({ text: 'DELETE FROM topic_deduplication WHERE topic_arn = $1', values: [arn] });
      });
    },

    async subscribe(record) {
      // subscribe: under the topic's row lock, the existing (topic, protocol, endpoint) or an insert.
      return db.transaction(async (tx) => {
        const topic = await one('SELECT 1 FROM topics WHERE arn = $1 FOR UPDATE', [record.topicArn], tx);
        if (!topic) return { kind: 'topicNotFound' } as const;
        const [existing] = await column(
          'SELECT record AS v FROM topic_subscriptions WHERE topic_arn = $1 AND protocol = $2 AND endpoint = $3',
          [record.topicArn, record.protocol, record.endpoint],
          tx,
        );
        if (existing !== undefined) return { kind: 'exists', existing: parseSubscription(existing) } as const;
        await tx.query({
          text: `INSERT INTO topic_subscriptions (arn, topic_arn, protocol, endpoint, token, pending, record)
            VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          values: [
            record.arn,
            record.topicArn,
            record.protocol,
            record.endpoint,
            record.token ?? null,
            record.pendingConfirmation,
            JSON.stringify(record),
          ],
        });
        await tx.query({ text: BUMP, values: [record.topicArn] });
        return { kind: 'created' } as const;
      });
    },
    async getSubscription(arn) {
      const [text] = await column('SELECT record AS v FROM topic_subscriptions WHERE arn = $1', [arn]);
      return text === undefined ? undefined : parseSubscription(text);
    },
    async subscriptionByToken(token) {
      const [text] = await column('SELECT record AS v FROM topic_subscriptions WHERE token = $1', [token]);
      return text === undefined ? undefined : parseSubscription(text);
    },
    async updateSubscription(record) {
      return db.transaction(async (tx) => {
        const r = await tx.query({
          text: 'UPDATE topic_subscriptions SET token = $2, pending = $3, record = $4 WHERE arn = $1',
          values: [record.arn, record.token ?? null, record.pendingConfirmation, JSON.stringify(record)],
        });
        if (r.rowCount === 1) await tx.query({ text: BUMP, values: [record.topicArn] });
        return r.rowCount === 1;
      });
    },
    async unsubscribe(arn) {
      return db.transaction(async (tx) => {
        const removed = await one<{ topic_arn: string }>(
          'DELETE FROM topic_subscriptions WHERE arn = $1 RETURNING topic_arn',
          [arn],
          tx,
        );
        if (!removed) return false;
        await tx.query({
          text: 'UPDATE topics SET deleted = deleted + 1, version = version + 1 WHERE arn = $1',
          values: [removed.topic_arn],
        });
        return true;
      });
    },
    async listSubscriptions(arnPrefix, { limit, after }) {
      const rows = await column(
        'SELECT record AS v FROM topic_subscriptions WHERE arn >= $1 AND arn < $2 AND arn > $3 ORDER BY arn LIMIT $4',
        [arnPrefix, asciiPrefixEnd(arnPrefix), after ?? '', limit + 1],
      );
      return page(rows.map(parseSubscription), limit, (last) => last.arn);
    },
    async listSubscriptionsByTopic(topicArn, { limit, after }) {
      const rows = await column(
        'SELECT record AS v FROM topic_subscriptions WHERE topic_arn = $1 AND arn > $2 ORDER BY arn LIMIT $3',
        [topicArn, after ?? '', limit + 1],
      );
      return page(rows.map(parseSubscription), limit, (last) => last.arn);
    },
    async subscriptionSet(topicArn) {
      // subscription-set: the topic's version and subscriptions in one snapshot (REPEATABLE READ).
      return db.transaction(async (tx) => {
        await tx.query({ text: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY' });
        const topic = await one<{ version: number }>('SELECT version FROM topics WHERE arn = $1', [topicArn], tx);
        if (!topic) return undefined;
        const rows = await column(
          'SELECT record AS v FROM topic_subscriptions WHERE topic_arn = $1 ORDER BY arn',
          [topicArn],
          tx,
        );
        return { version: topic.version, subscriptions: rows.map(parseSubscription) };
      });
    },
    async subscriptionCounts(topicArn) {
      const row = await one<{ confirmed: number; pending: number; deleted: number | null }>(
        `SELECT count(*) FILTER (WHERE NOT s.pending)::int AS confirmed, count(*) FILTER (WHERE s.pending)::int AS pending,
          (SELECT deleted FROM topics WHERE arn = $1) AS deleted
        FROM topic_subscriptions s WHERE s.topic_arn = $1`,
        [topicArn],
      );
      return { confirmed: row?.confirmed ?? 0, pending: row?.pending ?? 0, deleted: row?.deleted ?? 0 };
    },
    async versions() {
      const out: Record<string, number> = {};
      const rows = await db.query<{ arn: string; version: number }>({ text: 'SELECT arn, version FROM topics' });
      for (const row of rows.rows) out[row.arn] = row.version;
      return out;
    },

    async publish(messages) {
      if (messages.length === 0) return [];
      return db.transaction((tx) => publishAll(tx, messages));
    },
    async enqueue(deliveries) {
      if (deliveries.length === 0) return;
      await db.query({ text: INSERT_DELIVERIES, values: [JSON.stringify(deliveryRows(deliveries, null, 0))] });
    },
    async claim({ now, leaseUntil, lease, limit }) {
      const rows = await db.query<DeliveryRow & Record<string, unknown>>({
        text: CLAIM,
        values: [now, leaseUntil, limit, lease],
      });
      return rows.rows.sort((a, b) => a.seq - b.seq).map(deliveryOf);
    },
    async expireDeduplication(now) {
      const r = await db.query({ text: 'DELETE FROM topic_deduplication WHERE expires_at <= $1', values: [now] });
      return r.rowCount ?? 0;
    },
  };
}
