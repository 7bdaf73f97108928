/**
 * Hash keys: Kinesis routes a record to the open shard whose hash-key range holds the MD5 of its
 * partition key read as a 128-bit unsigned integer (or its ExplicitHashKey). Ranges are written
 * in decimal on the wire; in memory each bound is also kept as 32 zero-padded hex digits, so
 * routing compares strings (same order as the integers) and never builds a BigInt per record.
 */
import { createHash } from 'node:crypto';

export const HASH_KEY_SPACE = 1n << 128n;
export const MAX_HASH_KEY = HASH_KEY_SPACE - 1n;

/** 32 hex digits, zero-padded: string order equals numeric order. */
export function hexKey(value: bigint): string {
  return value.toString(16).padStart(32, '0');
}

/** The hash key of a partition key (MD5 of its UTF-8 bytes), as 32 hex digits. */
export function hashKeyOf(partitionKey: string): string {
  return createHash('md5').update(partitionKey, 'utf8').digest('hex');
}

/** An ExplicitHashKey (decimal), or undefined when it is outside [0, 2^128 - 1]. */
export function explicitHashKey(decimal: string): string | undefined {
  const value = BigInt(decimal);
  return value >= 0n && value <= MAX_HASH_KEY ? hexKey(value) : undefined;
}

export interface HashKeyRange {
  /** Decimal, as the API shows it. */
  readonly startingHashKey: string;
  readonly endingHashKey: string;
}

/**
 * `count` ranges of equal width covering the whole space, as CreateStream lays out shards (and
 * UpdateShardCount's UNIFORM_SCALING): shard i starts at i·⌊2^128/count⌋; the last ends at 2^128-1.
 */
export function uniformRanges(count: number): HashKeyRange[] {
  const width = HASH_KEY_SPACE / BigInt(count);
  return Array.from({ length: count }, (_, i) => {
    const start = width * BigInt(i);
    const end = i === count - 1 ? MAX_HASH_KEY : width * BigInt(i + 1) - 1n;
    return { startingHashKey: start.toString(), endingHashKey: end.toString() };
  });
}

/** A range in the hex form routing compares. */
export interface HexRange {
  readonly start: string;
  readonly end: string;
}

export function hexRange(range: HashKeyRange): HexRange {
  return { start: hexKey(BigInt(range.startingHashKey)), end: hexKey(BigInt(range.endingHashKey)) };
}

/** The index of the range holding `key` (ranges sorted by start, covering the space), by bisection. */
export function findRange(ranges: readonly HexRange[], key: string): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid]!.start <= key) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
