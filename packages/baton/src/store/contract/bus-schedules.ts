/**
 * Contract: scheduled rules (EventScheduleStore in port.ts). Both adapters keep each rule's next
 * fire time, list the due ones earliest first, and fire a due time at most once: the claim of the
 * time and the Scheduled Event's outbox rows commit together, and a fire for a time that moved
 * (another node fired it, the schedule was replaced) writes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { NewEventDelivery } from '../port.js';
import { T0 } from './fixtures.js';
import type { StoreContext } from './harness.js';

const RULE = (name: string) => `arn:aws:events:us-east-1:123456789012:rule/${name}`;

function scheduled(rule: string, id: string, at: number): NewEventDelivery {
  return {
    id,
    ruleArn: rule,
    targetId: 't',
    target: { Id: 't', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
    event: `{"id":"${id}","detail-type":"Scheduled Event","detail":{}}`,
    ingestedAt: at,
    dueAt: at,
  };
}

export function describeEventSchedules(ctx: StoreContext): void {
  const s = () => ctx.store.eventSchedules;

  describe('event schedules', () => {
    it('keeps, replaces and deletes a rule schedule, and lists the due ones earliest first', async () => {
      await s().put({ ruleArn: RULE('b'), expression: 'rate(5 minutes)', nextFireAt: T0 + 300_000 });
      await s().put({ ruleArn: RULE('a'), expression: 'rate(1 minute)', nextFireAt: T0 + 60_000 });
      await s().put({ ruleArn: RULE('never'), expression: 'cron(0 0 1 1 ? 1999)' });
      expect(await s().get(RULE('never'))).toEqual({ ruleArn: RULE('never'), expression: 'cron(0 0 1 1 ? 1999)' });
      expect(await s().due(T0, 10)).toEqual([]);
      expect((await s().due(T0 + 300_000, 10)).map((r) => r.ruleArn)).toEqual([RULE('a'), RULE('b')]);
      expect((await s().due(T0 + 300_000, 1)).map((r) => r.ruleArn)).toEqual([RULE('a')]);
      await s().put({ ruleArn: RULE('a'), expression: 'rate(1 hour)', nextFireAt: T0 + 3_600_000 });
      expect((await s().due(T0 + 300_000, 10)).map((r) => r.ruleArn)).toEqual([RULE('b')]);
      await s().delete(RULE('b'));
      expect(await s().get(RULE('b'))).toBeUndefined();
      expect(await s().due(T0 + 300_000, 10)).toEqual([]);
    });

    it('fires a due time once: the claim and the outbox rows commit together, a stale fire writes nothing', async () => {
      const rule = RULE('tick');
      await s().put({ ruleArn: rule, expression: 'rate(1 minute)', nextFireAt: T0 });
      const first = { ruleArn: rule, due: T0, next: T0 + 60_000, deliveries: [scheduled(rule, 'd1', T0)] };
      const again = { ...first, deliveries: [scheduled(rule, 'd2', T0)] };
      const outcomes = await Promise.all([s().fire(first), s().fire(again)]);
      expect([...outcomes].sort()).toEqual(['fired', 'stale']);
      expect(await ctx.store.bus.pending()).toBe(1);
      expect((await s().get(rule))?.nextFireAt).toBe(T0 + 60_000);
      const claimed = await ctx.store.bus.claim({ now: T0, leaseUntil: T0 + 1000, lease: 'n', limit: 10 });
      expect(claimed.map((d) => [d.id, d.ruleArn, d.attempts])).toEqual([
        [outcomes[0] === 'fired' ? 'd1' : 'd2', rule, 1],
      ]);
    });

    it('fires without deliveries (a disabled rule), ends a schedule with no time left, and finds nothing to fire when gone', async () => {
      const rule = RULE('quiet');
      await s().put({ ruleArn: rule, expression: 'cron(0 0 * * ? 2030)', nextFireAt: T0 });
      expect(await s().fire({ ruleArn: rule, due: T0, deliveries: [] })).toBe('fired');
      expect(await s().get(rule)).toEqual({ ruleArn: rule, expression: 'cron(0 0 * * ? 2030)' });
      expect(await s().due(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
      expect(await ctx.store.bus.pending()).toBe(0);
      await s().delete(rule);
      expect(await s().fire({ ruleArn: rule, due: T0, deliveries: [scheduled(rule, 'x', T0)] })).toBe('stale');
      expect(await ctx.store.bus.pending()).toBe(0);
    });
  });
}
