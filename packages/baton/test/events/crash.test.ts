/**
 * Durable delivery under SIGKILL (DESIGN principle 4): events accepted by PutEvents reach every
 * matching target at least once although the server is killed while deliveries are in flight.
 * The built server runs as a child process; a rule fans each event out to two in-process
 * functions that append the event id to a file (which survives the crash); after the restart,
 * every accepted event must be in the file once per target at least.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it } from 'vitest';
import { arrivalLog } from '../support/arrival-log.js';
import { ServerProcess, serverBuilt } from '../support/server-process.js';

const EVENTS = 2000;

const dir = mkdtempSync(join(tmpdir(), 'baton-bus-crash-'));
const targets = arrivalLog(dir, 'event.id', 50);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!serverBuilt)('event delivery survives SIGKILL (run `npm run build` first)', () => {
  const server = new ServerProcess(dir, ['--functions', targets.functions]);

  afterAll(async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers ${EVENTS} accepted events to both targets at least once across a SIGKILL`, {
    timeout: 120_000,
  }, async () => {
    await server.start();
    const events = new EventBridgeClient(server.clientConfig);
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
    expect(targets.missing(accepted)).toBeGreaterThan(0);
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

    const missing = await targets.settle(accepted);
    events.destroy();
    expect({ accepted: accepted.size, missing }).toEqual({ accepted: accepted.size, missing: 0 });
    expect(accepted.size).toBeGreaterThanOrEqual(EVENTS);
  });
});
