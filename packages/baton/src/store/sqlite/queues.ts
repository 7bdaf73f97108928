/**
 * Queues and their messages on SQLite (the QueueStore contract in port.ts). Every call that
 * takes a batch runs it in one transaction, so a group commit's sends, claims and deletes (`write`)
 * share one fsync. better-sqlite3 is synchronous: a transaction runs to its end before any other statement
 * of the process, which is what makes a claim atomic here (PostgreSQL needs row locks instead).
 */

import { asciiPrefixEnd, type DocumentRow, documentPage } from '../paging.js';
import type {
  DeleteOutcome,
  NewQueueMessage,
  QueueMessageRecord,
  QueueRecord,
  QueueStore,
  QueueWriteOutcomes,
  QueueWrites,
  ReceiptRef,
  ReceiveRequest,
  ReceiveResult,
  SendOutcome,
  VisibilityOutcome,
} from '../port.js';
import { type MessageRow, messageOf, peekedOf } from '../queue-rows.js';
import type { SqliteDatabase } from './database.js';

export function sqliteQueues(db: SqliteDatabase): QueueStore {
  const insert = db.prepare(
    'INSERT INTO queues (arn, dead_letter_target, record) VALUES (?, ?, ?) ON CONFLICT (arn) DO NOTHING',
  );
  const get = db.prepare('SELECT record FROM queues WHERE arn = ?');
  const list = db.prepare('SELECT arn, record FROM queues WHERE arn >= ? AND arn < ? AND arn > ? ORDER BY arn LIMIT ?');
  const sources = db.prepare(
    'SELECT arn, record FROM queues WHERE dead_letter_target = ? AND arn > ? ORDER BY arn LIMIT ?',
  );
  const update = db.prepare('UPDATE queues SET dead_letter_target = ?, record = ? WHERE arn = ?');
  const exists = db.prepare('SELECT 1 FROM queues WHERE arn = ?').pluck();

  const findDuplicate = db.prepare(
    'SELECT message_id, seq FROM queue_deduplication WHERE queue_arn = ? AND scope = ? AND id = ? AND expires_at > ?',
  );
  const remember = db.prepare(`INSERT INTO queue_deduplication (queue_arn, scope, id, message_id, seq, expires_at)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (queue_arn, scope, id) DO UPDATE SET
      message_id = excluded.message_id, seq = excluded.seq, expires_at = excluded.expires_at`);
  const append = db.prepare(`INSERT INTO queue_messages (queue_arn, id, body, md5_body, attributes, sent_at,
      visible_at, group_id, dedup_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  const visible = db.prepare(`SELECT * FROM queue_messages WHERE queue_arn = ? AND visible_at <= ? AND sent_at >= ?
    ORDER BY visible_at, seq LIMIT ?`);
  // The groups of a FIFO queue's visible messages, in the order those became visible.
  const visibleGroups = db
    .prepare(`SELECT group_id FROM queue_messages WHERE queue_arn = ? AND visible_at <= ? AND sent_at >= ?
      ORDER BY visible_at, seq`)
    .pluck();
  const groupHead = db.prepare(
    'SELECT * FROM queue_messages WHERE queue_arn = ? AND group_id = ? ORDER BY seq LIMIT ?',
  );
  const inFlightAfter = db
    .prepare(`SELECT EXISTS (SELECT 1 FROM queue_messages WHERE queue_arn = ? AND group_id = ? AND seq > ?
      AND visible_at > ? AND receive_count > 0)`)
    .pluck();
  const claim = db.prepare(`UPDATE queue_messages SET visible_at = ?, receive_count = receive_count + 1,
    first_received_at = coalesce(first_received_at, ?), receipt = ? WHERE seq = ?`);
  const moveTo = db.prepare(`INSERT INTO queue_messages (queue_arn, id, body, md5_body, attributes, sent_at, visible_at,
      group_id, dedup_id, dead_letter_source)
    SELECT @to, id, body, md5_body, attributes, sent_at, @now, group_id, dedup_id, @source
    FROM queue_messages WHERE seq = @seq`);
  const remove = db.prepare('DELETE FROM queue_messages WHERE seq = ?');
  const removeIfCurrent = db.prepare('DELETE FROM queue_messages WHERE seq = ? AND queue_arn = ? AND receipt = ?');
  const current = db.prepare('SELECT visible_at FROM queue_messages WHERE seq = ? AND queue_arn = ? AND receipt = ?');
  const setVisibility = db.prepare('UPDATE queue_messages SET visible_at = ? WHERE seq = ?');

  /** Moves one message to the end of `to` (a new seq) and deletes it from where it was. */
  const move = (row: MessageRow, to: string, now: number, source: string | null) => {
    moveTo.run({ to, now, source, seq: row.seq });
    remove.run(row.seq);
  };

  const claimOne = (req: ReceiveRequest, deadLetterExists: boolean) => {
    const out: QueueMessageRecord[] = [];
    let moved = 0;
    /** Whether the RedrivePolicy moves `row` to the dead-letter queue instead of returning it. */
    const deadLettered = (row: MessageRow) =>
      req.deadLetter !== undefined && deadLetterExists && row.receive_count >= req.deadLetter.maxReceiveCount;
    /** Claims `row`, or dead-letters it; false when it was dead-lettered. */
    const take = (row: MessageRow): boolean => {
      if (deadLettered(row)) {
        move(row, req.deadLetter!.targetArn, req.now, req.queueArn);
        moved++;
        return false;
      }
      claim.run(req.visibleUntil, req.now, req.receipt, row.seq);
      out.push(
        messageOf({
          ...row,
          visible_at: req.visibleUntil,
          receive_count: row.receive_count + 1,
          first_received_at: row.first_received_at ?? req.now,
          receipt: req.receipt,
        }),
      );
      return true;
    };
    if (!req.fifo) {
      // Dead-lettered messages leave room: look again until the request is served or the queue is dry.
      for (let round = 0; round < 10 && out.length < req.max; round++) {
        const rows = visible.all(req.queueArn, req.now, req.expiredBefore, req.max - out.length) as MessageRow[];
        let taken = 0;
        for (const row of rows) if (take(row)) taken++;
        if (taken === rows.length) break;
      }
      return { messages: out, movedToDeadLetter: moved };
    }
    // Each group is judged once, at its first visible message (a queue's oldest visible messages
    // are mostly those of groups in flight: judging every message costs the square of the
    // backlog), until the open groups offer as many messages as wanted (dead-lettered ones do not
    // count). Statements that read may run during the walk; the claims, which write, wait for its
    // end.
    const offered: MessageRow[][] = [];
    let count = 0;
    const judged = new Set<string>();
    for (const group of visibleGroups.iterate(req.queueArn, req.now, req.expiredBefore) as Iterable<string>) {
      if (judged.has(group)) continue;
      judged.add(group);
      const rows = servableHead(req, group);
      if (rows.length === 0) continue;
      offered.push(rows);
      for (const row of rows) if (!deadLettered(row)) count++;
      if (count >= req.max) break;
    }
    for (const rows of offered) {
      for (const row of rows) {
        if (out.length >= req.max) break;
        take(row);
      }
      if (out.length >= req.max) break;
    }
    return { messages: out, movedToDeadLetter: moved };
  };

  /**
   * The messages a FIFO group can serve now, in order: none unless its first message is visible
   * (a delayed one keeps the group's order) and none of its messages is in flight; then its
   * visible run from the head. The rows read to judge the group are the rows served. A claim
   * takes a group's messages from its head and the group stays closed while any is in flight,
   * so in-flight messages sit among its first rows; past the rows read, one query makes sure.
   */
  const servableHead = (req: ReceiveRequest, group: string): MessageRow[] => {
    const limit = req.max + 10;
    const run: MessageRow[] = [];
    let read = 0;
    let last = 0;
    let visibleRun = true;
    for (const row of groupHead.iterate(req.queueArn, group, limit) as Iterable<MessageRow>) {
      read++;
      last = row.seq;
      if (row.visible_at > req.now) {
        if (row.receive_count > 0 || read === 1) return [];
        visibleRun = false;
      } else if (visibleRun && row.sent_at >= req.expiredBefore) {
        run.push(row);
      }
    }
    if (read === limit && inFlightAfter.get(req.queueArn, group, last, req.now) === 1) return [];
    return run;
  };

  const sendAll = (messages: readonly NewQueueMessage[]): SendOutcome[] => {
    const known = new Map<string, boolean>();
    return messages.map((m) => {
      let queueExists = known.get(m.queueArn);
      if (queueExists === undefined) known.set(m.queueArn, (queueExists = exists.get(m.queueArn) !== undefined));
      if (!queueExists) return { kind: 'queueDoesNotExist' };
      const d = m.deduplication;
      if (d) {
        const prior = findDuplicate.get(m.queueArn, d.scope, d.id, m.sentAt) as
          | { message_id: string; seq: number }
          | undefined;
        if (prior) return { kind: 'duplicate', id: prior.message_id, seq: prior.seq };
      }
      const seq = Number(
        append.run(
          m.queueArn,
          m.id,
          m.body,
          m.md5OfBody,
          m.attributes ?? null,
          m.sentAt,
          m.visibleAt,
          m.groupId ?? null,
          m.deduplicationId ?? null,
        ).lastInsertRowid,
      );
      if (d) remember.run(m.queueArn, d.scope, d.id, m.id, seq, d.expiresAt);
      return { kind: 'sent', seq };
    });
  };

  const claimAll = (requests: readonly ReceiveRequest[]): ReceiveResult[] =>
    requests.map((req) =>
      claimOne(req, req.deadLetter !== undefined && exists.get(req.deadLetter.targetArn) !== undefined),
    );

  const deleteAll = (refs: readonly ReceiptRef[]): DeleteOutcome[] =>
    refs.map((r) => (removeIfCurrent.run(r.seq, r.queueArn, r.receipt).changes === 1 ? 'deleted' : 'stale'));

  const sendBatch = db.transaction(sendAll);
  const receiveBatch = db.transaction(claimAll);
  const deleteBatch = db.transaction(deleteAll);
  // One transaction, one fsync, in the order of the properties: sends first, so a claim can take a
  // message sent with it; deletes last, so a FIFO group a delete frees is served by a later commit,
  // once the deleting consumer has had its answer.
  const writeBatch = db.transaction(
    (w: QueueWrites): QueueWriteOutcomes => ({
      sends: sendAll(w.sends),
      receives: claimAll(w.receives),
      deletes: deleteAll(w.deletes),
      receivesAfterSends: true,
    }),
  );

  const visibilityBatch = db.transaction(
    (changes: Parameters<QueueStore['changeVisibility']>[0]): VisibilityOutcome[] =>
      changes.map(({ ref, visibleAt, now }) => {
        const row = current.get(ref.seq, ref.queueArn, ref.receipt) as { visible_at: number } | undefined;
        if (!row) return 'stale';
        if (row.visible_at <= now) return 'notInFlight';
        setVisibility.run(visibleAt, ref.seq);
        return 'changed';
      }),
  );

  const deleteQueue = db.transaction((arn: string) => {
    db.prepare('DELETE FROM queues WHERE arn = ?').run(arn);
    db.prepare('DELETE FROM queue_messages WHERE queue_arn = ?').run(arn);
    db.prepare('DELETE FROM queue_deduplication WHERE queue_arn = ?').run(arn);
  });

  const moveBatch = db.transaction((from: string, to: string | undefined, limit: number, now: number) => {
    if (to !== undefined && exists.get(to) === undefined) return 0;
    const rows = visible.all(from, now, 0, limit) as MessageRow[];
    let moved = 0;
    for (const row of rows) {
      const target = to ?? row.dead_letter_source;
      if (target === null || exists.get(target) === undefined) continue;
      move(row, target, now, null);
      moved++;
    }
    return moved;
  });

  const countsOf = db.prepare(`SELECT
      coalesce(sum(visible_at <= @now), 0) AS visible,
      coalesce(sum(visible_at > @now AND receive_count > 0), 0) AS in_flight,
      coalesce(sum(visible_at > @now AND receive_count = 0), 0) AS delayed
    FROM queue_messages WHERE queue_arn = @queue AND sent_at >= @expiredBefore`);
  // Walks queue_messages_visible in its order: no sort, however deep the queue.
  const peekAt = db.prepare(
    'SELECT * FROM queue_messages WHERE queue_arn = ? AND sent_at >= ? ORDER BY visible_at, seq LIMIT ?',
  );

  return {
    async create(record) {
      if (insert.run(record.arn, record.deadLetterTargetArn ?? null, JSON.stringify(record)).changes === 1)
        return { kind: 'created' };
      return { kind: 'alreadyExists', existing: JSON.parse((get.get(record.arn) as { record: string }).record) };
    },
    async get(arn) {
      const row = get.get(arn) as { record: string } | undefined;
      return row ? (JSON.parse(row.record) as QueueRecord) : undefined;
    },
    async list(arnPrefix, req) {
      return documentPage<QueueRecord>(
        list.all(arnPrefix, asciiPrefixEnd(arnPrefix), req.after ?? '', req.limit + 1) as DocumentRow[],
        req.limit,
      );
    },
    async listDeadLetterSources(deadLetterArn, req) {
      return documentPage<QueueRecord>(
        sources.all(deadLetterArn, req.after ?? '', req.limit + 1) as DocumentRow[],
        req.limit,
      );
    },
    async update(record) {
      return update.run(record.deadLetterTargetArn ?? null, JSON.stringify(record), record.arn).changes === 1;
    },
    async delete(arn) {
      deleteQueue(arn);
    },
    async send(messages) {
      return messages.length === 0 ? [] : sendBatch(messages);
    },
    async receive(requests) {
      return requests.length === 0 ? [] : receiveBatch(requests);
    },
    async deleteMessages(refs) {
      return refs.length === 0 ? [] : deleteBatch(refs);
    },
    async write(writes) {
      return writeBatch(writes);
    },
    async changeVisibility(changes) {
      return changes.length === 0 ? [] : visibilityBatch(changes);
    },
    async purge(queueArn, before) {
      return db.prepare('DELETE FROM queue_messages WHERE queue_arn = ? AND sent_at <= ?').run(queueArn, before)
        .changes;
    },
    async expire(queueArn, expiredBefore, now) {
      return db.transaction(() => {
        db.prepare('DELETE FROM queue_deduplication WHERE queue_arn = ? AND expires_at <= ?').run(queueArn, now);
        return db.prepare('DELETE FROM queue_messages WHERE queue_arn = ? AND sent_at < ?').run(queueArn, expiredBefore)
          .changes;
      })();
    },
    async counts(queueArn, now, expiredBefore) {
      const row = countsOf.get({ queue: queueArn, now, expiredBefore }) as {
        visible: number;
        in_flight: number;
        delayed: number;
      };
      return { visible: row.visible, inFlight: row.in_flight, delayed: row.delayed };
    },
    async moveMessages(fromArn, toArn, limit, now) {
      return moveBatch(fromArn, toArn, limit, now);
    },
    async peek(queueArn, limit, expiredBefore) {
      return (peekAt.all(queueArn, expiredBefore, limit) as MessageRow[]).map(peekedOf);
    },
  };
}
