/**
 * The stream consumer against a real Baton server: a group's members share the shards, read
 * each in order, checkpoint after processing, rebalance as members join and leave, take over a
 * crashed member's shards once its leases run out, and read children of a split only after
 * their parent.
 */
import {
  CreateStreamCommand,
  type KinesisClient,
  PutRecordsCommand,
  SplitShardCommand,
  UpdateShardCountCommand,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKinesisClient,
  createStreamConsumer,
  GroupClient,
  type StreamConsumer,
  type StreamRecord,
} from '../src/index.js';
import { recordingLogger, sleep, startServer, type TestServer, uniqueName } from './support/baton.js';

let server: TestServer;
let kinesis: KinesisClient;

beforeAll(async () => {
  server = await startServer();
  kinesis = createKinesisClient({ endpoint: server.url });
});
afterAll(async () => {
  kinesis.destroy();
  await server.close();
});

const bytes = (s: string) => new Uint8Array(Buffer.from(s));
const text = (r: StreamRecord) => Buffer.from(r.data).toString();

async function put(StreamName: string, keys: number, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i += 50) {
    const n = Math.min(50, from + count - i);
    await kinesis.send(
      new PutRecordsCommand({
        StreamName,
        Records: Array.from({ length: n }, (_, j) => ({
          PartitionKey: `k${(i + j) % keys}`,
          Data: bytes(String(i + j)),
        })),
      }),
    );
  }
}

/** Everything a group's members processed, per key, in processing order. */
function collector() {
  const byKey = new Map<string, number[]>();
  const byMember = new Map<string, number>();
  return {
    byKey,
    byMember,
    handler: (member: string) => async (records: StreamRecord[]) => {
      for (const r of records) {
        const list = byKey.get(r.partitionKey) ?? [];
        list.push(Number(text(r)));
        byKey.set(r.partitionKey, list);
      }
      byMember.set(member, (byMember.get(member) ?? 0) + records.length);
    },
    total: () => [...byKey.values()].reduce((n, l) => n + l.length, 0),
  };
}

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

function consumer(
  StreamName: string,
  group: string,
  member: string,
  handler: (m: string) => (r: StreamRecord[]) => Promise<void>,
): StreamConsumer {
  return createStreamConsumer({
    endpoint: server.url,
    streamName: StreamName,
    group,
    member,
    handler: handler(member),
    leaseMs: 1500,
    pollIntervalMs: 20,
    retryDelayMs: 50,
    logger: recordingLogger().logger,
  });
}

/** Values of each key arrive in increasing order (duplicates allowed: at-least-once). */
function expectOrderedPerKey(byKey: Map<string, number[]>): void {
  for (const [key, values] of byKey) {
    for (let i = 1; i < values.length; i++) expect(values[i]! >= values[i - 1]!, `${key}: ${values}`).toBe(true);
  }
}

describe('stream consumer groups', () => {
  it('reads every record in order per key and resumes after its checkpoints', async () => {
    const StreamName = uniqueName('rides');
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 4 }));
    await put(StreamName, 20, 0, 400);
    const c = collector();
    const a = consumer(StreamName, 'g', 'a', c.handler);
    await a.start();
    await until(() => c.total() >= 400);
    expect(a.shards).toHaveLength(4);
    await a.stop();
    expectOrderedPerKey(c.byKey);
    // A new member of the same group starts after the checkpoints: only the new records arrive.
    await put(StreamName, 20, 400, 100);
    const again = collector();
    const b = consumer(StreamName, 'g', 'b', again.handler);
    await b.start();
    await until(() => again.total() >= 100);
    await sleep(200);
    await b.stop();
    expect(again.total()).toBe(100);
    expect(Math.min(...[...again.byKey.values()].flat())).toBe(400);
    // Another group reads the stream from its start, independently.
    const other = collector();
    const o = consumer(StreamName, 'other', 'x', other.handler);
    await o.start();
    await until(() => other.total() >= 500);
    await o.stop();
  });

  it('rebalances as members join and leave', async () => {
    const StreamName = uniqueName('rides');
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 4 }));
    const c = collector();
    const a = consumer(StreamName, 'g', 'a', c.handler);
    await a.start();
    expect(a.shards).toHaveLength(4);
    const b = consumer(StreamName, 'g', 'b', c.handler);
    await b.start();
    await until(() => a.shards.length === 2 && b.shards.length === 2);
    expect(new Set([...a.shards, ...b.shards]).size).toBe(4);
    await put(StreamName, 50, 0, 400);
    await until(() => c.total() >= 400);
    expect(c.byMember.get('a')).toBeGreaterThan(0);
    expect(c.byMember.get('b')).toBeGreaterThan(0);
    await b.stop();
    await until(() => a.shards.length === 4);
    await put(StreamName, 50, 400, 100);
    await until(() => c.total() >= 500);
    await a.stop();
    expectOrderedPerKey(c.byKey);
    expect(new Set([...c.byKey.values()].flat()).size).toBe(500);
  });

  it("takes over a crashed member's shards when its leases run out, from its checkpoints", async () => {
    const StreamName = uniqueName('rides');
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 2 }));
    await put(StreamName, 10, 0, 100);
    // A member that joins, takes every shard and then dies without a word.
    const crashed = new GroupClient(server.url, StreamName, 'g', 'crashed', 'us-east-1');
    const taken = await crashed.heartbeat([], { leaseMs: 1000, start: 'TRIM_HORIZON' });
    expect(taken.assigned).toHaveLength(2);
    const c = collector();
    const b = consumer(StreamName, 'g', 'b', c.handler);
    const started = Date.now();
    await b.start();
    expect(b.shards).toEqual([]);
    await until(() => c.total() >= 100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // The dead member's late checkpoint is refused: it no longer holds the lease.
    await expect(crashed.checkpoint('shardId-000000000000', undefined, true)).rejects.toMatchObject({
      code: 'LeaseLostException',
      status: 409,
    });
    await b.stop();
  });

  it('reads the children of a split only after their parent, keeping each key in order', async () => {
    const StreamName = uniqueName('rides');
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 1 }));
    const c = collector();
    const a = consumer(StreamName, 'g', 'a', c.handler);
    const b = consumer(StreamName, 'g', 'b', c.handler);
    await a.start();
    await b.start();
    await put(StreamName, 30, 0, 300);
    await kinesis.send(
      new SplitShardCommand({
        StreamName,
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: (1n << 127n).toString(),
      }),
    );
    await put(StreamName, 30, 300, 300);
    await kinesis.send(
      new UpdateShardCountCommand({ StreamName, TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' }),
    );
    await put(StreamName, 30, 600, 300);
    await until(() => c.total() >= 900, 20_000);
    await Promise.all([a.stop(), b.stop()]);
    expectOrderedPerKey(c.byKey);
    expect(new Set([...c.byKey.values()].flat()).size).toBe(900);
  });
});
