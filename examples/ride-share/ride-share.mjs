// The talk's ride-share scenario, on streams: riders' phones send location updates to a Kinesis
// stream with the rider id as partition key; a consumer group of dispatchers shares the shards
// and sees each rider's updates in the order they were sent, whichever member reads them.
//
//   node examples/ride-share/ride-share.mjs [--endpoint http://127.0.0.1:22866] [--riders 50] [--updates 20]
//
// Also a module: `runRideShare(options)` runs the scenario and returns what the members saw (the
// end-to-end test in packages/baton/test/kinesis/ride-share.test.ts runs it against a fresh server).
import { CreateStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { createKinesisClient, createStreamConsumer } from '@baton/sdk';

/** A location update: where a rider is, and the rider's own counter (their phone's order). */
function update(rider, n) {
  return {
    riderId: `rider-${rider}`,
    n,
    lat: 52.52 + rider / 1000 + n / 10000,
    lng: 13.4 + n / 10000,
    sentAt: Date.now(),
  };
}

export async function runRideShare({
  endpoint = 'http://127.0.0.1:22866',
  streamName = 'ride-locations',
  riders = 50,
  updates = 20,
  members = 2,
  log = console.log,
} = {}) {
  const kinesis = createKinesisClient({ endpoint });
  try {
    await kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 4 }));
  } catch (e) {
    if (e.name !== 'ResourceInUseException') throw e;
  }

  // Dispatchers: a consumer group; each keeps the last update it saw per rider.
  const last = new Map();
  const outOfOrder = [];
  const lags = [];
  const perMember = new Map();
  let received = 0;
  const group = `dispatch-${Date.now()}`;
  const dispatchers = Array.from({ length: members }, (_, m) =>
    createStreamConsumer({
      endpoint,
      streamName,
      group,
      member: `dispatcher-${m}`,
      start: 'LATEST',
      pollIntervalMs: 50,
      leaseMs: 1500,
      handler: async (records) => {
        for (const r of records) {
          const u = JSON.parse(Buffer.from(r.data).toString());
          const before = last.get(u.riderId) ?? -1;
          if (u.n <= before) outOfOrder.push({ rider: u.riderId, after: before, got: u.n });
          last.set(u.riderId, Math.max(before, u.n));
          lags.push(Date.now() - u.sentAt);
          received++;
        }
        perMember.set(m, (perMember.get(m) ?? 0) + records.length);
      },
    }),
  );
  for (const d of dispatchers) await d.start();
  // The first dispatcher takes every shard; the group rebalances within a few heartbeats.
  const balanced = Date.now() + 10_000;
  while (dispatchers.some((d) => d.shards.length === 0) && Date.now() < balanced) {
    await new Promise((r) => setTimeout(r, 50));
  }

  // Phones: every rider sends `updates` updates, one after the other; riders send at the same time.
  const sent = riders * updates;
  for (let n = 0; n < updates; n++) {
    const batch = Array.from({ length: riders }, (_, rider) => update(rider, n));
    await kinesis.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: batch.map((u) => ({ PartitionKey: u.riderId, Data: Buffer.from(JSON.stringify(u)) })),
      }),
    );
  }
  const deadline = Date.now() + 30_000;
  while (received < sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await Promise.all(dispatchers.map((d) => d.stop()));
  kinesis.destroy();

  lags.sort((a, b) => a - b);
  const result = {
    sent,
    received,
    riders: last.size,
    outOfOrder,
    perMember: Object.fromEntries(perMember),
    lagP50: lags[Math.floor(lags.length / 2)] ?? 0,
    lagP99: lags[Math.floor(lags.length * 0.99)] ?? 0,
  };
  log(
    `${result.sent} updates of ${riders} riders sent, ${result.received} received by ${members} dispatchers ` +
      `(${Object.values(result.perMember).join(' + ')}); out of order: ${outOfOrder.length}; ` +
      `lag p50 ${result.lagP50} ms, p99 ${result.lagP99} ms`,
  );
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const result = await runRideShare({
    endpoint: arg('endpoint', 'http://127.0.0.1:22866'),
    riders: Number(arg('riders', 50)),
    updates: Number(arg('updates', 20)),
  });
  process.exit(result.received >= result.sent && result.outOfOrder.length === 0 ? 0 : 1);
}
