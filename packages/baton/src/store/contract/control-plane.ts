/**
 * Contract: state machines, versions, aliases, activities and tags (StateMachineStore,
 * ActivityStore, TagStore in port.ts).
 */
import { describe, expect, it } from 'vitest';
import { activity, alias, arns, REGION, start, stateMachine, T0, versionOf } from './fixtures.js';
import { allPages, type StoreContext } from './harness.js';

/** Names whose code point order differs from case-insensitive and locale orders. */
const NAMES = ['beta', 'Été', 'Beta', 'alpha', '_x', 'Z9', 'a-b', 'a'];
const NAMES_IN_ARN_ORDER = ['Beta', 'Z9', '_x', 'a', 'a-b', 'alpha', 'beta', 'Été'];

export function describeControlPlane(ctx: StoreContext): void {
  describe('state machines', () => {
    it('create stores the record as given, optional fields included or absent', async () => {
      const full = stateMachine('Full', {
        description: 'all the optional fields',
        loggingConfiguration: { level: 'ALL', includeExecutionData: true, destinations: [] },
        tracingConfiguration: { enabled: true },
      });
      const bare = stateMachine('Bare', { type: 'EXPRESS' });
      expect(await ctx.store.stateMachines.create(full)).toEqual({ kind: 'created' });
      expect(await ctx.store.stateMachines.create(bare)).toEqual({ kind: 'created' });
      expect(await ctx.store.stateMachines.get(full.arn)).toStrictEqual(full);
      expect(await ctx.store.stateMachines.get(bare.arn)).toStrictEqual(bare);
    });

    it('create of a taken ARN reports alreadyExists with the stored record and changes nothing', async () => {
      const first = stateMachine('M');
      await ctx.store.stateMachines.create(first);
      const second = stateMachine('M', { definition: '{}', revisionId: 'other', updatedAt: T0 + 1 });
      expect(await ctx.store.stateMachines.create(second)).toStrictEqual({ kind: 'alreadyExists', existing: first });
      expect(await ctx.store.stateMachines.get(first.arn)).toStrictEqual(first);
    });

    it('get of an unknown ARN is undefined', async () => {
      await ctx.store.stateMachines.create(stateMachine('M'));
      expect(await ctx.store.stateMachines.get(arns.machine('N'))).toBeUndefined();
    });

    it('list orders by ARN (code point order) and pages with a cursor until the last page', async () => {
      for (const name of NAMES) await ctx.store.stateMachines.create(stateMachine(name));
      const pages = await allPages((p) => ctx.store.stateMachines.list(arns.machinePrefix(), p), 3);
      expect(pages.map((p) => p.items.map((m) => m.name))).toEqual([
        NAMES_IN_ARN_ORDER.slice(0, 3),
        NAMES_IN_ARN_ORDER.slice(3, 6),
        NAMES_IN_ARN_ORDER.slice(6),
      ]);
      expect(pages.map((p) => p.next === undefined)).toEqual([false, false, true]);
      expect(pages[0]!.items[0]).toStrictEqual(stateMachine('Beta'));
    });

    it('a page that ends the list exactly carries no cursor', async () => {
      for (const name of ['a', 'b', 'c', 'd']) await ctx.store.stateMachines.create(stateMachine(name));
      const two = await allPages((p) => ctx.store.stateMachines.list(arns.machinePrefix(), p), 2);
      expect(two.map((p) => p.items.length)).toEqual([2, 2]);
      expect(two[1]!.next).toBeUndefined();
      for (const limit of [4, 5]) {
        const one = await ctx.store.stateMachines.list(arns.machinePrefix(), { limit });
        expect(one.items).toHaveLength(4);
        expect(one.next).toBeUndefined();
      }
      expect(await ctx.store.stateMachines.list(arns.machinePrefix('eu-west-1'), { limit: 10 })).toEqual({
        items: [],
      });
    });

    it('list returns only the ARNs under the prefix (region, account, resource kind)', async () => {
      const mine = stateMachine('Mine');
      const others = [
        stateMachine('West', { arn: arns.machine('West', 'us-west-2') }),
        stateMachine('Ten', { arn: arns.machine('Ten', 'us-east-10') }),
        stateMachine('Other', { arn: arns.machine('Other', REGION, '210987654321') }),
        stateMachine('Later', { arn: arns.machine('Later', REGION, '123456789013') }),
      ];
      for (const m of [...others, mine]) await ctx.store.stateMachines.create(m);
      await ctx.store.activities.create(activity('Mine'));
      const page = await ctx.store.stateMachines.list(arns.machinePrefix(), { limit: 10 });
      expect(page).toStrictEqual({ items: [mine] });
      const west = await ctx.store.stateMachines.list(arns.machinePrefix('us-west-2'), { limit: 10 });
      expect(west.items.map((m) => m.name)).toEqual(['West']);
    });

    it('update replaces an existing record and reports false (creating nothing) for an unknown one', async () => {
      const m = stateMachine('M');
      await ctx.store.stateMachines.create(m);
      const changed = stateMachine('M', { definition: '{"changed":true}', revisionId: 'r2', description: 'd' });
      expect(await ctx.store.stateMachines.update(changed)).toBe(true);
      expect(await ctx.store.stateMachines.get(m.arn)).toStrictEqual(changed);
      expect(await ctx.store.stateMachines.update(stateMachine('Ghost'))).toBe(false);
      expect(await ctx.store.stateMachines.get(arns.machine('Ghost'))).toBeUndefined();
    });

    it('delete removes the machine with its versions, aliases and their tags; other machines and executions stay', async () => {
      const s = ctx.store;
      const m = stateMachine('M');
      const m2 = stateMachine('M2');
      for (const machine of [m, m2]) {
        await s.stateMachines.create(machine);
        await s.stateMachines.publishVersion(versionOf(machine));
        await s.stateMachines.createAlias(alias(machine.arn, 'live'));
        for (const arn of [machine.arn, `${machine.arn}:1`, `${machine.arn}:live`]) await s.tags.put(arn, { k: arn });
      }
      await s.executions.commit([start({ machine: m.arn, name: 'e1' })]);

      await s.stateMachines.delete(m.arn);

      expect(await s.stateMachines.get(m.arn)).toBeUndefined();
      expect(await s.stateMachines.getVersion(`${m.arn}:1`)).toBeUndefined();
      expect(await s.stateMachines.listVersions(m.arn, { limit: 10 })).toEqual({ items: [] });
      expect(await s.stateMachines.getAlias(`${m.arn}:live`)).toBeUndefined();
      expect(await s.stateMachines.listAliases(m.arn, { limit: 10 })).toEqual({ items: [] });
      for (const arn of [m.arn, `${m.arn}:1`, `${m.arn}:live`]) expect(await s.tags.list(arn)).toEqual({});

      expect(await s.stateMachines.get(m2.arn)).toStrictEqual(m2);
      expect((await s.stateMachines.getVersion(`${m2.arn}:1`))?.version).toBe(1);
      expect((await s.stateMachines.getAlias(`${m2.arn}:live`))?.name).toBe('live');
      for (const arn of [m2.arn, `${m2.arn}:1`, `${m2.arn}:live`]) expect(await s.tags.list(arn)).toEqual({ k: arn });
      expect((await s.executions.get(arns.execution(m.arn, 'e1')))?.name).toBe('e1');
    });

    it('delete of an unknown machine changes nothing', async () => {
      const m = stateMachine('M');
      await ctx.store.stateMachines.create(m);
      await ctx.store.stateMachines.delete(arns.machine('Ghost'));
      expect(await ctx.store.stateMachines.list(arns.machinePrefix(), { limit: 10 })).toStrictEqual({ items: [m] });
    });
  });

  describe('state machine versions', () => {
    it('publishVersion numbers versions 1, 2, … per machine and stores each record', async () => {
      const m = stateMachine('M');
      const m2 = stateMachine('M2');
      const v1 = await ctx.store.stateMachines.publishVersion(versionOf(m, { description: 'first' }));
      const v2 = await ctx.store.stateMachines.publishVersion(versionOf(m, { revisionId: 'r2' }));
      const other = await ctx.store.stateMachines.publishVersion(versionOf(m2));
      expect(v1).toStrictEqual({ ...versionOf(m, { description: 'first' }), version: 1, arn: `${m.arn}:1` });
      expect(v2).toMatchObject({ version: 2, arn: `${m.arn}:2`, revisionId: 'r2' });
      expect(other).toMatchObject({ version: 1, arn: `${m2.arn}:1` });
      expect(await ctx.store.stateMachines.getVersion(v1.arn)).toStrictEqual(v1);
      expect(await ctx.store.stateMachines.getVersion(v2.arn)).toStrictEqual(v2);
      expect(await ctx.store.stateMachines.getVersion(`${m.arn}:3`)).toBeUndefined();
    });

    it('version numbers are never reused: not after deleteVersion, nor after the machine is deleted and re-created', async () => {
      // Executions outlive their machine and keep their version ARN: a reused number would point it elsewhere.
      const m = stateMachine('M');
      await ctx.store.stateMachines.create(m);
      await ctx.store.stateMachines.publishVersion(versionOf(m));
      const v2 = await ctx.store.stateMachines.publishVersion(versionOf(m));
      await ctx.store.stateMachines.deleteVersion(v2.arn);
      expect((await ctx.store.stateMachines.publishVersion(versionOf(m))).version).toBe(3);
      await ctx.store.stateMachines.delete(m.arn);
      await ctx.store.stateMachines.create(m);
      expect((await ctx.store.stateMachines.publishVersion(versionOf(m))).version).toBe(4);
    });

    it('concurrent publishes receive distinct consecutive numbers', async () => {
      const m = stateMachine('M');
      const published = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          ctx.store.stateMachines.publishVersion(versionOf(m, { revisionId: `r${i}` })),
        ),
      );
      expect(published.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const listed = await ctx.store.stateMachines.listVersions(m.arn, { limit: 100 });
      expect(listed.items.map((v) => v.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
      for (const v of published) expect(listed.items.find((l) => l.version === v.version)).toStrictEqual(v);
    });

    it('listVersions is newest first, pages with a cursor and lists one machine only', async () => {
      const m = stateMachine('M');
      for (let i = 0; i < 5; i++) await ctx.store.stateMachines.publishVersion(versionOf(m));
      await ctx.store.stateMachines.publishVersion(versionOf(stateMachine('M2')));
      await ctx.store.stateMachines.deleteVersion(`${m.arn}:3`);
      const pages = await allPages((p) => ctx.store.stateMachines.listVersions(m.arn, p), 2);
      expect(pages.map((p) => p.items.map((v) => v.version))).toEqual([
        [5, 4],
        [2, 1],
      ]);
      expect(pages[0]!.next).toBeDefined();
      expect(pages[1]!.next).toBeUndefined();
      expect(pages[1]!.items[1]).toStrictEqual({ ...versionOf(m), version: 1, arn: `${m.arn}:1` });
    });

    it('deleteVersion removes that version and its tags only', async () => {
      const m = stateMachine('M');
      const v1 = await ctx.store.stateMachines.publishVersion(versionOf(m));
      const v2 = await ctx.store.stateMachines.publishVersion(versionOf(m));
      await ctx.store.tags.put(v1.arn, { a: '1' });
      await ctx.store.tags.put(v2.arn, { b: '2' });
      await ctx.store.stateMachines.deleteVersion(v1.arn);
      expect(await ctx.store.stateMachines.getVersion(v1.arn)).toBeUndefined();
      expect(await ctx.store.tags.list(v1.arn)).toEqual({});
      expect(await ctx.store.stateMachines.getVersion(v2.arn)).toStrictEqual(v2);
      expect(await ctx.store.tags.list(v2.arn)).toEqual({ b: '2' });
    });
  });

  describe('aliases', () => {
    it('createAlias stores the record; a taken ARN reports alreadyExists with the stored one', async () => {
      const m = arns.machine('M');
      const live = alias(m, 'live', {
        description: 'canary',
        routingConfiguration: [
          { stateMachineVersionArn: `${m}:2`, weight: 90 },
          { stateMachineVersionArn: `${m}:1`, weight: 10 },
        ],
      });
      expect(await ctx.store.stateMachines.createAlias(live)).toEqual({ kind: 'created' });
      expect(await ctx.store.stateMachines.createAlias(alias(m, 'live', { updatedAt: T0 + 9 }))).toStrictEqual({
        kind: 'alreadyExists',
        existing: live,
      });
      expect(await ctx.store.stateMachines.getAlias(live.arn)).toStrictEqual(live);
      expect(await ctx.store.stateMachines.getAlias(`${m}:dead`)).toBeUndefined();
    });

    it('listAliases orders by ARN, pages, and lists one machine only', async () => {
      const m = arns.machine('M');
      for (const name of ['b', 'C', 'a', 'd']) await ctx.store.stateMachines.createAlias(alias(m, name));
      await ctx.store.stateMachines.createAlias(alias(arns.machine('M2'), 'a'));
      await ctx.store.stateMachines.createAlias(alias(arns.machine('L'), 'z'));
      const pages = await allPages((p) => ctx.store.stateMachines.listAliases(m, p), 3);
      expect(pages.map((p) => p.items.map((a) => a.name))).toEqual([['C', 'a', 'b'], ['d']]);
      expect(pages[0]!.items[1]).toStrictEqual(alias(m, 'a'));
    });

    it('updateAlias replaces an existing alias and reports false (creating nothing) for an unknown one', async () => {
      const m = arns.machine('M');
      await ctx.store.stateMachines.createAlias(alias(m, 'live'));
      const moved = alias(m, 'live', {
        routingConfiguration: [{ stateMachineVersionArn: `${m}:7`, weight: 100 }],
        updatedAt: T0 + 1,
      });
      expect(await ctx.store.stateMachines.updateAlias(moved)).toBe(true);
      expect(await ctx.store.stateMachines.getAlias(moved.arn)).toStrictEqual(moved);
      expect(await ctx.store.stateMachines.updateAlias(alias(m, 'ghost'))).toBe(false);
      expect(await ctx.store.stateMachines.getAlias(`${m}:ghost`)).toBeUndefined();
    });

    it('deleteAlias removes the alias and its tags only', async () => {
      const m = arns.machine('M');
      await ctx.store.stateMachines.createAlias(alias(m, 'a'));
      await ctx.store.stateMachines.createAlias(alias(m, 'b'));
      await ctx.store.tags.put(`${m}:a`, { t: 'a' });
      await ctx.store.tags.put(`${m}:b`, { t: 'b' });
      await ctx.store.stateMachines.deleteAlias(`${m}:a`);
      expect(await ctx.store.stateMachines.getAlias(`${m}:a`)).toBeUndefined();
      expect(await ctx.store.tags.list(`${m}:a`)).toEqual({});
      expect(await ctx.store.stateMachines.listAliases(m, { limit: 10 })).toStrictEqual({ items: [alias(m, 'b')] });
      expect(await ctx.store.tags.list(`${m}:b`)).toEqual({ t: 'b' });
    });
  });

  describe('activities', () => {
    it('create stores the record; a taken ARN reports alreadyExists with the stored one', async () => {
      const a = activity('A');
      expect(await ctx.store.activities.create(a)).toEqual({ kind: 'created' });
      expect(await ctx.store.activities.create(activity('A', { createdAt: T0 + 1 }))).toStrictEqual({
        kind: 'alreadyExists',
        existing: a,
      });
      expect(await ctx.store.activities.get(a.arn)).toStrictEqual(a);
      expect(await ctx.store.activities.get(arns.activity('B'))).toBeUndefined();
    });

    it('list orders by ARN, pages, and returns only the ARNs under the prefix', async () => {
      for (const name of NAMES) await ctx.store.activities.create(activity(name));
      await ctx.store.activities.create(activity('West', { arn: arns.activity('West', 'us-west-2') }));
      await ctx.store.stateMachines.create(stateMachine('Machine'));
      const pages = await allPages((p) => ctx.store.activities.list(arns.activityPrefix(), p), 5);
      expect(pages.map((p) => p.items.map((a) => a.name))).toEqual([
        NAMES_IN_ARN_ORDER.slice(0, 5),
        NAMES_IN_ARN_ORDER.slice(5),
      ]);
      expect(pages[1]!.next).toBeUndefined();
      expect(pages[0]!.items[0]).toStrictEqual(activity('Beta'));
    });

    it('delete removes the activity and its tags only', async () => {
      await ctx.store.activities.create(activity('A'));
      await ctx.store.activities.create(activity('B'));
      await ctx.store.tags.put(arns.activity('A'), { x: '1' });
      await ctx.store.tags.put(arns.activity('B'), { y: '2' });
      await ctx.store.activities.delete(arns.activity('A'));
      expect(await ctx.store.activities.get(arns.activity('A'))).toBeUndefined();
      expect(await ctx.store.tags.list(arns.activity('A'))).toEqual({});
      expect(await ctx.store.activities.get(arns.activity('B'))).toStrictEqual(activity('B'));
      expect(await ctx.store.tags.list(arns.activity('B'))).toEqual({ y: '2' });
    });
  });

  describe('tags', () => {
    it('put adds and overwrites, keeping the other tags; each resource has its own', async () => {
      const a = arns.machine('A');
      const b = arns.machine('B');
      expect(await ctx.store.tags.list(a)).toEqual({});
      await ctx.store.tags.put(a, { env: 'dev', team: 'core' });
      await ctx.store.tags.put(b, { env: 'prod' });
      await ctx.store.tags.put(a, { env: 'test', owner: 'ünïcode 😀' });
      await ctx.store.tags.put(a, {});
      expect(await ctx.store.tags.list(a)).toEqual({ env: 'test', team: 'core', owner: 'ünïcode 😀' });
      expect(await ctx.store.tags.list(b)).toEqual({ env: 'prod' });
    });

    it('remove deletes the given keys of one resource; unknown keys are ignored', async () => {
      const a = arns.machine('A');
      const b = arns.machine('B');
      await ctx.store.tags.put(a, { x: '1', y: '2', z: '3' });
      await ctx.store.tags.put(b, { x: '1' });
      await ctx.store.tags.remove(a, ['x', 'z', 'missing']);
      expect(await ctx.store.tags.list(a)).toEqual({ y: '2' });
      expect(await ctx.store.tags.list(b)).toEqual({ x: '1' });
      await ctx.store.tags.remove(a, []);
      expect(await ctx.store.tags.list(a)).toEqual({ y: '2' });
    });

    it('values are stored as given', async () => {
      const a = arns.machine('A');
      const value = '"quoted" \\ back\'slash, ünïcode 😀 '.repeat(6);
      await ctx.store.tags.put(a, { long: value, empty: '' });
      expect(await ctx.store.tags.list(a)).toEqual({ long: value, empty: '' });
    });
  });
}
