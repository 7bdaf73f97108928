/**
 * Sequence numbers in AWS's shape: 56-digit decimal strings (AWS's look like
 * `49590338271490256608559692538361571095921575989136588898`). Read as hex, each is 47 digits:
 *
 *   '2' | shard created (epoch s, 9) | shard index mod 16 (1) | position (16) | '00' | arrival (epoch s, 9) | shard index (8) | '2'
 *
 * the field layout kinesalite measured on AWS's version-2 numbers. The position is the record's
 * seq in the shard's log partition, so within a shard numbers grow strictly with the log order
 * (the creation time is fixed, the position comes before the arrival time), every number has the
 * same 56 digits (the leading '2' pins the magnitude), and string order is numeric order. A
 * number decodes back to its shard and position: GetShardIterator checks that a number belongs
 * to the shard and stream it is used with. Position 0 is the shard's StartingSequenceNumber;
 * 2^63-1 is a closed shard's EndingSequenceNumber (no record ever gets it).
 */

export const MAX_POSITION = (1n << 63n) - 1n;

export interface SequenceParts {
  /** Epoch milliseconds the shard was created (kept to the second). */
  readonly shardCreatedAt: number;
  readonly shardIndex: number;
  readonly position: bigint;
  /** Epoch milliseconds the record arrived (kept to the second). */
  readonly arrivedAt: number;
}

const hex = (value: number | bigint, digits: number) => value.toString(16).padStart(digits, '0').slice(-digits);

export function encodeSequence(parts: SequenceParts): string {
  const text =
    '2' +
    hex(Math.floor(parts.shardCreatedAt / 1000), 9) +
    hex(parts.shardIndex % 16, 1) +
    hex(parts.position, 16) +
    '00' +
    hex(Math.floor(parts.arrivedAt / 1000), 9) +
    hex(parts.shardIndex, 8) +
    '2';
  return BigInt(`0x${text}`).toString();
}

const DECIMAL = /^[1-9]\d{0,127}$/;

/** The parts of a sequence number of ours, or undefined for anything else. */
export function decodeSequence(sequence: string): SequenceParts | undefined {
  if (!DECIMAL.test(sequence)) return undefined;
  const text = BigInt(sequence).toString(16);
  if (text.length !== 47 || text[0] !== '2' || text[46] !== '2' || text.slice(27, 29) !== '00') return undefined;
  const position = BigInt(`0x${text.slice(11, 27)}`);
  if (position > MAX_POSITION) return undefined;
  const shardIndex = Number.parseInt(text.slice(38, 46), 16);
  if (shardIndex % 16 !== Number.parseInt(text[10]!, 16)) return undefined;
  return {
    shardCreatedAt: Number.parseInt(text.slice(1, 10), 16) * 1000,
    shardIndex,
    position,
    arrivedAt: Number.parseInt(text.slice(29, 38), 16) * 1000,
  };
}
