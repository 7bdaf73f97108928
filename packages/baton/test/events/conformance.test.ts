/**
 * The AWS-recorded event-pattern corpus (../shared/conformance/events: LocalStack's AWS-validated
 * snapshots and aws/event-ruler's vectors) through TestEventPattern on a running server with the
 * official SDK, judged as the shared runner judges: the result, or AWS's error name and message.
 * SNS filter-policy cases have no EventBridge call; cases whose event lacks the envelope fields
 * TestEventPattern requires are skipped, as by the runner.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventsBaton, startEventsBaton } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const casesDir = resolve(
  process.env.BATON_CONFORMANCE_DIR ?? join(here, '../../../../../shared/conformance'),
  'events/cases',
);

interface EventCase {
  id: string;
  kind: string;
  pattern: unknown;
  event: unknown;
  patternRaw?: string;
  eventRaw?: string;
  envelope?: boolean;
  expected: boolean | { error: string; message?: string };
}

const cases: EventCase[] = existsSync(casesDir)
  ? readdirSync(casesDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((f) => JSON.parse(readFileSync(join(casesDir, f), 'utf8')) as EventCase[])
      .filter((c) => c.kind === 'event-pattern' && c.envelope !== false)
  : [];

const sameError = (name: string, expected: string) =>
  name === expected || name === `${expected}Exception` || `${name}Exception` === expected;

describe.skipIf(cases.length === 0)(`event-pattern corpus through the server (${cases.length} cases)`, () => {
  let t: EventsBaton;
  beforeAll(async () => {
    t = await startEventsBaton();
  });
  afterAll(() => t.close());

  it('answers every case as AWS does', async () => {
    const failures: string[] = [];
    for (const c of cases) {
      const request = new TestEventPatternCommand({
        EventPattern: c.patternRaw ?? JSON.stringify(c.pattern),
        Event: c.eventRaw ?? JSON.stringify(c.event),
      });
      let outcome: { result?: boolean; error?: { name: string; message: string } };
      try {
        outcome = { result: (await t.events.send(request)).Result };
      } catch (e) {
        outcome = { error: { name: (e as Error).name, message: (e as Error).message } };
      }
      const exp = c.expected;
      if (typeof exp === 'boolean') {
        if (outcome.result !== exp) failures.push(`${c.id}: expected ${exp}, got ${JSON.stringify(outcome)}`);
      } else if (!outcome.error || !sameError(outcome.error.name, exp.error)) {
        failures.push(`${c.id}: expected ${exp.error}, got ${JSON.stringify(outcome)}`);
      } else if (exp.message && outcome.error.message.split('\n')[0] !== exp.message) {
        failures.push(`${c.id}: expected message "${exp.message}", got "${outcome.error.message}"`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
