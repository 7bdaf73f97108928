/**
 * Topics, subscriptions, deduplication keys and the delivery outbox on SQLite (the TopicStore
 * contract in port.ts). better-sqlite3 is synchronous: a transaction runs to its end before any
 * other statement of the process, which is what makes publishes, claims and lane order atomic here
 * (PostgreSQL needs row locks). Every batch is one transaction: one fsync.
 */
import { asciiPrefixEnd, page } from '../paging.js';
import type { NewTopicDelivery, SubscriptionRecord, TopicPublishOutcome, TopicRecord, TopicStore } from '../port.js';
import { type DeliveryRow, deliveryOf, newDeliveryRow } from '../topic-rows.js';
import { sqliteArnDocuments } from './arn-documents.js';
import type { SqliteDatabase } from './database.js';
import { sqliteOutbox } from './outbox.js';

const parseSubscription = (text: unknown) => JSON.parse(text as string) as SubscriptionRecord;

export function sqliteTopics(db: SqliteDatabase): TopicStore {
  const topics = sqliteArnDocuments<TopicRecord>(db, 'topics');
  const deleteTopic = db.prepare('DELETE FROM topics WHERE arn = ?');
  const deleteTopicSubscriptions = db.prepare('DELETE FROM topic_subscriptions WHERE topic_arn = ?');
  const deleteTopicKeys = db.prepare('DELETE FROM topic_deduplication WHERE topic_arn = ?');
  // bump: marks a topic's subscription set as changed.
  const bump = db.prepare('UPDATE topics SET version = version + 1 WHERE arn = ?');

  // subscribe: the existing subscription of (topic, protocol, endpoint), else an insert.
  const sameEndpoint = db
    .prepare('SELECT record FROM topic_subscriptions WHERE topic_arn = ? AND protocol = ? AND endpoint = ?')
    .pluck();
  const insertSubscription = db.prepare(`INSERT INTO topic_subscriptions
    (arn, topic_arn, protocol, endpoint, token, pending, record) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const getSubscription = db.prepare('SELECT record FROM topic_subscriptions WHERE arn = ?').pluck();
  const byToken = db.prepare('SELECT record FROM topic_subscriptions WHERE token = ?').pluck();
  const updateSubscription = db.prepare(
    'UPDATE topic_subscriptions SET token = ?, pending = ?, record = ? WHERE arn = ?',
  );
  const subscriptionTopic = db.prepare('SELECT topic_arn FROM topic_subscriptions WHERE arn = ?').pluck();
  const deleteSubscription = db.prepare('DELETE FROM topic_subscriptions WHERE arn = ?');
  const countDeleted = db.prepare('UPDATE topics SET deleted = deleted + 1, version = version + 1 WHERE arn = ?');
  const listSubscriptions = db
    .prepare('SELECT record FROM topic_subscriptions WHERE arn >= ? AND arn < ? AND arn > ? ORDER BY arn LIMIT ?')
    .pluck();
  const listByTopic = db
    .prepare('SELECT record FROM topic_subscriptions WHERE topic_arn = ? AND arn > ? ORDER BY arn LIMIT ?')
    .pluck();
  const topicSubscriptions = db
    .prepare('SELECT record FROM topic_subscriptions WHERE topic_arn = ? ORDER BY arn')
    .pluck();
  const topicVersion = db.prepare('SELECT version FROM topics WHERE arn = ?').pluck();
  const counts = db.prepare(`SELECT
      (SELECT count(*) FROM topic_subscriptions WHERE topic_arn = @arn AND pending = 0) AS confirmed,
      (SELECT count(*) FROM topic_subscriptions WHERE topic_arn = @arn AND pending = 1) AS pending,
      (SELECT deleted FROM topics WHERE arn = @arn) AS deleted`);
  const versions = db.prepare('SELECT arn, version FROM topics');

  // publish: deduplication lookups and entries, the topic's sequence, then the message's rows.
  const findKey = db.prepare(
    'SELECT message_id, sequence FROM topic_deduplication WHERE topic_arn = ? AND scope = ? AND id = ? AND expires_at > ?',
  );
  const rememberKey =
    db.prepare(`INSERT INTO topic_deduplication (topic_arn, scope, id, message_id, sequence, expires_at)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (topic_arn, scope, id) DO UPDATE SET message_id = excluded.message_id,
    sequence = excluded.sequence, expires_at = excluded.expires_at`);
  const nextSequence = db.prepare('UPDATE topics SET sequence = sequence + 1 WHERE arn = ? RETURNING sequence').pluck();
  const topicExists = db.prepare('SELECT 1 FROM topics WHERE arn = ?').pluck();
  const insertDelivery = db.prepare(`INSERT INTO topic_deliveries
    (id, subscription_arn, subscription, message, lane, sequence, due_at, attempts, lease)
    VALUES (@id, @subscription_arn, @subscription, @message, @lane, @sequence, @due_at, @attempts, @lease)`);
  // claim: due rows, earliest first; a lane row only while it is the oldest of its lane.
  const due = db.prepare(`SELECT * FROM topic_deliveries d WHERE d.due_at <= ?
      AND (d.lane IS NULL OR d.seq = (SELECT min(h.seq) FROM topic_deliveries h WHERE h.lane = d.lane))
    ORDER BY d.due_at, d.seq LIMIT ?`);
  const lease = db.prepare('UPDATE topic_deliveries SET due_at = ?, attempts = attempts + 1, lease = ? WHERE seq = ?');
  const expireKeys = db.prepare('DELETE FROM topic_deduplication WHERE expires_at <= ?');

  const insertRows = (rows: readonly NewTopicDelivery[], sequence: number | null) => {
    for (const d of rows) {
      insertDelivery.run({ ...newDeliveryRow(d, sequence), subscription: JSON.stringify(d.subscription) });
    }
  };

  const publishAll = db.transaction((messages: Parameters<TopicStore['publish']>[0]): TopicPublishOutcome[] =>
    messages.map((m): TopicPublishOutcome => {
      if (topicExists.get(m.topicArn) === undefined) return { kind: 'topicDoesNotExist' };
      for (const key of m.deduplication) {
        const prior = findKey.get(m.topicArn, key.scope, key.id, m.publishedAt) as
          | { message_id: string; sequence: number | null }
          | undefined;
        if (prior) {
          return {
            kind: 'duplicate',
            messageId: prior.message_id,
            ...(prior.sequence !== null ? { sequence: prior.sequence } : {}),
          };
        }
      }
      const sequence = m.sequenced ? (nextSequence.get(m.topicArn) as number) : null;
      for (const key of m.deduplication) {
        rememberKey.run(m.topicArn, key.scope, key.id, m.messageId, sequence, key.expiresAt);
      }
      insertRows(m.deliveries, sequence);
      return sequence !== null ? { kind: 'published', sequence } : { kind: 'published' };
    }),
  );

  return {
    ...sqliteOutbox(db, 'topic_deliveries'),
    createTopic: topics.create,
    getTopic: topics.get,
    listTopics: topics.list,
    updateTopic: topics.update,
    async deleteTopic(arn) {
      db.transaction(() => {
        deleteTopic.run(arn);
        deleteTopicSubscriptions.run(arn);
        deleteTopicKeys.run(arn);
      })();
    },

    async subscribe(record) {
      return db.transaction(() => {
        if (topicExists.get(record.topicArn) === undefined) return { kind: 'topicNotFound' } as const;
        const existing = sameEndpoint.get(record.topicArn, record.protocol, record.endpoint);
        if (existing !== undefined) return { kind: 'exists', existing: parseSubscription(existing) } as const;
        insertSubscription.run(
          record.arn,
          record.topicArn,
          record.protocol,
          record.endpoint,
          record.token ?? null,
          record.pendingConfirmation ? 1 : 0,
          JSON.stringify(record),
        );
        bump.run(record.topicArn);
        return { kind: 'created' } as const;
      })();
    },
    async getSubscription(arn) {
      const text = getSubscription.get(arn);
      return text === undefined ? undefined : parseSubscription(text);
    },
    async subscriptionByToken(token) {
      const text = byToken.get(token);
      return text === undefined ? undefined : parseSubscription(text);
    },
    async updateSubscription(record) {
      return db.transaction(() => {
        const changed = updateSubscription.run(
          record.token ?? null,
          record.pendingConfirmation ? 1 : 0,
          JSON.stringify(record),
          record.arn,
        ).changes;
        if (changed === 1) bump.run(record.topicArn);
        return changed === 1;
      })();
    },
    async unsubscribe(arn) {
      return db.transaction(() => {
        const topic = subscriptionTopic.get(arn) as string | undefined;
        if (topic === undefined) return false;
        deleteSubscription.run(arn);
        countDeleted.run(topic);
        return true;
      })();
    },
    async listSubscriptions(arnPrefix, { limit, after }) {
      const rows = listSubscriptions
        .all(arnPrefix, asciiPrefixEnd(arnPrefix), after ?? '', limit + 1)
        .map(parseSubscription);
      return page(rows, limit, (last) => last.arn);
    },
    async listSubscriptionsByTopic(topicArn, { limit, after }) {
      const rows = listByTopic.all(topicArn, after ?? '', limit + 1).map(parseSubscription);
      return page(rows, limit, (last) => last.arn);
    },
    async subscriptionSet(topicArn) {
      return db.transaction(() => {
        const version = topicVersion.get(topicArn) as number | undefined;
        if (version === undefined) return undefined;
        return { version, subscriptions: topicSubscriptions.all(topicArn).map(parseSubscription) };
      })();
    },
    async subscriptionCounts(topicArn) {
      const row = counts.get({ arn: topicArn }) as { confirmed: number; pending: number; deleted: number | null };
      return { confirmed: row.confirmed, pending: row.pending, deleted: row.deleted ?? 0 };
    },
    async versions() {
      const out: Record<string, number> = {};
      for (const row of versions.all() as { arn: string; version: number }[]) out[row.arn] = row.version;
      return out;
    },

    async publish(messages) {
      return publishAll(messages);
    },
    async enqueue(deliveries) {
      db.transaction(() => insertRows(deliveries, null))();
    },
    async claim(request) {
      return db.transaction(() => {
        const rows = due.all(request.now, request.limit) as DeliveryRow[];
        for (const row of rows) lease.run(request.leaseUntil, request.lease, row.seq);
        return rows.map((row) =>
          deliveryOf({ ...row, due_at: request.leaseUntil, attempts: row.attempts + 1, lease: request.lease }),
        );
      })();
    },
    async expireDeduplication(now) {
      return expireKeys.run(now).changes;
    },
  };
}
