/**
 * The schema registry on PostgreSQL with two nodes on one database: a schema registered through
 * one node is enforced by the other, and discovery on both nodes merges into one schema whose
 * versions each node extends from what the other wrote (the optimistic last-version check).
 */
import { CreateEventBusCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  CreateDiscovererCommand,
  CreateRegistryCommand,
  CreateSchemaCommand,
  DescribeSchemaCommand,
  ListSchemaVersionsCommand,
} from '@aws-sdk/client-schemas';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnPostgres } from '../support/postgres.js';
import { type SchemasBaton, startSchemasBaton } from './support.js';

await describeOnPostgres('schema registry', (database) => {
  let a: SchemasBaton;
  let b: SchemasBaton;
  beforeAll(async () => {
    a = await startSchemasBaton([], { database });
    b = await startSchemasBaton([], { database });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  const entry = (bus: string, detail: object): PutEventsRequestEntry => ({
    EventBusName: bus,
    Source: 'pg',
    DetailType: 'Order',
    Detail: JSON.stringify(detail),
  });

  it('enforces on one node a schema registered through the other', async () => {
    await a.schemas.send(new CreateRegistryCommand({ RegistryName: 'contracts' }));
    await a.schemas.send(
      new CreateSchemaCommand({
        RegistryName: 'contracts',
        SchemaName: 'pg@Order',
        Type: 'JSONSchemaDraft4',
        Content: JSON.stringify({
          'x-amazon-events-source': 'pg',
          'x-amazon-events-detail-type': 'Order',
          properties: { detail: { required: ['id'] } },
        }),
      }),
    );
    await a.events.send(
      new CreateEventBusCommand({ Name: 'strict', Tags: [{ Key: 'baton:schema-enforcement', Value: 'contracts' }] }),
    );
    const result = await b.events.send(
      new PutEventsCommand({ Entries: [entry('strict', { id: 1 }), entry('strict', { other: 1 })] }),
    );
    expect(result.Entries?.[0]?.EventId).toBeDefined();
    expect(result.Entries?.[1]?.ErrorMessage).toBe(
      "Event does not match schema pg@Order (version 1, registry contracts): /detail must have required property 'id'",
    );
  });

  it('merges discovery from both nodes into one schema', async () => {
    await a.events.send(new CreateEventBusCommand({ Name: 'watched' }));
    await a.schemas.send(new CreateDiscovererCommand({ SourceArn: a.arn.bus('watched') }));
    await b.events.send(new PutEventsCommand({ Entries: [entry('watched', { id: 1 })] }));
    await b.baton.schemas.whenIdle();
    const first = await a.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'discovered-schemas', SchemaName: 'pg@Order' }),
    );
    expect(first.SchemaVersion).toBe('1');
    // Node a has not seen this kind: it reads b's version, merges, and writes version 2.
    await a.events.send(new PutEventsCommand({ Entries: [entry('watched', { id: 2, note: 'x' })] }));
    await a.baton.schemas.whenIdle();
    // Node b's event of the first shape changes nothing.
    await b.events.send(new PutEventsCommand({ Entries: [entry('watched', { id: 3 })] }));
    await b.baton.schemas.whenIdle();
    const versions = await b.schemas.send(
      new ListSchemaVersionsCommand({ RegistryName: 'discovered-schemas', SchemaName: 'pg@Order' }),
    );
    expect(versions.SchemaVersions?.map((v) => v.SchemaVersion)).toEqual(['1', '2']);
    const latest = await b.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'discovered-schemas', SchemaName: 'pg@Order' }),
    );
    const detail = (JSON.parse(latest.Content!) as { components: { schemas: { Order: object } } }).components.schemas
      .Order;
    expect(detail).toEqual({
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'number' }, note: { type: 'string' } },
    });
  });
});
