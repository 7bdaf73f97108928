/**
 * Durable delivery under SIGKILL (DESIGN principle 4): events accepted by PutEvents reach every
 * matching target at least once although the server is killed while deliveries are in flight.
 * The built server runs as a child process; a rule fans each event out to two in-process
 * functions that append the event id to a file (which survives the crash); after the restart,
 * every accepted event must be in the file once per target at least.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerProcess, serverBuilt } from '../support/server-process.js';

const EVENTS = 2000;

const dir = mkdtempSync(join(tmpdir(), 'baton-bus-crash-'));
const log = join(dir, 'arrivals.log');
const functions = join(dir, 'functions.mjs');
writeFileSync(
  functions,
  `import { appendFileSync } from 'node:fs';
const record = (target) => async (event) => {
  await new Promise((r) => setTimeout(r, 50));
  appendFileSync(${JSON.stringify(log)}, target + ' ' + event.id + '\\n');
  return null;
};
export const first = record('first');
export const second = record('second');
`,
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!serverBuilt)('event delivery survives SIGKILL (run `npm run build` first)', () => {
  const server = new ServerProcess(dir, ['--functions', functions]);

  afterAll(async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers ${EVENTS} accepted events to both targets at least once across a SIGKILL`, {
    timeout: 120_000,
  }, async () => {
    await server.start();
    const events = new EventBridgeClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });
    await events.send(
      new PutRuleCommand({ Name: 'fan-out', EventPattern: JSON.stringify({ source: ['crash.test'] }) }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'fan-out',
        Targets: [
          { Id: 'first', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:first' },
          { Id: 'second', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:second' },
        ],
      }),
    );

    const arrivals = () => {
      const seen = { first: new Set<string>(), second: new Set<string>() };
      for (const line of (existsSync(log) ? readFileSync(log, 'utf8') : '').split('\n')) {
        const [target, id] = line.split(' ');
        if (target === 'first' || target === 'second') seen[target].add(id!);
      }
      return seen;
    };
    // Producers put batches of 10 until killed; only answered calls count as accepted.
    const accepted = new Set<string>();
    let sent = 0;
    let stop = false;
    const producers = Array.from({ length: 8 }, async () => {
      while (!stop && sent < EVENTS) {
        sent += 10;
        const entries = Array.from({ length: 10 }, (_, i) => ({
          Source: 'crash.test',
          DetailType: 'Tick',
          Detail: JSON.stringify({ n: sent + i }),
        }));
        try {
          const out = await events.send(new PutEventsCommand({ Entries: entries }));
          for (const e of out.Entries ?? []) if (e.EventId) accepted.add(e.EventId);
        } catch {
          await sleep(20);
        }
      }
    });

    // Kill while deliveries are in flight (each takes 50 ms in the functions).
    while (accepted.size < 600) await sleep(5);
    await server.kill();
    stop = true;
    await Promise.all(producers);
    const seenAtKill = arrivals();
    const undeliveredAtKill = [...accepted].filter((id) => !seenAtKill.first.has(id) || !seenAtKill.second.has(id));
    expect(undeliveredAtKill.length).toBeGreaterThan(0);
    await server.start();
    stop = false;
    // More events after the restart, so the run ends with EVENTS accepted.
    const after = Array.from({ length: 4 }, async () => {
      while (accepted.size < EVENTS) {
        const entries = Array.from({ length: 10 }, (_, i) => ({
          Source: 'crash.test',
          DetailType: 'Tick',
          Detail: JSON.stringify({ n: -1 - i }),
        }));
        const out = await events.send(new PutEventsCommand({ Entries: entries }));
        for (const e of out.Entries ?? []) if (e.EventId) accepted.add(e.EventId);
      }
    });
    await Promise.all(after);

    const deadline = Date.now() + 60_000;
    let missing = Number.POSITIVE_INFINITY;
    while (Date.now() < deadline) {
      const seen = arrivals();
      missing = [...accepted].filter((id) => !seen.first.has(id) || !seen.second.has(id)).length;
      if (missing === 0) break;
      await sleep(250);
    }
    events.destroy();
    expect({ accepted: accepted.size, missing }).toEqual({ accepted: accepted.size, missing: 0 });
    expect(accepted.size).toBeGreaterThanOrEqual(EVENTS);
  });
});
