/**
 * Streams on PostgreSQL (`--database postgres://…`): the same API over the other adapter, with
 * two servers on one schema as two nodes. Records put on both nodes concurrently keep each key's
 * order (the partition's row lock orders appends), a split made on one node reroutes the other
 * node's writes to the children (its appends meet the sealed parent and reload the stream), and a
 * consumer group coordinated through both nodes shares the shards.
 */
import {
  CreateStreamCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
  SplitShardCommand,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { credentials, startTestBaton, type TestBaton } from '../support/baton.js';
import { describeOnPostgres } from '../support/postgres.js';
import { readShard, text } from './support.js';

await describeOnPostgres('streams', (database) => {
  let nodes: TestBaton[] = [];
  let clients: KinesisClient[] = [];

  beforeAll(async () => {
    nodes = [await startTestBaton({ database }), await startTestBaton({ database })];
    clients = nodes.map(
      (n) => new KinesisClient({ endpoint: n.baton.url, region: 'us-east-1', credentials, maxAttempts: 1 }),
    );
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    for (const n of nodes) await n.close();
  });

  it('keeps each key in order across two nodes writing through a split', { timeout: 60_000 }, async () => {
    const StreamName = 'shared';
    await clients[0]!.send(new CreateStreamCommand({ StreamName, ShardCount: 2 }));
    const KEYS = 10;
    // Keys are split between the nodes: each key has one writer, writing in order.
    const next = new Array<number>(KEYS).fill(0);
    let stop = false;
    const writers = clients.map(async (client, node) => {
      while (!stop) {
        const keys = Array.from({ length: KEYS / 2 }, (_, i) => node + 2 * i);
        await client.send(
          new PutRecordsCommand({
            StreamName,
            Records: keys.map((k) => ({ PartitionKey: `key-${k}`, Data: Buffer.from(String(next[k]!++)) })),
          }),
        );
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    await clients[1]!.send(
      new SplitShardCommand({
        StreamName,
        ShardToSplit: 'shardId-000000000000',
        NewStartingHashKey: (1n << 126n).toString(),
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(writers);
    const shards = (await clients[0]!.send(new ListShardsCommand({ StreamName }))).Shards!;
    expect(shards).toHaveLength(4);
    const seen = new Map<string, number[]>();
    for (const s of shards) {
      for (const r of (await readShard(clients[0]!, StreamName, s.ShardId!)).records) {
        seen.set(r.PartitionKey!, [...(seen.get(r.PartitionKey!) ?? []), Number(text(r.Data))]);
      }
    }
    for (let k = 0; k < KEYS; k++)
      expect(seen.get(`key-${k}`), `key-${k}`).toEqual(Array.from({ length: next[k]! }, (_, i) => i));
    // Both children of the split shard got records from both nodes after it.
    const children = shards.filter((s) => s.ParentShardId === 'shardId-000000000000');
    expect(children).toHaveLength(2);
  });

  it('coordinates one consumer group through both nodes', async () => {
    const StreamName = 'grouped';
    await clients[0]!.send(new CreateStreamCommand({ StreamName, ShardCount: 4 }));
    const beat = async (node: number, member: string, held: string[] = []) => {
      const r = await fetch(`${nodes[node]!.baton.url}/baton/streams/${StreamName}/groups/g/members/${member}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ held, leaseMs: 5000 }),
      });
      return (await r.json()) as { assigned: { shardId: string }[]; release: string[] };
    };
    const a = await beat(0, 'a');
    expect(a.assigned).toHaveLength(4);
    expect((await beat(1, 'b')).assigned).toEqual([]);
    const a2 = await beat(
      0,
      'a',
      a.assigned.map((x) => x.shardId),
    );
    expect(a2.release).toHaveLength(2);
    await beat(
      0,
      'a',
      a2.assigned.map((x) => x.shardId),
    );
    const b = await beat(1, 'b');
    expect(b.assigned.map((x) => x.shardId).sort()).toEqual([...a2.release].sort());
  });
});
