/**
 * A real Baton server for the Kinesis tests (temporary data directory, a free port) with an
 * official `@aws-sdk/client-kinesis` client pointed at it, and helpers to read a shard.
 */
import {
  type _Record,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import type { BatonConfig } from '../../src/config.js';
import type { BatonOverrides } from '../../src/main.js';
import { credentials, type TestBaton, useTestBaton } from '../support/baton.js';

export interface KinesisTestBaton extends TestBaton {
  readonly kinesis: KinesisClient;
}

export function useKinesisBaton(config: Partial<BatonConfig> = {}, overrides: BatonOverrides = {}): KinesisTestBaton {
  const t = useTestBaton(config, overrides);
  let client: KinesisClient | undefined;
  return Object.defineProperty(Object.create(t), 'kinesis', {
    get() {
      client ??= new KinesisClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
      return client;
    },
  }) as KinesisTestBaton;
}

let counter = 0;
export const uniqueStream = (prefix = 's') => `${prefix}-${process.pid}-${++counter}`;

/** Every record of a shard from `type` on, following NextShardIterator until caught up (or the shard ends). */
export async function readShard(
  kinesis: KinesisClient,
  StreamName: string,
  ShardId: string,
  ShardIteratorType: ShardIteratorType = 'TRIM_HORIZON',
): Promise<{ records: _Record[]; ended: boolean }> {
  let { ShardIterator } = await kinesis.send(new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType }));
  const records: _Record[] = [];
  while (ShardIterator) {
    const page = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    records.push(...(page.Records ?? []));
    if (page.NextShardIterator && (page.Records ?? []).length === 0 && page.MillisBehindLatest === 0) {
      return { records, ended: false };
    }
    ShardIterator = page.NextShardIterator;
  }
  return { records, ended: true };
}

export const text = (data: Uint8Array | undefined) => Buffer.from(data ?? new Uint8Array()).toString('utf8');
export const bytes = (s: string) => new Uint8Array(Buffer.from(s));
