/**
 * Names and ARNs: `arn:aws:kinesis:<region>:<account>:stream/<name>`, shard ids
 * `shardId-000000000007` (the number is the shard's partition in the stream's log), consumer ARNs
 * `<stream ARN>/consumer/<name>:<creation epoch seconds>`.
 */

export interface StreamLocation {
  readonly region: string;
  readonly account: string;
}

export interface StreamRef extends StreamLocation {
  readonly name: string;
}

export const STREAM_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;
const STREAM_ARN = /^arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\d{12}):stream\/([a-zA-Z0-9_.-]{1,128})$/;

export function streamArn(ref: StreamRef): string {
  return `arn:aws:kinesis:${ref.region}:${ref.account}:stream/${ref.name}`;
}

export function parseStreamArn(arn: string): StreamRef | undefined {
  const m = STREAM_ARN.exec(arn);
  return m ? { region: m[1]!, account: m[2]!, name: m[3]! } : undefined;
}

/** The prefix every stream ARN of a region and account starts with (lists filter on it). */
export function streamArnPrefix(at: StreamLocation): string {
  return `arn:aws:kinesis:${at.region}:${at.account}:stream/`;
}

export function shardIdOf(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

/**
 * The shard index a ShardId names. AWS reads only the digits after the first '-' (so `shard-3`
 * and `3` name shardId-000000000003); anything else names no shard.
 */
export function shardIndexOf(shardId: string): number | undefined {
  const digits = shardId.includes('-') ? shardId.slice(shardId.indexOf('-') + 1) : shardId;
  if (!/^\d{1,12}$/.test(digits)) return undefined;
  const index = Number(digits);
  return index <= 2147483647 ? index : undefined;
}

export function consumerArn(stream: string, consumer: string, createdAt: number): string {
  return `${stream}/consumer/${consumer}:${Math.floor(createdAt / 1000)}`;
}

const CONSUMER_ARN =
  /^(arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128})\/consumer\/([a-zA-Z0-9_.-]{1,128}):(\d+)$/;

export function parseConsumerArn(arn: string): { streamArn: string; name: string } | undefined {
  const m = CONSUMER_ARN.exec(arn);
  return m ? { streamArn: m[1]!, name: m[2]! } : undefined;
}
