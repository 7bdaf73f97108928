/**
 * Contract: event buses (BusStore in port.ts). Both adapters keep bus, rule and target records
 * with their paging, refuse to delete a rule that has targets and to exceed the target limit
 * (atomically), version each bus's rule set, and run the delivery outbox: enqueue with completion
 * in one transaction, claims that never overlap and lease rows until a time, retries that only
 * the current lease may make.
 */
import { describe, expect, it } from 'vitest';
import type { EventBusRecord, EventRuleRecord, EventTargetRecord, NewEventDelivery } from '../port.js';
import { T0 } from './fixtures.js';
import { allPages, type StoreContext } from './harness.js';

const PREFIX = 'arn:aws:events:us-east-1:123456789012:';
const BUS = (name: string) => `${PREFIX}event-bus/${name}`;
const RULE = (bus: string, name: string) =>
  bus === 'default' ? `${PREFIX}rule/${name}` : `${PREFIX}rule/${bus}/${name}`;

function bus(name: string, overrides: Partial<EventBusRecord> = {}): EventBusRecord {
  return { arn: BUS(name), name, createdAt: T0, lastModifiedAt: T0, ...overrides };
}

function rule(busName: string, name: string, overrides: Partial<EventRuleRecord> = {}): EventRuleRecord {
  return {
    arn: RULE(busName, name),
    name,
    busArn: BUS(busName),
    eventPattern: '{"source":["a"]}',
    state: 'ENABLED',
    createdAt: T0,
    ...overrides,
  };
}

function target(ruleArn: string, id: string, arn = `arn:aws:lambda:us-east-1:123456789012:function:${id}`) {
  return { ruleArn, id, arn, target: { Id: id, Arn: arn } } satisfies EventTargetRecord;
}

let seq = 0;
function delivery(overrides: Partial<NewEventDelivery> = {}): NewEventDelivery {
  seq++;
  return {
    id: `d-${String(seq).padStart(6, '0')}`,
    ruleArn: RULE('default', 'r'),
    targetId: 't',
    target: { Id: 't', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:f' },
    event: `{"id":"${seq}","detail":{"n":1.50}}`,
    ingestedAt: T0,
    dueAt: T0,
    ...overrides,
  };
}

export function describeBus(ctx: StoreContext): void {
  const s = () => ctx.store.bus;

  describe('event buses', () => {
    it('creates, reads, lists by prefix with paging and deletes buses with their rules and targets', async () => {
      expect(await s().createBus(bus('default'))).toEqual({ kind: 'created' });
      await s().createBus(bus('orders'));
      await s().createBus(bus('ops', { description: 'd' }));
      expect(await s().createBus(bus('orders', { description: 'x' }))).toEqual({
        kind: 'alreadyExists',
        existing: bus('orders'),
      });
      expect(await s().getBus(BUS('ops'))).toEqual(bus('ops', { description: 'd' }));
      const pages = await allPages((p) => s().listBuses(`${PREFIX}event-bus/`, p), 2);
      expect(pages.map((p) => p.items.map((b) => b.name))).toEqual([['default', 'ops'], ['orders']]);
      expect((await s().listBuses(`${PREFIX}event-bus/o`, { limit: 10 })).items.map((b) => b.name)).toEqual([
        'ops',
        'orders',
      ]);
      await s().putRule(rule('orders', 'r1'));
      expect(await s().putTargets(RULE('orders', 'r1'), [target(RULE('orders', 'r1'), 't1')], 5)).toBe('stored');
      await s().deleteBus(BUS('orders'));
      expect(await s().getBus(BUS('orders'))).toBeUndefined();
      expect(await s().getRule(RULE('orders', 'r1'))).toBeUndefined();
      expect((await s().listTargets(RULE('orders', 'r1'), { limit: 10 })).items).toEqual([]);
    });

    it('keeps rules per bus, lists them by name prefix with paging, and versions every change', async () => {
      await s().createBus(bus('default'));
      await s().createBus(bus('other'));
      const v0 = (await s().versions())[BUS('default')]!;
      for (const name of ['b', 'a', 'ab', 'c']) await s().putRule(rule('default', name));
      await s().putRule(rule('other', 'a'));
      const v1 = (await s().versions())[BUS('default')]!;
      expect(v1).toBeGreaterThan(v0);
      const pages = await allPages((p) => s().listRules(BUS('default'), '', p), 3);
      expect(pages.map((p) => p.items.map((r) => r.name))).toEqual([['a', 'ab', 'b'], ['c']]);
      expect((await s().listRules(BUS('default'), 'a', { limit: 10 })).items.map((r) => r.name)).toEqual(['a', 'ab']);
      await s().putRule(rule('default', 'a', { state: 'DISABLED' }));
      expect((await s().getRule(RULE('default', 'a')))?.state).toBe('DISABLED');
      expect((await s().versions())[BUS('default')]!).toBeGreaterThan(v1);
    });

    it('refuses to delete a rule with targets and to exceed the target limit, changing nothing', async () => {
      await s().createBus(bus('default'));
      const r = RULE('default', 'r');
      expect(await s().putTargets(r, [target(r, 'x')], 5)).toBe('ruleNotFound');
      await s().putRule(rule('default', 'r'));
      const five = ['t1', 't2', 't3', 't4', 't5'].map((id) => target(r, id));
      expect(await s().putTargets(r, five, 5)).toBe('stored');
      expect(await s().putTargets(r, [target(r, 't6')], 5)).toBe('limitExceeded');
      // Replacing an existing id does not count against the limit.
      expect(await s().putTargets(r, [target(r, 't1', 'arn:aws:sqs:us-east-1:123456789012:q')], 5)).toBe('stored');
      const listed = await allPages((p) => s().listTargets(r, p), 2);
      expect(listed.flatMap((p) => p.items.map((t) => t.id))).toEqual(['t1', 't2', 't3', 't4', 't5']);
      expect(listed[0]!.items[0]!.arn).toBe('arn:aws:sqs:us-east-1:123456789012:q');
      expect(await s().deleteRule(r)).toBe('hasTargets');
      expect(await s().removeTargets(r, ['t1', 'nope', 't2', 't3', 't4', 't5'])).toEqual([
        't1',
        't2',
        't3',
        't4',
        't5',
      ]);
      expect(await s().deleteRule(r)).toBe('deleted');
      expect(await s().deleteRule(r)).toBe('notFound');
    });

    it('finds rules by target ARN and reads a bus rule set with its targets', async () => {
      await s().createBus(bus('default'));
      const fn = 'arn:aws:lambda:us-east-1:123456789012:function:f';
      for (const name of ['r3', 'r1', 'r2']) {
        await s().putRule(rule('default', name));
        await s().putTargets(RULE('default', name), [target(RULE('default', name), 'a', name === 'r2' ? 'x' : fn)], 5);
      }
      const pages = await allPages((p) => s().ruleNamesByTarget(BUS('default'), fn, p), 1);
      expect(pages.flatMap((p) => p.items)).toEqual(['r1', 'r3']);
      const set = await s().ruleSet(BUS('default'));
      expect(set.map((e) => [e.rule.name, e.targets.map((t) => t.arn)])).toEqual([
        ['r1', [fn]],
        ['r2', ['x']],
        ['r3', [fn]],
      ]);
    });
  });

  describe('delivery outbox', () => {
    it('enqueues and completes in one call, and claims due rows earliest first with a lease', async () => {
      const a = delivery({ dueAt: T0 + 5 });
      const b = delivery({ dueAt: T0 });
      const later = delivery({ dueAt: T0 + 60_000 });
      await s().enqueue([a, b, later]);
      expect(await s().pending()).toBe(3);
      expect(await s().nextDue()).toBe(T0);
      const claimed = await s().claim({ now: T0 + 10, leaseUntil: T0 + 10_000, lease: 'L1', limit: 10 });
      expect(claimed.map((d) => d.id).sort()).toEqual([a.id, b.id].sort());
      expect(claimed[0]).toMatchObject({ attempts: 1, lease: 'L1', dueAt: T0 + 10_000 });
      expect(claimed.find((d) => d.id === a.id)?.event).toBe(a.event);
      expect(claimed.find((d) => d.id === a.id)?.target).toEqual(a.target);
      // Leased rows are invisible until the lease ends, then come back.
      expect(await s().claim({ now: T0 + 20, leaseUntil: T0 + 30_000, lease: 'L2', limit: 10 })).toEqual([]);
      const back = await s().claim({ now: T0 + 10_000, leaseUntil: T0 + 40_000, lease: 'L3', limit: 10 });
      expect(back.map((d) => [d.id, d.attempts]).sort()).toEqual(
        [
          [a.id, 2],
          [b.id, 2],
        ].sort(),
      );
      const next = delivery();
      await s().enqueue([next], [a.id, b.id]);
      expect(await s().pending()).toBe(2);
    });

    it('writes pre-leased rows as claimed once, and lets only the current lease retry or extend', async () => {
      const d = delivery({ lease: 'L1', dueAt: T0 + 10_000 });
      await s().enqueue([d]);
      expect(await s().claim({ now: T0, leaseUntil: T0 + 1, lease: 'X', limit: 10 })).toEqual([]);
      await s().extend([d.id], 'L1', T0 + 20_000);
      await s().extend([d.id], 'other', T0 + 1);
      expect(await s().nextDue()).toBe(T0 + 20_000);
      await s().retry([{ id: d.id, lease: 'stale', dueAt: T0, lastError: 'nope' }]);
      expect(await s().nextDue()).toBe(T0 + 20_000);
      await s().retry([{ id: d.id, lease: 'L1', dueAt: T0 + 500, lastError: 'boom' }]);
      const [again] = await s().claim({ now: T0 + 500, leaseUntil: T0 + 9000, lease: 'L2', limit: 1 });
      expect(again).toMatchObject({ id: d.id, attempts: 2, lastError: 'boom', lease: 'L2' });
      await s().complete([d.id]);
      expect(await s().pending()).toBe(0);
      expect(await s().nextDue()).toBeUndefined();
    });

    it('never hands the same row to two concurrent claims', async () => {
      await s().enqueue(Array.from({ length: 60 }, () => delivery()));
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => s().claim({ now: T0, leaseUntil: T0 + 1000, lease: `L${i}`, limit: 15 })),
      );
      const ids = claims.flat().map((d) => d.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(60);
    });
  });
}
