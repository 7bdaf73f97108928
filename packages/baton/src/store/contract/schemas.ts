/**
 * Contract: the schema registry (SchemaStore in port.ts). Both adapters keep registries,
 * schemas, versions and discoverers with their paging; create a schema only in an existing
 * registry, with its first version, atomically; add versions only under the optimistic
 * last-version check; never delete a schema's only version; search names and contents; and
 * remove what a registry, schema or discoverer owns (versions, tags) with it.
 */
import { describe, expect, it } from 'vitest';
import type { SchemaDiscovererRecord, SchemaRecord, SchemaRegistryRecord, SchemaVersionRecord } from '../port.js';
import { T0 } from './fixtures.js';
import { allPages, type StoreContext } from './harness.js';

const PREFIX = 'arn:aws:schemas:us-east-1:123456789012:';
const REGISTRY = (name: string) => `${PREFIX}registry/${name}`;
const SCHEMA = (registry: string, name: string) => `${PREFIX}schema/${registry}/${name}`;
const DISCOVERER = (id: string) => `${PREFIX}discoverer/${id}`;
const BUS = (name: string) => `arn:aws:events:us-east-1:123456789012:event-bus/${name}`;

function registry(name: string, overrides: Partial<SchemaRegistryRecord> = {}): SchemaRegistryRecord {
  return { arn: REGISTRY(name), name, createdAt: T0, ...overrides };
}

function schema(registryName: string, name: string, overrides: Partial<SchemaRecord> = {}): SchemaRecord {
  return {
    arn: SCHEMA(registryName, name),
    registryArn: REGISTRY(registryName),
    name,
    createdAt: T0,
    lastModified: T0,
    lastVersion: 1,
    ...overrides,
  };
}

function version(schemaArn: string, n: number, content = `{"type":"object","title":"v${n}"}`): SchemaVersionRecord {
  return { schemaArn, version: n, type: 'JSONSchemaDraft4', content, createdAt: T0 + n };
}

function discoverer(bus: string, overrides: Partial<SchemaDiscovererRecord> = {}): SchemaDiscovererRecord {
  const id = `events-event-bus-${bus}`;
  return {
    arn: DISCOVERER(id),
    id,
    sourceArn: BUS(bus),
    state: 'STARTED',
    crossAccount: true,
    createdAt: T0,
    ...overrides,
  };
}

export function describeSchemas(ctx: StoreContext): void {
  const s = () => ctx.store.schemas;

  describe('schema registries', () => {
    it('creates, reads, lists by prefix with paging, updates and deletes registries', async () => {
      expect(await s().createRegistry(registry('orders'))).toEqual({ kind: 'created' });
      await s().createRegistry(registry('ops', { description: 'd' }));
      await s().createRegistry(registry('billing'));
      expect(await s().createRegistry(registry('orders', { description: 'x' }))).toEqual({
        kind: 'alreadyExists',
        existing: registry('orders'),
      });
      expect(await s().getRegistry(REGISTRY('ops'))).toEqual(registry('ops', { description: 'd' }));
      const pages = await allPages((p) => s().listRegistries(`${PREFIX}registry/`, p), 2);
      expect(pages.map((p) => p.items.map((r) => r.name))).toEqual([['billing', 'ops'], ['orders']]);
      expect((await s().listRegistries(`${PREFIX}registry/o`, { limit: 10 })).items.map((r) => r.name)).toEqual([
        'ops',
        'orders',
      ]);
      expect(await s().updateRegistry(registry('ops', { description: 'new' }))).toBe(true);
      expect((await s().getRegistry(REGISTRY('ops')))?.description).toBe('new');
      expect(await s().updateRegistry(registry('missing'))).toBe(false);
      expect(await s().deleteRegistry(REGISTRY('ops'))).toBe(true);
      expect(await s().deleteRegistry(REGISTRY('ops'))).toBe(false);
      expect(await s().getRegistry(REGISTRY('ops'))).toBeUndefined();
    });

    it('deletes a registry with its schemas, their versions and the tags of all of them', async () => {
      await s().createRegistry(registry('r'));
      await s().createRegistry(registry('kept'));
      await s().createSchema(schema('r', 'a'), version(SCHEMA('r', 'a'), 1));
      await s().createSchema(schema('kept', 'a'), version(SCHEMA('kept', 'a'), 1));
      await ctx.store.tags.put(REGISTRY('r'), { team: 'x' });
      await ctx.store.tags.put(SCHEMA('r', 'a'), { team: 'y' });
      await ctx.store.tags.put(SCHEMA('kept', 'a'), { team: 'z' });
      expect(await s().deleteRegistry(REGISTRY('r'))).toBe(true);
      expect(await s().getSchema(SCHEMA('r', 'a'))).toBeUndefined();
      expect(await s().getSchemaVersion(SCHEMA('r', 'a'))).toBeUndefined();
      expect(await ctx.store.tags.list(REGISTRY('r'))).toEqual({});
      expect(await ctx.store.tags.list(SCHEMA('r', 'a'))).toEqual({});
      expect(await ctx.store.tags.list(SCHEMA('kept', 'a'))).toEqual({ team: 'z' });
      expect(await s().getSchemaVersion(SCHEMA('kept', 'a'))).toEqual(version(SCHEMA('kept', 'a'), 1));
    });
  });

  describe('schemas and versions', () => {
    it('creates a schema with its first version only in an existing registry, once', async () => {
      const arn = SCHEMA('r', 'Order');
      expect(await s().createSchema(schema('r', 'Order'), version(arn, 1))).toBe('registryNotFound');
      expect(await s().getSchema(arn)).toBeUndefined();
      await s().createRegistry(registry('r'));
      expect(await s().createSchema(schema('r', 'Order', { description: 'd' }), version(arn, 1))).toBe('created');
      expect(await s().createSchema(schema('r', 'Order'), version(arn, 1, '{}'))).toBe('alreadyExists');
      expect(await s().getSchema(arn)).toEqual(schema('r', 'Order', { description: 'd' }));
      expect(await s().getSchemaVersion(arn)).toEqual(version(arn, 1));
      expect(await s().getSchemaVersion(arn, 1)).toEqual(version(arn, 1));
      expect(await s().getSchemaVersion(arn, 2)).toBeUndefined();
    });

    it('adds versions under the optimistic last-version check, keeping the client token', async () => {
      await s().createRegistry(registry('r'));
      const arn = SCHEMA('r', 'Order');
      await s().createSchema(schema('r', 'Order'), version(arn, 1));
      const v2 = { ...version(arn, 2), clientToken: 'token-2' };
      const next = schema('r', 'Order', { lastVersion: 2, lastModified: T0 + 2, description: 'two' });
      expect(await s().updateSchema(next, 1, v2)).toBe('updated');
      // A second writer that read lastVersion 1 loses, and writes nothing.
      expect(await s().updateSchema(schema('r', 'Order', { lastVersion: 2 }), 1, version(arn, 2, '{}'))).toBe(
        'conflict',
      );
      expect(await s().getSchema(arn)).toEqual(next);
      expect(await s().getSchemaVersion(arn)).toEqual(v2);
      // A record-only change (no new version) passes the same check.
      expect(await s().updateSchema({ ...next, description: 'three' }, 2)).toBe('updated');
      expect((await s().getSchema(arn))?.description).toBe('three');
      expect(await s().updateSchema(schema('r', 'Gone'), 1)).toBe('conflict');
    });

    it('lists versions in order with paging and never deletes the only one', async () => {
      await s().createRegistry(registry('r'));
      const arn = SCHEMA('r', 'Order');
      await s().createSchema(schema('r', 'Order'), version(arn, 1));
      for (const n of [2, 3]) await s().updateSchema(schema('r', 'Order', { lastVersion: n }), n - 1, version(arn, n));
      const pages = await allPages((p) => s().listSchemaVersions(arn, p), 2);
      expect(pages.map((p) => p.items.map((v) => v.version))).toEqual([[1, 2], [3]]);
      expect(await s().deleteSchemaVersion(arn, 3)).toBe('deleted');
      expect(await s().deleteSchemaVersion(arn, 3)).toBe('notFound');
      // The highest remaining version is the latest now; numbers are not reused (lastVersion stays 3).
      expect((await s().getSchemaVersion(arn))?.version).toBe(2);
      expect((await s().getSchema(arn))?.lastVersion).toBe(3);
      expect(await s().deleteSchemaVersion(arn, 1)).toBe('deleted');
      expect(await s().deleteSchemaVersion(arn, 2)).toBe('onlyVersion');
      expect((await s().listSchemaVersions(arn, { limit: 10 })).items.map((v) => v.version)).toEqual([2]);
    });

    it('lists schemas by name prefix with their version counts, and searches names and contents', async () => {
      await s().createRegistry(registry('r'));
      await s().createRegistry(registry('other'));
      for (const name of ['shop@OrderPlaced', 'shop@OrderShipped', 'billing@Invoice']) {
        await s().createSchema(schema('r', name), version(SCHEMA('r', name), 1, `{"title":"${name}"}`));
      }
      await s().createSchema(schema('other', 'shop@OrderPlaced'), version(SCHEMA('other', 'shop@OrderPlaced'), 1));
      await s().updateSchema(
        schema('r', 'billing@Invoice', { lastVersion: 2 }),
        1,
        version(SCHEMA('r', 'billing@Invoice'), 2, '{"properties":{"customerId":{"type":"string"}}}'),
      );
      const pages = await allPages((p) => s().listSchemas(REGISTRY('r'), '', p), 2);
      expect(pages.map((p) => p.items.map((x) => [x.name, x.versionCount]))).toEqual([
        [
          ['billing@Invoice', 2],
          ['shop@OrderPlaced', 1],
        ],
        [['shop@OrderShipped', 1]],
      ]);
      expect((await s().listSchemas(REGISTRY('r'), 'shop@', { limit: 10 })).items.map((x) => x.name)).toEqual([
        'shop@OrderPlaced',
        'shop@OrderShipped',
      ]);
      const names = async (keyword: string) =>
        (await allPages((p) => s().searchSchemas(REGISTRY('r'), keyword, p), 1)).flatMap((p) =>
          p.items.map((x) => x.name),
        );
      expect(await names('order')).toEqual(['shop@OrderPlaced', 'shop@OrderShipped']);
      expect(await names('CUSTOMERID')).toEqual(['billing@Invoice']);
      // LIKE's wildcards in a keyword are plain characters.
      expect(await names('%')).toEqual([]);
      expect(await names('_')).toEqual([]);
    });

    it('gives the latest version of every schema of a registry, and deletes a schema with its versions and tags', async () => {
      await s().createRegistry(registry('r'));
      const [a, b] = [SCHEMA('r', 'a'), SCHEMA('r', 'b')];
      await s().createSchema(schema('r', 'a'), version(a, 1));
      await s().createSchema(schema('r', 'b'), version(b, 1));
      await s().updateSchema(schema('r', 'b', { lastVersion: 2 }), 1, version(b, 2));
      expect(await s().latestVersions(REGISTRY('r'))).toEqual([version(a, 1), version(b, 2)]);
      await ctx.store.tags.put(b, { k: 'v' });
      expect(await s().deleteSchema(b)).toBe(true);
      expect(await s().deleteSchema(b)).toBe(false);
      expect(await s().getSchemaVersion(b, 1)).toBeUndefined();
      expect(await ctx.store.tags.list(b)).toEqual({});
      expect(await s().latestVersions(REGISTRY('r'))).toEqual([version(a, 1)]);
    });
  });

  describe('discoverers', () => {
    it('creates, reads, lists by id and source prefix with paging, updates and deletes discoverers with their tags', async () => {
      expect(await s().createDiscoverer(discoverer('default'))).toEqual({ kind: 'created' });
      await s().createDiscoverer(discoverer('orders'));
      await s().createDiscoverer(discoverer('ops', { description: 'd', state: 'STOPPED' }));
      expect(await s().createDiscoverer(discoverer('orders', { description: 'x' }))).toEqual({
        kind: 'alreadyExists',
        existing: discoverer('orders'),
      });
      const all = await allPages((p) => s().listDiscoverers(`${PREFIX}discoverer/`, '', p), 2);
      expect(all.map((p) => p.items.map((d) => d.id))).toEqual([
        ['events-event-bus-default', 'events-event-bus-ops'],
        ['events-event-bus-orders'],
      ]);
      const bySource = await s().listDiscoverers(`${PREFIX}discoverer/`, BUS('o'), { limit: 10 });
      expect(bySource.items.map((d) => d.id)).toEqual(['events-event-bus-ops', 'events-event-bus-orders']);
      const byId = await s().listDiscoverers(`${PREFIX}discoverer/events-event-bus-d`, '', { limit: 10 });
      expect(byId.items.map((d) => d.id)).toEqual(['events-event-bus-default']);
      const stopped = discoverer('orders', { state: 'STOPPED' });
      expect(await s().updateDiscoverer(stopped)).toBe(true);
      expect(await s().getDiscoverer(stopped.arn)).toEqual(stopped);
      await ctx.store.tags.put(stopped.arn, { k: 'v' });
      expect(await s().deleteDiscoverer(stopped.arn)).toBe(true);
      expect(await s().deleteDiscoverer(stopped.arn)).toBe(false);
      expect(await s().getDiscoverer(stopped.arn)).toBeUndefined();
      expect(await ctx.store.tags.list(stopped.arn)).toEqual({});
      expect(await s().updateDiscoverer(stopped)).toBe(false);
    });
  });
}
