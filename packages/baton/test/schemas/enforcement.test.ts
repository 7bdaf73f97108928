/**
 * Schema enforcement, a Baton extension (docs/schemas.md): a bus tagged
 * `baton:schema-enforcement=<registry>` refuses, entry by entry, events that do not validate
 * against the latest version of the registry's schema for their source and detail-type (found by
 * the schema's `x-amazon-events-*` annotations, as AWS's schemas carry them). A refused entry
 * gets `ValidationException` naming the failing path; the other entries of the request are
 * accepted and delivered as PutEvents always does (API reference, PutEvents: per-entry results).
 */
import {
  CreateEventBusCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateRegistryCommand, CreateSchemaCommand, UpdateSchemaCommand } from '@aws-sdk/client-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/baton.js';
import { openApiEventSchema, type SchemasBaton, startSchemasBaton } from './support.js';

let t: SchemasBaton;
beforeAll(async () => {
  t = await startSchemasBaton(['strictRec', 'laxRec']);
  await t.schemas.send(new CreateRegistryCommand({ RegistryName: 'contracts' }));
  await t.schemas.send(
    new CreateSchemaCommand({
      RegistryName: 'contracts',
      SchemaName: 'shop@OrderPlaced',
      Type: 'JSONSchemaDraft4',
      Content: orderPlaced(['orderId', 'amount']),
    }),
  );
  await t.schemas.send(
    new CreateSchemaCommand({
      RegistryName: 'contracts',
      SchemaName: 'shop@OrderShipped',
      Type: 'OpenApi3',
      Content: orderShipped,
    }),
  );
  for (const [bus, recorder, tags] of [
    ['strict', 'strictRec', [{ Key: 'baton:schema-enforcement', Value: 'contracts' }]],
    ['lax', 'laxRec', []],
  ] as const) {
    await t.events.send(new CreateEventBusCommand({ Name: bus, Tags: [...tags] }));
    await t.events.send(new PutRuleCommand({ Name: 'all', EventBusName: bus, EventPattern: '{"source":["shop"]}' }));
    await t.events.send(
      new PutTargetsCommand({ Rule: 'all', EventBusName: bus, Targets: [{ Id: 'rec', Arn: t.arn.fn(recorder) }] }),
    );
  }
});
afterAll(async () => {
  await t.close();
});

function orderPlaced(required: string[]): string {
  return JSON.stringify({
    $schema: 'http://json-schema.org/draft-04/schema#',
    'x-amazon-events-source': 'shop',
    'x-amazon-events-detail-type': 'OrderPlaced',
    type: 'object',
    required: ['detail'],
    properties: {
      detail: {
        type: 'object',
        required,
        properties: { orderId: { type: 'string' }, amount: { type: 'number' }, coupon: { type: 'string' } },
      },
    },
  });
}

const orderShipped = openApiEventSchema('shop', 'OrderShipped', {
  type: 'object',
  required: ['carrier'],
  properties: {
    carrier: { type: 'string', nullable: true },
    parcels: { type: 'array', items: { type: 'integer' } },
  },
});

const entry = (bus: string, detailType: string, detail: object): PutEventsRequestEntry => ({
  EventBusName: bus,
  Source: 'shop',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
});

const put = (...entries: PutEventsRequestEntry[]) => t.events.send(new PutEventsCommand({ Entries: entries }));
const received = (recorder: string) => t.received.get(recorder)!.map((e) => (e as { detail: object }).detail);

describe('an enforcing bus', () => {
  it('refuses only the entries that break their schema, naming the failing path, and delivers the rest', async () => {
    const result = await put(
      entry('strict', 'OrderPlaced', { orderId: 'o-1', amount: 10 }),
      entry('strict', 'OrderPlaced', { orderId: 'o-2', amount: 'ten' }),
      entry('strict', 'OrderPlaced', { amount: 3 }),
      // No schema in the registry for this kind: it passes.
      entry('strict', 'OrderCancelled', { anything: true }),
    );
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries?.[0]?.EventId).toBeDefined();
    expect(result.Entries?.[1]).toEqual({
      ErrorCode: 'ValidationException',
      ErrorMessage:
        'Event does not match schema shop@OrderPlaced (version 1, registry contracts): /detail/amount must be number',
    });
    expect(result.Entries?.[2]).toEqual({
      ErrorCode: 'ValidationException',
      ErrorMessage:
        "Event does not match schema shop@OrderPlaced (version 1, registry contracts): /detail must have required property 'orderId'",
    });
    expect(result.Entries?.[3]?.EventId).toBeDefined();
    await eventually(async () => (received('strictRec').length >= 2 ? true : undefined));
    await t.baton.bus.whenIdle();
    expect(received('strictRec')).toEqual([{ orderId: 'o-1', amount: 10 }, { anything: true }]);
  });

  it('validates OpenAPI 3 schemas too (nullable, integer items)', async () => {
    const result = await put(
      entry('strict', 'OrderShipped', { carrier: null, parcels: [1, 2] }),
      entry('strict', 'OrderShipped', { carrier: 'ups', parcels: [1, 2.5] }),
    );
    expect(result.Entries?.[0]?.EventId).toBeDefined();
    expect(result.Entries?.[1]?.ErrorMessage).toBe(
      'Event does not match schema shop@OrderShipped (version 1, registry contracts): /detail/parcels/1 must be integer',
    );
  });

  it('enforces a schema’s latest version as soon as it is updated', async () => {
    const before = await put(entry('strict', 'OrderPlaced', { orderId: 'o-3', amount: 1 }));
    expect(before.FailedEntryCount).toBe(0);
    await t.schemas.send(
      new UpdateSchemaCommand({
        RegistryName: 'contracts',
        SchemaName: 'shop@OrderPlaced',
        Content: orderPlaced(['orderId', 'amount', 'coupon']),
      }),
    );
    const after = await put(entry('strict', 'OrderPlaced', { orderId: 'o-4', amount: 1 }));
    expect(after.Entries?.[0]?.ErrorMessage).toBe(
      "Event does not match schema shop@OrderPlaced (version 2, registry contracts): /detail must have required property 'coupon'",
    );
  });
});

describe('a bus without enforcement', () => {
  it('accepts what the schemas would refuse, until it is tagged (within a second)', async () => {
    const lax = await put(entry('lax', 'OrderPlaced', { orderId: 5, amount: 1, coupon: 'c' }));
    expect(lax.FailedEntryCount).toBe(0);
    await t.events.send(
      new TagResourceCommand({
        ResourceARN: t.arn.bus('lax'),
        Tags: [{ Key: 'baton:schema-enforcement', Value: 'contracts' }],
      }),
    );
    const refused = await eventually(
      async () => {
        const r = await put(entry('lax', 'OrderPlaced', { orderId: 5, amount: 1, coupon: 'c' }));
        return r.FailedEntryCount === 1 ? r : undefined;
      },
      3000,
      100,
    );
    expect(refused.Entries?.[0]?.ErrorMessage).toContain('/detail/orderId must be string');
  });
});
