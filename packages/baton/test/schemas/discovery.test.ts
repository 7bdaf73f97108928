/**
 * Discoverers and discovery through the official clients: CreateDiscoverer, DescribeDiscoverer,
 * ListDiscoverers, UpdateDiscoverer, StartDiscoverer, StopDiscoverer, DeleteDiscoverer and
 * GetDiscoveredSchema (Schemas API reference, "Discoverers", "Discoverer", "Discover"); schemas
 * inferred from a bus's events into the `discovered-schemas` registry, one per source and
 * detail-type named `<source>@<DetailType>`, in the OpenAPI layout AWS's discovery writes, with
 * a new version only when an event shows a new shape (user guide, "Schema discovery").
 */
import { CreateEventBusCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  CreateDiscovererCommand,
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteDiscovererCommand,
  DeleteSchemaCommand,
  DescribeDiscovererCommand,
  DescribeSchemaCommand,
  GetDiscoveredSchemaCommand,
  ListDiscoverersCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand,
  StartDiscovererCommand,
  StopDiscovererCommand,
  UpdateDiscovererCommand,
} from '@aws-sdk/client-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../support/baton.js';
import { type SchemasBaton, startSchemasBaton } from './support.js';

let t: SchemasBaton;
beforeAll(async () => {
  t = await startSchemasBaton();
  for (const name of ['shop', 'quiet', 'listed-a', 'listed-b'])
    await t.events.send(new CreateEventBusCommand({ Name: name }));
});
afterAll(async () => {
  await t.close();
});

const put = async (...entries: PutEventsRequestEntry[]) => {
  const result = await t.events.send(new PutEventsCommand({ Entries: entries }));
  expect(result.FailedEntryCount).toBe(0);
  // Discovery writes after PutEvents answers; wait for this node's writes.
  await t.baton.schemas.whenIdle();
};
const event = (bus: string, detailType: string, detail: object): PutEventsRequestEntry => ({
  EventBusName: bus,
  Source: 'com.example.shop',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
});
const discovered = (name: string) =>
  t.schemas.send(new DescribeSchemaCommand({ RegistryName: 'discovered-schemas', SchemaName: name }));
const components = (content: string | undefined) =>
  (JSON.parse(content!) as { components: { schemas: Record<string, Record<string, unknown>> } }).components.schemas;

describe('discoverers', () => {
  it('creates one per bus (201, id from the bus, STARTED), describes, updates, stops, starts and deletes it', async () => {
    const created = await t.schemas.send(
      new CreateDiscovererCommand({ SourceArn: t.arn.bus('quiet'), Description: 'quiet bus', Tags: { k: 'v' } }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      DiscovererId: 'events-event-bus-quiet',
      DiscovererArn: `arn:aws:schemas:${t.region}:${t.account}:discoverer/events-event-bus-quiet`,
      SourceArn: t.arn.bus('quiet'),
      State: 'STARTED',
      CrossAccount: true,
      Description: 'quiet bus',
      Tags: { k: 'v' },
    });
    const id = created.DiscovererId!;
    expect(await failure(t.schemas.send(new CreateDiscovererCommand({ SourceArn: t.arn.bus('quiet') })))).toMatchObject(
      {
        name: 'ConflictException',
        status: 409,
      },
    );
    const stopped = await t.schemas.send(new StopDiscovererCommand({ DiscovererId: id }));
    expect(stopped).toMatchObject({ DiscovererId: id, State: 'STOPPED' });
    const updated = await t.schemas.send(new UpdateDiscovererCommand({ DiscovererId: id, CrossAccount: false }));
    expect(updated).toMatchObject({ State: 'STOPPED', CrossAccount: false, Description: 'quiet bus' });
    expect((await t.schemas.send(new StartDiscovererCommand({ DiscovererId: id }))).State).toBe('STARTED');
    expect((await t.schemas.send(new DescribeDiscovererCommand({ DiscovererId: id }))).State).toBe('STARTED');
    const deleted = await t.schemas.send(new DeleteDiscovererCommand({ DiscovererId: id }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(t.schemas.send(new DescribeDiscovererCommand({ DiscovererId: id })))).toMatchObject({
      name: 'NotFoundException',
      message: 'Discoverer with id events-event-bus-quiet does not exist.',
    });
  });

  it('refuses a source that is not an existing bus', async () => {
    for (const SourceArn of [t.arn.bus('never-made'), 'arn:aws:sqs:us-east-1:123456789012:not-a-bus']) {
      expect(await failure(t.schemas.send(new CreateDiscovererCommand({ SourceArn })))).toMatchObject({
        name: 'BadRequestException',
        message: `SourceArn ${SourceArn} is not an existing event bus.`,
      });
    }
  });

  it('lists discoverers by id prefix and source prefix, page by page', async () => {
    for (const bus of ['listed-a', 'listed-b']) {
      await t.schemas.send(new CreateDiscovererCommand({ SourceArn: t.arn.bus(bus) }));
    }
    const first = await t.schemas.send(
      new ListDiscoverersCommand({ DiscovererIdPrefix: 'events-event-bus-listed', Limit: 1 }),
    );
    expect(first.Discoverers?.map((d) => d.DiscovererId)).toEqual(['events-event-bus-listed-a']);
    const second = await t.schemas.send(
      new ListDiscoverersCommand({ DiscovererIdPrefix: 'events-event-bus-listed', NextToken: first.NextToken }),
    );
    expect(second.Discoverers?.map((d) => d.DiscovererId)).toEqual(['events-event-bus-listed-b']);
    const bySource = await t.schemas.send(new ListDiscoverersCommand({ SourceArnPrefix: t.arn.bus('listed-b') }));
    expect(bySource.Discoverers).toEqual([
      {
        DiscovererArn: `arn:aws:schemas:${t.region}:${t.account}:discoverer/events-event-bus-listed-b`,
        DiscovererId: 'events-event-bus-listed-b',
        SourceArn: t.arn.bus('listed-b'),
        State: 'STARTED',
        CrossAccount: true,
        Tags: {},
      },
    ]);
  });
});

describe('discovery from a bus’s events', () => {
  it('writes one schema per kind, versioned only when an event shows a new shape', async () => {
    await t.schemas.send(new CreateDiscovererCommand({ SourceArn: t.arn.bus('shop') }));
    await put(event('shop', 'Order Placed', { orderId: 'o-1', total: 12.5, lines: [{ sku: 'a', qty: 1 }] }));
    const v1 = await discovered('com.example.shop@OrderPlaced');
    expect(v1).toMatchObject({ SchemaVersion: '1', Type: 'OpenApi3' });
    const schemas = components(v1.Content);
    expect(schemas.AWSEvent).toMatchObject({
      'x-amazon-events-source': 'com.example.shop',
      'x-amazon-events-detail-type': 'Order Placed',
      properties: {
        detail: { $ref: '#/components/schemas/OrderPlaced' },
        time: { type: 'string', format: 'date-time' },
      },
    });
    expect(schemas.OrderPlaced).toEqual({
      type: 'object',
      required: ['orderId', 'total', 'lines'],
      properties: {
        orderId: { type: 'string' },
        total: { type: 'number' },
        lines: { type: 'array', items: { $ref: '#/components/schemas/LinesItem' } },
      },
    });
    // The same shape again, and a subset of it: nothing new.
    await put(
      event('shop', 'Order Placed', { orderId: 'o-2', total: 3, lines: [] }),
      event('shop', 'Order Placed', { orderId: 'o-3', total: 4, lines: [{ sku: 'b', qty: 2 }] }),
    );
    expect((await discovered('com.example.shop@OrderPlaced')).SchemaVersion).toBe('1');
    // A new optional field and a missing one: version 2, which allows both.
    await put(event('shop', 'Order Placed', { orderId: 'o-4', lines: [], coupon: 'SPRING' }));
    const v2 = await discovered('com.example.shop@OrderPlaced');
    expect(v2.SchemaVersion).toBe('2');
    expect(components(v2.Content).OrderPlaced).toMatchObject({
      required: ['orderId', 'lines'],
      properties: { total: { type: 'number' }, coupon: { type: 'string' } },
    });
    await put(event('shop', 'Order Placed', { orderId: 'o-5', total: 1, lines: [], coupon: 'X' }));
    const versions = await t.schemas.send(
      new ListSchemaVersionsCommand({ RegistryName: 'discovered-schemas', SchemaName: 'com.example.shop@OrderPlaced' }),
    );
    expect(versions.SchemaVersions?.map((v) => v.SchemaVersion)).toEqual(['1', '2']);
    // Another detail-type is another schema.
    await put(event('shop', 'OrderShipped', { orderId: 'o-1', carrier: null }));
    const listed = await t.schemas.send(
      new ListSchemasCommand({ RegistryName: 'discovered-schemas', SchemaNamePrefix: 'com.example.shop@' }),
    );
    expect(listed.Schemas?.map((s) => s.SchemaName)).toEqual([
      'com.example.shop@OrderPlaced',
      'com.example.shop@OrderShipped',
    ]);
  });

  it('writes a deleted schema again when its kind of event comes back', async () => {
    await put(event('shop', 'Order Returned', { orderId: 'o-1' }));
    await t.schemas.send(
      new DeleteSchemaCommand({ RegistryName: 'discovered-schemas', SchemaName: 'com.example.shop@OrderReturned' }),
    );
    await put(event('shop', 'Order Returned', { orderId: 'o-2' }));
    expect((await discovered('com.example.shop@OrderReturned')).SchemaVersion).toBe('1');
  });

  it('discovers nothing while the discoverer is stopped', async () => {
    await t.events.send(new CreateEventBusCommand({ Name: 'paused' }));
    const { DiscovererId } = await t.schemas.send(new CreateDiscovererCommand({ SourceArn: t.arn.bus('paused') }));
    await t.schemas.send(new StopDiscovererCommand({ DiscovererId }));
    await put(event('paused', 'Paused Event', { n: 1 }));
    expect(await failure(discovered('com.example.shop@PausedEvent'))).toMatchObject({ name: 'NotFoundException' });
    await t.schemas.send(new StartDiscovererCommand({ DiscovererId }));
    await put(event('paused', 'Paused Event', { n: 1 }));
    expect((await discovered('com.example.shop@PausedEvent')).SchemaVersion).toBe('1');
  });
});

describe('GetDiscoveredSchema', () => {
  const sample = (detail: object) =>
    JSON.stringify({
      version: '0',
      id: '1',
      'detail-type': 'Sample',
      source: 'tests',
      account: '123456789012',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [],
      detail,
    });

  it('infers one schema from several events, in OpenAPI 3 or JSON Schema draft-04, which the registry accepts', async () => {
    const Events = [sample({ a: 1, b: 'x' }), sample({ a: 2 })];
    const openApi = await t.schemas.send(new GetDiscoveredSchemaCommand({ Events, Type: 'OpenApi3' }));
    expect(components(openApi.Content).Sample).toEqual({
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'number' }, b: { type: 'string' } },
    });
    const draft4 = await t.schemas.send(new GetDiscoveredSchemaCommand({ Events, Type: 'JSONSchemaDraft4' }));
    const document = JSON.parse(draft4.Content!) as Record<string, unknown>;
    expect(document).toMatchObject({
      $schema: 'http://json-schema.org/draft-04/schema#',
      'x-amazon-events-source': 'tests',
      'x-amazon-events-detail-type': 'Sample',
      properties: { detail: { type: 'object', required: ['a'] } },
    });
    await t.schemas.send(new CreateRegistryCommand({ RegistryName: 'from-samples' }));
    for (const [name, content, Type] of [
      ['openapi', openApi.Content, 'OpenApi3'],
      ['draft4', draft4.Content, 'JSONSchemaDraft4'],
    ] as const) {
      const created = await t.schemas.send(
        new CreateSchemaCommand({ RegistryName: 'from-samples', SchemaName: name, Type, Content: content }),
      );
      expect(created.SchemaVersion).toBe('1');
    }
  });

  it('refuses events that are not JSON events of one kind', async () => {
    const cases: [string[], string][] = [
      [['not json'], 'Events[0] is not a JSON event'],
      [['{"source":"a"}'], "Events[0] is not a JSON event: it needs a string 'source' and 'detail-type'"],
      [
        [sample({}), JSON.stringify({ source: 'other', 'detail-type': 'Sample' })],
        'all events must have the same source',
      ],
      [[], 'Events must be a list of 1 to 10 events.'],
    ];
    for (const [Events, message] of cases) {
      const error = await failure(t.schemas.send(new GetDiscoveredSchemaCommand({ Events, Type: 'OpenApi3' })));
      expect(error).toMatchObject({ name: 'BadRequestException', status: 400 });
      expect(error.message).toContain(message);
    }
  });
});
