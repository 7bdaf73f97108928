/**
 * Scheduled rules under SIGKILL (DESIGN principle 4): a rate(1 minute) rule fires exactly one
 * Scheduled Event per due time although the server is killed and restarted again and again, and
 * an archive keeps each of those events once (the rule's second target is another bus, where
 * the archive is: scheduled events reach their rule's targets only, not the bus's other rules). The built server runs as a
 * child process on a clock 60 times faster than the wall (one schedule minute per real second),
 * counted from a start fixed across restarts; its in-process function appends each event's time
 * and id to a file that survives the crashes. Deliveries are at least once, so a time may reach
 * the function twice, but always with the one event id that its single fire produced.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  DescribeArchiveCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, sleep } from '../support/baton.js';
import { ServerProcess, serverBuilt } from '../support/server-process.js';

const dist = resolve(fileURLToPath(import.meta.url), '../../../dist');
const dir = mkdtempSync(join(tmpdir(), 'baton-schedule-crash-'));
const arrivals = join(dir, 'arrivals.log');
const script = join(dir, 'server.mjs');
const realStart = Date.now();
const virtualStart = Date.parse('2024-06-01T00:00:00Z');
// Started by ServerProcess with `baton start`'s flags for port, data folder and log level.
writeFileSync(
  script,
  `import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { resolveConfig } from ${JSON.stringify(join(dist, 'config.js'))};
import { startBaton } from ${JSON.stringify(join(dist, 'main.js'))};
const { values } = parseArgs({ options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'log-level': { type: 'string' } } });
const clock = { now: () => ${virtualStart} + (Date.now() - ${realStart}) * 60 };
await startBaton(
  resolveConfig({ port: Number(values.port), host: '127.0.0.1', dataDir: values['data-dir'], logLevel: values['log-level'] }),
  {
    clock,
    busDelivery: { pollMs: 20 },
    functions: { tick: (event) => { appendFileSync(${JSON.stringify(arrivals)}, event.time + ' ' + event.id + '\\n'); return null; } },
  },
);
console.log('listening');
`,
);

describe.skipIf(!serverBuilt)('scheduled rules survive SIGKILL (run `npm run build` first)', () => {
  const server = new ServerProcess(dir, [], script);

  afterAll(async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fires each due time once across restarts, and archives each fired event once', { timeout: 120_000 }, async () => {
    await server.start();
    const events = new EventBridgeClient({ ...server.clientConfig, maxAttempts: 3 });
    const relay = (await events.send(new CreateEventBusCommand({ Name: 'relay' }))).EventBusArn!;
    await events.send(
      new CreateArchiveCommand({
        ArchiveName: 'scheduled',
        EventSourceArn: relay,
        EventPattern: '{"source":["aws.events"]}',
      }),
    );
    await events.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(1 minute)' }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'tick',
        Targets: [
          { Id: 'tick', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:tick' },
          { Id: 'relay', Arn: relay },
        ],
      }),
    );

    // Run, kill at an arbitrary moment, stay down a while (missed times collapse into one), restart.
    for (const [up, down] of [
      [2_300, 1_700],
      [1_100, 300],
      [3_400, 2_600],
      [700, 100],
    ]) {
      await sleep(up!);
      await server.kill();
      await sleep(down!);
      await server.start();
    }
    await sleep(2_000);

    const log = () =>
      (existsSync(arrivals) ? readFileSync(arrivals, 'utf8') : '')
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(' ') as [string, string]);
    const idsByTime = new Map<string, Set<string>>();
    for (const [time, id] of log()) idsByTime.set(time, (idsByTime.get(time) ?? new Set()).add(id));
    // One event per due time, and due times on the schedule's one-minute grid.
    for (const [time, ids] of idsByTime) expect([time, ids.size]).toEqual([time, 1]);
    const times = [...idsByTime.keys()].map(Date.parse).sort((a, b) => a - b);
    expect(times.length).toBeGreaterThanOrEqual(8);
    for (const t of times) expect((t - times[0]!) % 60_000).toBe(0);
    // The archive keeps each fired event once (its deliveries may run more than once).
    const fired = new Set(log().map(([, id]) => id));
    await eventually(async () => {
      const { EventCount } = await events.send(new DescribeArchiveCommand({ ArchiveName: 'scheduled' }));
      return EventCount! >= fired.size ? EventCount : undefined;
    }, 10_000);
    const ids = new Set(log().map(([, id]) => id));
    const { EventCount } = await events.send(new DescribeArchiveCommand({ ArchiveName: 'scheduled' }));
    // Fires that happened after the log was read are in both now; none is in the archive twice.
    expect(EventCount).toBeLessThanOrEqual(ids.size + 2);
    expect(EventCount).toBeGreaterThanOrEqual(fired.size);
    events.destroy();
  });
});
