/**
 * Queues and their messages on PostgreSQL (the QueueStore contract in port.ts), for several nodes
 * on one database. Claims lock the rows they take with FOR UPDATE SKIP LOCKED, so concurrent
 * receivers take different messages instead of queueing behind one another. FIFO order needs
 * more: a claim takes a transaction-scoped advisory lock per message group before it reads the
 * group again, so one group is served by one claim at a time and each claim sees the previous
 * one's in-flight messages (it reads after that claim committed and released the lock).
 */

import { documentPage } from '../paging.js';
import type {
  DeleteOutcome,
  NewQueueMessage,
  QueueMessageRecord,
  QueueRecord,
  QueueStore,
  ReceiveRequest,
  ReceiveResult,
  SendOutcome,
  VisibilityOutcome,
} from '../port.js';
import { type MessageRow, messageOf, peekedOf } from '../queue-rows.js';
import type { Database, Queryable } from './database.js';

const COLUMNS = 'id, body, md5_body, attributes, sent_at, group_id, dedup_id';

/**
 * send-plain: appends messages without deduplication.
 * Inputs: $1 JSON rows (ord, queue_arn, id, body, md5_body, attributes, sent_at, visible_at, group_id).
 * Output: (id, seq) of each appended message. Outcome: rows of queues that do not exist are not
 *   appended (their ids are missing from the output). Locks: none beyond the inserted rows.
 */
const SEND_PLAIN = `INSERT INTO queue_messages (queue_arn, ${COLUMNS}, visible_at)
  SELECT r.queue_arn, r.id, r.body, r.md5_body, r.attributes, r.sent_at, r.group_id, NULL, r.visible_at
  FROM json_to_recordset($1::json) AS r(ord int, queue_arn text, id text, body text, md5_body text, attributes text,
    sent_at bigint, visible_at bigint, group_id text)
  WHERE EXISTS (SELECT 1 FROM queues q WHERE q.arn = r.queue_arn)
  ORDER BY r.ord
  RETURNING id, seq`;

/**
 * send-deduplicated: appends one FIFO message unless its deduplication key is taken.
 * Inputs: $1 queue, $2 scope, $3 deduplication id, $4 message id, $5 expires at, $6 now, $7 body,
 *   $8 md5, $9 attributes, $10 sent at, $11 visible at, $12 group, $13 MessageDeduplicationId shown.
 * Output: one row (queue_exists, seq): seq set when appended, NULL when the key was taken.
 * Outcome: the entry is written (or an expired one replaced) and the message appended, both or
 *   neither. Locks: the deduplication key's row: a concurrent send of the same key waits for this
 *   transaction, then finds the key taken.
 */
const SEND_DEDUPLICATED = `WITH
  q AS (SELECT 1 FROM queues WHERE arn = $1),
  s AS (SELECT nextval('queue_message_seq') AS seq FROM q),
  d AS (
    INSERT INTO queue_deduplication (queue_arn, scope, id, message_id, seq, expires_at)
    SELECT $1, $2, $3, $4, s.seq, $5 FROM s
    ON CONFLICT (queue_arn, scope, id) DO UPDATE
      SET message_id = excluded.message_id, seq = excluded.seq, expires_at = excluded.expires_at
      WHERE queue_deduplication.expires_at <= $6
    RETURNING seq),
  m AS (
    INSERT INTO queue_messages (seq, queue_arn, ${COLUMNS}, visible_at)
    SELECT d.seq, $1, $4, $7, $8, $9, $10, $12, $13, $11 FROM d
    RETURNING seq)
  SELECT (SELECT count(*) FROM q) AS queue_exists, (SELECT seq FROM m) AS seq`;

/**
 * claim-standard: claims up to $4 visible messages of queue $1 at $2, oldest visible first.
 * Inputs: $1 queue, $2 now, $3 expired-before, $4 max, $5 visible-until, $6 receipt,
 *   $7 dead-letter target (or NULL), $8 maxReceiveCount.
 * Output: the claimed rows (after the update), in the order they were picked, and, on every row, how many were dead-lettered
 *   (one row of NULLs with the count when none was claimed).
 * Outcome: rows already received maxReceiveCount times move to the end of an existing target
 *   (new seq, receive count 0); the others are claimed (receive count + 1, receipt, invisible).
 * Locks: the picked rows, FOR UPDATE SKIP LOCKED: rows another claim holds are passed over.
 */
const CLAIM_STANDARD = `WITH
  dlq AS (SELECT arn FROM queues WHERE arn = $7),
  picked AS (
    SELECT seq, receive_count, visible_at FROM queue_messages
    WHERE queue_arn = $1 AND visible_at <= $2 AND sent_at >= $3
    ORDER BY visible_at, seq LIMIT $4 FOR UPDATE SKIP LOCKED),
  dead AS (
    DELETE FROM queue_messages m USING picked p
    WHERE m.seq = p.seq AND p.receive_count >= $8 AND EXISTS (SELECT 1 FROM dlq)
    RETURNING m.*),
  moved AS (
    INSERT INTO queue_messages (queue_arn, ${COLUMNS}, visible_at, dead_letter_source)
    SELECT $7, ${COLUMNS}, $2, $1 FROM dead ORDER BY seq
    RETURNING 1),
  claimed AS (
    UPDATE queue_messages m SET visible_at = $5, receive_count = m.receive_count + 1,
      first_received_at = coalesce(m.first_received_at, $2), receipt = $6
    FROM picked p
    WHERE m.seq = p.seq AND NOT (p.receive_count >= $8 AND EXISTS (SELECT 1 FROM dlq))
    RETURNING m.*, p.visible_at AS picked_at)
  SELECT (SELECT count(*) FROM moved) AS moved_count, c.*
  FROM (SELECT 1) one LEFT JOIN claimed c ON true
  ORDER BY c.picked_at, c.seq`;

/** FIFO groups with a visible message and nothing in flight; $1 queue, $2 now, $3 expired-before. */
const OPEN_GROUPS = `SELECT group_id FROM queue_messages m
  WHERE m.queue_arn = $1 AND m.visible_at <= $2 AND m.sent_at >= $3
    AND NOT EXISTS (SELECT 1 FROM queue_messages o WHERE o.queue_arn = m.queue_arn AND o.group_id = m.group_id
      AND o.visible_at > $2 AND (o.seq < m.seq OR o.receive_count > 0))
  ORDER BY m.visible_at, m.seq LIMIT 200`;

/** Of groups $2 (in order), those whose advisory lock this transaction takes (the others are being claimed). */
const LOCK_GROUPS = `SELECT g FROM unnest($2::text[]) WITH ORDINALITY AS t(g, i)
  WHERE pg_try_advisory_xact_lock(hashtextextended($1 || chr(10) || g, 0)) ORDER BY i`;

/**
 * The heads of locked groups $2 with nothing in flight, read after the locks were taken (a new
 * snapshot), up to $4 rows per group, in order. Locks: those rows, FOR UPDATE.
 */
const GROUP_HEADS = `SELECT m.* FROM unnest($2::text[]) WITH ORDINALITY AS g(group_id, i)
  CROSS JOIN LATERAL (
    SELECT * FROM queue_messages WHERE queue_arn = $1 AND group_id = g.group_id ORDER BY seq LIMIT $4 FOR UPDATE) m
  WHERE NOT EXISTS (SELECT 1 FROM queue_messages o WHERE o.queue_arn = $1 AND o.group_id = g.group_id
    AND o.visible_at > $3 AND o.receive_count > 0)
  ORDER BY g.i, m.seq`;

const CLAIM_ROWS = `UPDATE queue_messages SET visible_at = $2, receive_count = receive_count + 1,
  first_received_at = coalesce(first_received_at, $3), receipt = $4 WHERE seq = ANY($1::bigint[])`;

/** Moves rows $1 to the end of $2 (new seqs, in order), recording $4 as their source; visible at $3. */
const MOVE_ROWS = `WITH gone AS (DELETE FROM queue_messages WHERE seq = ANY($1::bigint[]) RETURNING *)
  INSERT INTO queue_messages (queue_arn, ${COLUMNS}, visible_at, dead_letter_source)
  SELECT $2, ${COLUMNS}, $3, $4 FROM gone ORDER BY seq`;

/**
 * move-messages: moves up to $3 visible messages of $1 to $4, or each to its dead-letter source
 * when $4 is NULL, if that queue exists; visible at $2. Output: one row per message moved.
 * Locks: the picked rows, FOR UPDATE SKIP LOCKED.
 */
const MOVE_MESSAGES = `WITH
  picked AS (SELECT seq, dead_letter_source FROM queue_messages WHERE queue_arn = $1 AND visible_at <= $2
    ORDER BY visible_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED),
  target AS (SELECT p.seq, coalesce($4, p.dead_letter_source) AS to_arn FROM picked p
    WHERE EXISTS (SELECT 1 FROM queues q WHERE q.arn = coalesce($4, p.dead_letter_source))),
  gone AS (DELETE FROM queue_messages m USING target t WHERE m.seq = t.seq RETURNING m.*, t.to_arn)
  INSERT INTO queue_messages (queue_arn, ${COLUMNS}, visible_at)
  SELECT to_arn, ${COLUMNS}, $2 FROM gone ORDER BY seq RETURNING 1`;

function claimedRecord(row: MessageRow, req: ReceiveRequest): QueueMessageRecord {
  return messageOf({
    ...row,
    visible_at: req.visibleUntil,
    receive_count: row.receive_count + 1,
    first_received_at: row.first_received_at ?? req.now,
    receipt: req.receipt,
  });
}

async function claimStandard(db: Database, req: ReceiveRequest): Promise<ReceiveResult> {
  const messages: QueueMessageRecord[] = [];
  let moved = 0;
  // Dead-lettered messages leave room: look again until served or dry.
  for (let round = 0; round < 10 && messages.length < req.max; round++) {
    const r = await db.query<MessageRow & { moved_count: number }>({
      name: 'queue-claim-standard',
      text: CLAIM_STANDARD,
      values: [
        req.queueArn,
        req.now,
        req.expiredBefore,
        req.max - messages.length,
        req.visibleUntil,
        req.receipt,
        req.deadLetter?.targetArn ?? null,
        req.deadLetter?.maxReceiveCount ?? 2_147_483_647,
      ],
    });
    const roundMoved = Number(r.rows[0]?.moved_count ?? 0);
    moved += roundMoved;
    for (const row of r.rows) if (row.seq !== null) messages.push(messageOf(row));
    if (roundMoved === 0) break;
  }
  return { messages, movedToDeadLetter: moved };
}

async function claimFifo(tx: Queryable, req: ReceiveRequest): Promise<ReceiveResult> {
  const open = await tx.query<{ group_id: string }>({
    name: 'queue-open-groups',
    text: OPEN_GROUPS,
    values: [req.queueArn, req.now, req.expiredBefore],
  });
  const groups = [...new Set(open.rows.map((r) => r.group_id))].slice(0, req.max);
  if (groups.length === 0) return { messages: [], movedToDeadLetter: 0 };
  const locked = await tx.query<{ g: string }>({ text: LOCK_GROUPS, values: [req.queueArn, groups] });
  if (locked.rows.length === 0) return { messages: [], movedToDeadLetter: 0 };
  const heads = await tx.query<MessageRow>({
    text: GROUP_HEADS,
    values: [req.queueArn, locked.rows.map((r) => r.g), req.now, req.max + 10],
  });
  const claimed: MessageRow[] = [];
  const dead: number[] = [];
  const blocked = new Set<string>();
  const target = req.deadLetter
    ? (await tx.query({ text: 'SELECT 1 FROM queues WHERE arn = $1', values: [req.deadLetter.targetArn] })).rowCount
    : 0;
  for (const row of heads.rows) {
    const group = row.group_id!;
    if (claimed.length >= req.max || blocked.has(group)) continue;
    // A group is served from its head, in order, while its messages are visible.
    if (row.visible_at > req.now) {
      blocked.add(group);
      continue;
    }
    if (row.sent_at < req.expiredBefore) continue;
    if (req.deadLetter && target && row.receive_count >= req.deadLetter.maxReceiveCount) dead.push(row.seq);
    else claimed.push(row);
  }
  if (claimed.length > 0) {
    await tx.query({
      text: CLAIM_ROWS,
      values: [claimed.map((r) => r.seq), req.visibleUntil, req.now, req.receipt],
    });
  }
  if (dead.length > 0) {
    await tx.query({ text: MOVE_ROWS, values: [dead, req.deadLetter!.targetArn, req.now, req.queueArn] });
  }
  return { messages: claimed.map((r) => claimedRecord(r, req)), movedToDeadLetter: dead.length };
}

async function sendOne(db: Database, m: NewQueueMessage): Promise<SendOutcome> {
  const d = m.deduplication!;
  return db.transaction(async (tx) => {
    const r = await tx.query<{ queue_exists: number; seq: number | null }>({
      name: 'queue-send-deduplicated',
      text: SEND_DEDUPLICATED,
      values: [
        m.queueArn,
        d.scope,
        d.id,
        m.id,
        d.expiresAt,
        m.sentAt,
        m.body,
        m.md5OfBody,
        m.attributes ?? null,
        m.sentAt,
        m.visibleAt,
        m.groupId ?? null,
        m.deduplicationId ?? null,
      ],
    });
    const row = r.rows[0]!;
    if (Number(row.queue_exists) === 0) return { kind: 'queueDoesNotExist' } as const;
    if (row.seq !== null) return { kind: 'sent', seq: row.seq } as const;
    // Taken: read the entry in a new snapshot (it may have been committed while this one waited).
    const prior = await tx.query<{ message_id: string; seq: number }>({
      text: 'SELECT message_id, seq FROM queue_deduplication WHERE queue_arn = $1 AND scope = $2 AND id = $3',
      values: [m.queueArn, d.scope, d.id],
    });
    return { kind: 'duplicate', id: prior.rows[0]!.message_id, seq: prior.rows[0]!.seq } as const;
  });
}

export function postgresQueues(db: Database): QueueStore {
  return {
    async create(record) {
      const r = await db.query({
        text: 'INSERT INTO queues (arn, dead_letter_target, record) VALUES ($1, $2, $3) ON CONFLICT (arn) DO NOTHING',
        values: [record.arn, record.deadLetterTargetArn ?? null, JSON.stringify(record)],
      });
      if (r.rowCount === 1) return { kind: 'created' };
      return { kind: 'alreadyExists', existing: (await this.get(record.arn))! };
    },
    async get(arn) {
      const r = await db.query<{ record: string }>({
        name: 'queue-get',
        text: 'SELECT record FROM queues WHERE arn = $1',
        values: [arn],
      });
      return r.rows[0] ? (JSON.parse(r.rows[0].record) as QueueRecord) : undefined;
    },
    async list(arnPrefix, req) {
      const r = await db.query<{ arn: string; record: string }>({
        text: `SELECT arn, record FROM queues WHERE starts_with(arn, $1) AND arn > $2 ORDER BY arn LIMIT $3`,
        values: [arnPrefix, req.after ?? '', req.limit + 1],
      });
      return documentPage<QueueRecord>(r.rows, req.limit);
    },
    async listDeadLetterSources(deadLetterArn, req) {
      const r = await db.query<{ arn: string; record: string }>({
        text: 'SELECT arn, record FROM queues WHERE dead_letter_target = $1 AND arn > $2 ORDER BY arn LIMIT $3',
        values: [deadLetterArn, req.after ?? '', req.limit + 1],
      });
      return documentPage<QueueRecord>(r.rows, req.limit);
    },
    async update(record) {
      const r = await db.query({
        text: 'UPDATE queues SET dead_letter_target = $2, record = $3 WHERE arn = $1',
        values: [record.arn, record.deadLetterTargetArn ?? null, JSON.stringify(record)],
      });
      return r.rowCount === 1;
    },
    async delete(arn) {
      await db.transaction(async (tx) => {
        for (const table of [
          'queues WHERE arn',
          'queue_messages WHERE queue_arn',
          'queue_deduplication WHERE queue_arn',
        ]) {
          await tx.query({ text: `DELETE FROM ${table} = $1`, values: [arn] });
        }
      });
    },

    async send(messages) {
      const outcomes: SendOutcome[] = new Array(messages.length);
      const plain = messages.flatMap((m, ord) => (m.deduplication ? [] : [{ ord, m }]));
      if (plain.length > 0) {
        const rows = plain.map(({ ord, m }) => ({
          ord,
          queue_arn: m.queueArn,
          id: m.id,
          body: m.body,
          md5_body: m.md5OfBody,
          attributes: m.attributes ?? null,
          sent_at: m.sentAt,
          visible_at: m.visibleAt,
          group_id: m.groupId ?? null,
        }));
        const r = await db.query<{ id: string; seq: number }>({
          name: 'queue-send-plain',
          text: SEND_PLAIN,
          values: [JSON.stringify(rows)],
        });
        const seqs = new Map(r.rows.map((row) => [row.id, row.seq]));
        for (const { ord, m } of plain) {
          const seq = seqs.get(m.id);
          outcomes[ord] = seq === undefined ? { kind: 'queueDoesNotExist' } : { kind: 'sent', seq };
        }
      }
      // FIFO messages one after another, in order: a later one may repeat an earlier one's key.
      for (let i = 0; i < messages.length; i++) {
        if (messages[i]!.deduplication) outcomes[i] = await sendOne(db, messages[i]!);
      }
      return outcomes;
    },

    async receive(requests) {
      return Promise.all(
        requests.map((req) => (req.fifo ? db.transaction((tx) => claimFifo(tx, req)) : claimStandard(db, req))),
      );
    },

    async deleteMessages(refs) {
      if (refs.length === 0) return [];
      const r = await db.query<{ seq: number; receipt: string }>({
        name: 'queue-delete-messages',
        text: `DELETE FROM queue_messages m USING json_to_recordset($1::json) AS r(seq bigint, queue_arn text, receipt text)
          WHERE m.seq = r.seq AND m.queue_arn = r.queue_arn AND m.receipt = r.receipt RETURNING m.seq, r.receipt`,
        values: [JSON.stringify(refs.map((x) => ({ seq: x.seq, queue_arn: x.queueArn, receipt: x.receipt })))],
      });
      const deleted = new Set(r.rows.map((row) => `${row.seq}:${row.receipt}`));
      return refs.map((x): DeleteOutcome => (deleted.has(`${x.seq}:${x.receipt}`) ? 'deleted' : 'stale'));
    },

    // Concurrent, each on its own pooled connection, as the group commit overlaps batches here.
    async write(writes) {
      const [sends, deletes, receives] = await Promise.all([
        this.send(writes.sends),
        this.deleteMessages(writes.deletes),
        this.receive(writes.receives),
      ]);
      return { sends, deletes, receives, receivesAfterSends: false };
    },

    async changeVisibility(changes) {
      if (changes.length === 0) return [];
      return db.transaction(async (tx) => {
        const out: VisibilityOutcome[] = [];
        for (const { ref, visibleAt, now } of changes) {
          const r = await tx.query<{ visible_at: number }>({
            text: 'SELECT visible_at FROM queue_messages WHERE seq = $1 AND queue_arn = $2 AND receipt = $3 FOR UPDATE',
            values: [ref.seq, ref.queueArn, ref.receipt],
          });
          const row = r.rows[0];
          if (!row) out.push('stale');
          else if (row.visible_at <= now) out.push('notInFlight');
          else {
            await tx.query({
              text: 'UPDATE queue_messages SET visible_at = $2 WHERE seq = $1',
              values: [ref.seq, visibleAt],
            });
            out.push('changed');
          }
        }
        return out;
      });
    },

    async purge(queueArn, before) {
      const r = await db.query({
        text: 'DELETE FROM queue_messages WHERE queue_arn = $1 AND sent_at <= $2',
        values: [queueArn, before],
      });
      return r.rowCount ?? 0;
    },

    async expire(queueArn, expiredBefore, now) {
      await db.query({
        text: 'DELETE FROM queue_deduplication WHERE queue_arn = $1 AND expires_at <= $2',
        values: [queueArn, now],
      });
      const r = await db.query({
        text: 'DELETE FROM queue_messages WHERE queue_arn = $1 AND sent_at < $2',
        values: [queueArn, expiredBefore],
      });
      return r.rowCount ?? 0;
    },

    async counts(queueArn, now, expiredBefore) {
      const r = await db.query<{ visible: number; in_flight: number; delayed: number }>({
        name: 'queue-counts',
        text: `SELECT count(*) FILTER (WHERE visible_at <= $2) AS visible,
            count(*) FILTER (WHERE visible_at > $2 AND receive_count > 0) AS in_flight,
            count(*) FILTER (WHERE visible_at > $2 AND receive_count = 0) AS delayed
          FROM queue_messages WHERE queue_arn = $1 AND sent_at >= $3`,
        values: [queueArn, now, expiredBefore],
      });
      const row = r.rows[0]!;
      return { visible: Number(row.visible), inFlight: Number(row.in_flight), delayed: Number(row.delayed) };
    },

    async moveMessages(fromArn, toArn, limit, now) {
      const r = await db.query({
        name: 'queue-move-messages',
        text: MOVE_MESSAGES,
        values: [fromArn, now, limit, toArn ?? null],
      });
      return r.rowCount ?? 0;
    },

    async peek(queueArn, limit, expiredBefore) {
      // Walks queue_messages_visible in its order, without locking anything.
      const r = await db.query<MessageRow>({
        name: 'queue-peek',
        text: `SELECT * FROM queue_messages WHERE queue_arn = $1 AND sent_at >= $2
          ORDER BY visible_at, seq LIMIT $3`,
        values: [queueArn, expiredBefore, limit],
      });
      return r.rows.map(peekedOf);
    },
  };
}
