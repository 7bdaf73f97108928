/**
 * Pipes on PostgreSQL with two nodes on one schema: a pipe runs on one node at a time (the node
 * holding its lease), whichever node it was created on; when that node goes away the other takes
 * the pipe over and resumes from the checkpoints the first one left, so no record is lost.
 */
import { CreateStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreatePipeCommand, DescribePipeCommand } from '@aws-sdk/client-pipes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { JsonObject } from '../../src/kernel/index.js';
import { describeOnPostgres } from '../support/postgres.js';
import { eventually, type PipesBaton, sleep, startPipesBaton } from './support.js';

await describeOnPostgres('pipes', (database) => {
  let nodes: PipesBaton[] = [];

  beforeAll(async () => {
    const timings = { pipes: { leaseMs: 2000, pollMs: 100 } };
    nodes = [
      await startPipesBaton(['sink'], { database }, timings),
      await startPipesBaton(['sink'], { database }, timings),
    ];
  });
  afterAll(async () => {
    for (const n of nodes) await n.close().catch(() => undefined);
  });

  const received = (node: PipesBaton) =>
    node.batches
      .get('sink')!
      .flat()
      .map((r) => Buffer.from((r as JsonObject).data as string, 'base64').toString());

  async function put(node: PipesBaton, from: number, to: number): Promise<void> {
    await node.kinesis.send(
      new PutRecordsCommand({
        StreamName: 'shared',
        Records: Array.from({ length: to - from }, (_, i) => ({
          PartitionKey: `key-${(from + i) % 7}`,
          Data: Buffer.from(String(from + i)),
        })),
      }),
    );
  }

  it('runs a pipe on one node, and on the other once the first goes away, losing nothing', {
    timeout: 60_000,
  }, async () => {
    const [a, b] = nodes as [PipesBaton, PipesBaton];
    await a.kinesis.send(new CreateStreamCommand({ StreamName: 'shared', ShardCount: 2 }));
    await b.pipes.send(
      new CreatePipeCommand({
        Name: 'shared',
        Source: a.arn.stream('shared'),
        Target: a.arn.fn('sink'),
        RoleArn: a.role,
        SourceParameters: { KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 5 } },
      }),
    );
    expect((await a.pipes.send(new DescribePipeCommand({ Name: 'shared' }))).CurrentState).toBe('RUNNING');
    await put(b, 0, 40);
    await eventually(async () => (received(a).length + received(b).length >= 40 ? true : undefined), 10_000);
    await sleep(300);
    // One node ran it: the other saw nothing.
    const runner = received(a).length > 0 ? a : b;
    const other = runner === a ? b : a;
    expect(received(other)).toHaveLength(0);
    expect(new Set(received(runner)).size).toBe(40);

    await runner.close();
    nodes = [other];
    await put(other, 40, 80);
    await eventually(async () => (new Set(received(other)).size >= 40 ? true : undefined), 20_000);
    const all = new Set([...received(runner), ...received(other)]);
    expect(all.size).toBe(80);
    // The second node resumed after the first one's checkpoints: it re-read nothing the first had finished.
    expect(received(other).filter((d) => Number(d) < 40)).toHaveLength(0);
  });
});
