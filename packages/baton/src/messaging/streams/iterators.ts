/**
 * Shard iterators: opaque tokens that carry the stream (its region, account, name and the id of
 * its log, so an iterator of a deleted and re-created stream is refused), the shard, the
 * position to read from (the seq of the next record in the shard's log partition) and when the
 * iterator was issued (it expires 5 minutes later, as on AWS). A checksum detects tokens that
 * were not issued here or were altered; it is integrity, not secrecy (the payload is readable,
 * and nothing in it is secret).
 */
import { createHash } from 'node:crypto';
import { streamErrors } from './errors.js';
import type { StreamRef } from './names.js';

/** AWS: "A shard iterator expires 5 minutes after it is returned to the requester." */
export const ITERATOR_TTL_MS = 300_000;

export interface ShardIterator {
  readonly stream: StreamRef;
  readonly logId: number;
  readonly shardIndex: number;
  /** The seq of the next record to read. */
  readonly next: number;
  readonly issuedAt: number;
}

const VERSION = 1;

function checksum(payload: string): string {
  return createHash('sha256').update('baton-shard-iterator:').update(payload).digest('base64').slice(0, 12);
}

export function encodeIterator(it: ShardIterator): string {
  const payload = JSON.stringify([
    VERSION,
    it.stream.region,
    it.stream.account,
    it.stream.name,
    it.logId,
    it.shardIndex,
    it.next,
    it.issuedAt,
  ]);
  return Buffer.from(`${checksum(payload)}${payload}`, 'utf8').toString('base64');
}

/** The iterator a token carries; InvalidArgumentException for a token not issued here, ExpiredIteratorException past 5 minutes. */
export function decodeIterator(token: string, now: number): ShardIterator {
  const text = Buffer.from(token, 'base64').toString('utf8');
  const payload = text.slice(12);
  if (text.length < 13 || checksum(payload) !== text.slice(0, 12)) throw streamErrors.invalidIterator();
  let fields: unknown;
  try {
    fields = JSON.parse(payload);
  } catch {
    throw streamErrors.invalidIterator();
  }
  if (!Array.isArray(fields) || fields.length !== 8 || fields[0] !== VERSION) throw streamErrors.invalidIterator();
  const [, region, account, name, logId, shardIndex, next, issuedAt] = fields as unknown[];
  if (
    typeof region !== 'string' ||
    typeof account !== 'string' ||
    typeof name !== 'string' ||
    !Number.isSafeInteger(logId) ||
    !Number.isSafeInteger(shardIndex) ||
    !Number.isSafeInteger(next) ||
    !Number.isSafeInteger(issuedAt)
  ) {
    throw streamErrors.invalidIterator();
  }
  if (now - (issuedAt as number) > ITERATOR_TTL_MS) throw streamErrors.expiredIterator(issuedAt as number, now);
  return {
    stream: { region, account, name },
    logId: logId as number,
    shardIndex: shardIndex as number,
    next: next as number,
    issuedAt: issuedAt as number,
  };
}
