/**
 * Durability of streams under SIGKILL (DESIGN principle 4), with the built server
 * (`npm run build`): every record a PutRecords acknowledged survives a kill of the server in
 * the middle of concurrent writes, with the sequence number it was given; and a consumer group
 * whose server and member are both killed mid-consumption resumes from its checkpoints and
 * processes every record, each key in order (a checkpoint never moved past a record the handler
 * had not processed: such a record would never be seen).
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateStreamCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { afterAll, describe, expect, it } from 'vitest';
import { killProcess, ServerProcess, serverBuilt, spawnNode, untilReady } from '../support/server-process.js';
import { readShard, text } from './support.js';

const consumerScript = fileURLToPath(new URL('fixtures/consumer.mjs', import.meta.url));
// The consumer runs the SDK's built worker too.
const built = serverBuilt && existsSync(fileURLToPath(new URL('../../../sdk/dist/index.js', import.meta.url)));
const dir = mkdtempSync(join(tmpdir(), 'baton-kinesis-crash-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!built)('streams across SIGKILL (run `npm run build` first)', () => {
  const server = new ServerProcess(dir);
  const members: ChildProcess[] = [];
  const client = () => new KinesisClient(server.clientConfig);

  afterAll(async () => {
    await server.kill();
    for (const m of members) await killProcess(m);
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged record of PutRecords interrupted by SIGKILL', { timeout: 90_000 }, async () => {
    await server.start();
    let kinesis = client();
    await kinesis.send(new CreateStreamCommand({ StreamName: 'durable', ShardCount: 4 }));
    const acknowledged = new Map<string, string>();
    let stop = false;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        const ids = Array.from({ length: 25 }, (_, j) => `w${w}-${i}-${j}`);
        try {
          const out = await kinesis.send(
            new PutRecordsCommand({
              StreamName: 'durable',
              Records: ids.map((id) => ({ PartitionKey: id, Data: Buffer.from(id) })),
            }),
          );
          out.Records!.forEach((r, j) => {
            if (r.SequenceNumber) acknowledged.set(ids[j]!, r.SequenceNumber);
          });
        } catch {
          await sleep(20);
        }
      }
    });
    await sleep(1500);
    await server.kill();
    stop = true;
    await Promise.all(writers);
    kinesis.destroy();
    expect(acknowledged.size).toBeGreaterThan(500);

    await server.start();
    kinesis = client();
    const stored = new Map<string, string>();
    for (let s = 0; s < 4; s++) {
      const { records } = await readShard(kinesis, 'durable', `shardId-00000000000${s}`);
      for (const r of records) stored.set(text(r.Data), r.SequenceNumber!);
    }
    const lost = [...acknowledged].filter(([id, seq]) => stored.get(id) !== seq);
    expect(lost).toEqual([]);
    kinesis.destroy();
    await server.kill();
  });

  it('resumes a consumer group from its checkpoints after its server and a member are killed', {
    timeout: 120_000,
  }, async () => {
    await server.start();
    let kinesis = client();
    const StreamName = 'consumed';
    const KEYS = 40;
    await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: 4 }));
    let written = 0;
    const put = async (count: number) => {
      for (let n = 0; n < count; n += 100) {
        await kinesis.send(
          new PutRecordsCommand({
            StreamName,
            Records: Array.from({ length: 100 }, (_, j) => ({
              PartitionKey: `k${(written + j) % KEYS}`,
              Data: Buffer.from(String(written + j)),
            })),
          }),
        );
        written += 100;
      }
    };
    await put(3000);
    const output = join(dir, 'processed.txt');
    const member = async (id: string) => {
      const child = spawnNode([consumerScript, server.endpoint, StreamName, 'g', id, output]);
      members.push(child);
      await untilReady(child, 'started');
      return child;
    };
    const first = await member('first');
    await sleep(800);
    // Both die mid-consumption; the server comes back, a new member takes over.
    await server.kill();
    await killProcess(first);
    await server.start();
    kinesis.destroy();
    kinesis = client();
    const second = await member('second');
    await put(1000);
    const processed = () =>
      existsSync(output)
        ? readFileSync(output, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => l.split(' ') as [string, string])
        : [];
    const deadline = Date.now() + 90_000;
    while (new Set(processed().map(([, v]) => v)).size < written && Date.now() < deadline) await sleep(200);
    await killProcess(second, 'SIGTERM');
    const lines = processed();
    const values = new Set(lines.map(([, v]) => Number(v)));
    const missing = Array.from({ length: written }, (_, i) => i).filter((v) => !values.has(v));
    expect(missing).toEqual([]);
    // Redelivery repeats records already seen; the first time each was seen follows its key's order.
    const firstSeen = new Map<string, number[]>();
    const seen = new Set<string>();
    for (const [key, v] of lines) {
      if (seen.has(v)) continue;
      seen.add(v);
      firstSeen.set(key, [...(firstSeen.get(key) ?? []), Number(v)]);
    }
    for (const [key, list] of firstSeen) expect(list, key).toEqual([...list].sort((a, b) => a - b));
    kinesis.destroy();
  });
});
