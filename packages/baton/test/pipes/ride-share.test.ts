/**
 * The talk's ride-share scenario, its pipe end to end (examples/ride-share/pipes.json, deployed
 * the way `npm start` deploys it): riders' location updates go to the ride-locations stream with
 * the rider id as partition key; the ride-locations-in-area pipe drops updates outside the service
 * area and runs the ride-dispatch Express workflow once per batch, which hands the batch to the
 * ride-dispatches queue. Every in-area update is dispatched, in each rider's order; no out-of-area
 * update is.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { DescribePipeCommand } from '@aws-sdk/client-pipes';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PipesBaton, startPipesBaton } from './support.js';

interface Update {
  readonly riderId: string;
  readonly n: number;
  readonly lat: number;
  readonly lng: number;
}

const examples = resolve(fileURLToPath(import.meta.url), '../../../../../examples');
const RIDERS = 20;
const UPDATES = 10;
let t: PipesBaton;

beforeAll(async () => {
  t = await startPipesBaton([], { examples });
});
afterAll(() => t.close());

/**
 * Berlin (in the service area) for most updates; every fourth rider's odd updates come from
 * Munich. Coordinates have six decimals, as GPS reports them: numeric filters match numbers with
 * at most six digits after the point (user guide, "Numeric matching").
 */
function update(rider: number, n: number): Update {
  const away = rider % 4 === 0 && n % 2 === 1;
  const sixDecimals = (x: number) => Number(x.toFixed(6));
  return {
    riderId: `rider-${rider}`,
    n,
    lat: away ? 48.14 : sixDecimals(52.52 + rider / 1000 + n / 10_000),
    lng: away ? 11.58 : sixDecimals(13.4 + n / 10_000),
  };
}

it('dispatches every in-area update, one Express workflow per batch, in each rider’s order', {
  timeout: 60_000,
}, async () => {
  const pipe = await t.pipes.send(new DescribePipeCommand({ Name: 'ride-locations-in-area' }));
  expect(pipe).toMatchObject({ CurrentState: 'RUNNING', Target: t.arn.machine('ride-dispatch') });
  const sent: Update[] = [];
  for (let n = 0; n < UPDATES; n++) {
    const batch = Array.from({ length: RIDERS }, (_, rider) => update(rider, n));
    sent.push(...batch);
    await t.kinesis.send(
      new PutRecordsCommand({
        StreamName: 'ride-locations',
        Records: batch.map((u) => ({ PartitionKey: u.riderId, Data: Buffer.from(JSON.stringify(u)) })),
      }),
    );
  }
  const inArea = sent.filter((u) => u.lat > 52);
  const queueUrl = `${t.baton.url}/${t.account}/ride-dispatches`;
  const batches: { count: number; updates: Update[] }[] = [];
  const deadline = Date.now() + 30_000;
  while (batches.reduce((sum, b) => sum + b.count, 0) < inArea.length && Date.now() < deadline) {
    const { Messages = [] } = await t.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    batches.push(...Messages.map((m) => JSON.parse(m.Body!) as { count: number; updates: Update[] }));
    if (Messages.length > 0) {
      await t.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  }
  const dispatched = batches.flatMap((b) => b.updates);
  expect(batches.every((b) => b.count === b.updates.length && b.count <= 100)).toBe(true);
  expect(dispatched).toHaveLength(inArea.length);
  expect(dispatched.every((u) => u.lat > 52)).toBe(true);
  expect(new Set(dispatched.map((u) => `${u.riderId}/${u.n}`))).toEqual(
    new Set(inArea.map((u) => `${u.riderId}/${u.n}`)),
  );
  // A rider's updates share a shard; the pipe hands that shard's batches over one after the other.
  for (let rider = 0; rider < RIDERS; rider++) {
    const ns = dispatched.filter((u) => u.riderId === `rider-${rider}`).map((u) => u.n);
    expect(ns).toEqual([...ns].sort((a, b) => a - b));
  }
});
