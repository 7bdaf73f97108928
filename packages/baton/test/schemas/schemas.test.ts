/**
 * Schemas and versions through the official Schemas client: CreateSchema (JSONSchemaDraft4 and
 * OpenApi3), DescribeSchema (latest and by SchemaVersion), ListSchemas, ListSchemaVersions,
 * UpdateSchema (a new version per content change; idempotent by ClientTokenId), DeleteSchema,
 * DeleteSchemaVersion and SearchSchemas (Schemas API reference, "Schema", "Schemas", "Schema
 * versions", "Search schemas"); content checked when written (user guide, "Creating an event
 * schema": OpenAPI 3 and JSONSchema Draft4).
 */
import {
  CreateRegistryCommand,
  CreateSchemaCommand,
  DeleteSchemaCommand,
  DeleteSchemaVersionCommand,
  DescribeSchemaCommand,
  ExportSchemaCommand,
  ListSchemasCommand,
  ListSchemaVersionsCommand,
  SearchSchemasCommand,
  UpdateSchemaCommand,
} from '@aws-sdk/client-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../support/baton.js';
import { openApiEventSchema, type SchemasBaton, startSchemasBaton } from './support.js';

let t: SchemasBaton;
beforeAll(async () => {
  t = await startSchemasBaton();
  await t.schemas.send(new CreateRegistryCommand({ RegistryName: 'contracts' }));
});
afterAll(async () => {
  await t.close();
});

const order = (required: string[] = ['orderId']) =>
  JSON.stringify({
    $schema: 'http://json-schema.org/draft-04/schema#',
    type: 'object',
    properties: { orderId: { type: 'string' }, amount: { type: 'number' } },
    required,
  });

const openApi = openApiEventSchema('shop', 'OrderPlaced', {
  type: 'object',
  properties: { note: { type: 'string', nullable: true } },
});

const schemaArn = (name: string) => `arn:aws:schemas:${t.region}:${t.account}:schema/contracts/${name}`;

const create = (name: string, content = order(), Type: 'JSONSchemaDraft4' | 'OpenApi3' = 'JSONSchemaDraft4') =>
  t.schemas.send(new CreateSchemaCommand({ RegistryName: 'contracts', SchemaName: name, Type, Content: content }));

describe('creating and describing', () => {
  it('creates version 1 of a JSON Schema (201) and describes it with its content', async () => {
    const created = await t.schemas.send(
      new CreateSchemaCommand({
        RegistryName: 'contracts',
        SchemaName: 'Order',
        Type: 'JSONSchemaDraft4',
        Content: order(),
        Description: 'an order',
        Tags: { owner: 'shop' },
      }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      SchemaName: 'Order',
      SchemaArn: schemaArn('Order'),
      SchemaVersion: '1',
      Type: 'JSONSchemaDraft4',
      Description: 'an order',
      Tags: { owner: 'shop' },
    });
    expect(created.LastModified).toBeInstanceOf(Date);
    expect(created.VersionCreatedDate).toBeInstanceOf(Date);
    const described = await t.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Order' }),
    );
    expect(described).toMatchObject({ SchemaVersion: '1', Content: order(), Type: 'JSONSchemaDraft4' });
  });

  it('creates an OpenAPI 3 schema', async () => {
    const created = await create('OrderPlacedApi', openApi, 'OpenApi3');
    expect(created).toMatchObject({ SchemaVersion: '1', Type: 'OpenApi3' });
  });

  it('refuses content that is not a schema of its type, in clear words', async () => {
    const cases: [string, 'JSONSchemaDraft4' | 'OpenApi3', string][] = [
      ['{not json', 'JSONSchemaDraft4', 'Invalid JSONSchemaDraft4 schema content: not JSON'],
      ['[1]', 'JSONSchemaDraft4', 'Invalid JSONSchemaDraft4 schema content: the document must be a JSON object'],
      ['{"type": "nonsense"}', 'JSONSchemaDraft4', 'Invalid JSONSchemaDraft4 schema content: schema is invalid'],
      ['{"$schema": "http://example.com/mine"}', 'JSONSchemaDraft4', 'unsupported $schema'],
      ['{"type": "object"}', 'OpenApi3', "'openapi' must be a 3.x version string"],
      ['{"openapi": "3.0.0", "components": {"schemas": []}}', 'OpenApi3', "'components.schemas' must be an object"],
    ];
    for (const [content, type, message] of cases) {
      const error = await failure(create('Bad', content, type));
      expect(error).toMatchObject({ name: 'BadRequestException', status: 400 });
      expect(error.message).toContain(message);
    }
    expect(await failure(create('Bad', order(), 'Avro' as never))).toMatchObject({
      name: 'BadRequestException',
      message: "Type 'Avro' is not valid: it must be one of OpenApi3, JSONSchemaDraft4.",
    });
    expect(await failure(create('Bad', 'x'.repeat(100_001)))).toMatchObject({
      message: 'Content must have at most 100000 characters.',
    });
  });

  it('refuses a schema that exists (409), one in a missing registry, and missing schemas and versions (404)', async () => {
    await create('Twice');
    expect(await failure(create('Twice'))).toMatchObject({
      name: 'ConflictException',
      status: 409,
      message: 'Schema with name Twice already exists in registry contracts.',
    });
    expect(
      await failure(
        t.schemas.send(
          new CreateSchemaCommand({
            RegistryName: 'nowhere',
            SchemaName: 'X',
            Type: 'JSONSchemaDraft4',
            Content: '{}',
          }),
        ),
      ),
    ).toMatchObject({ name: 'NotFoundException', message: 'Registry with name nowhere does not exist.' });
    expect(
      await failure(t.schemas.send(new DescribeSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Nope' }))),
    ).toMatchObject({
      name: 'NotFoundException',
      message: 'Schema with name Nope does not exist in registry contracts.',
    });
    expect(
      await failure(
        t.schemas.send(
          new DescribeSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Twice', SchemaVersion: '7' }),
        ),
      ),
    ).toMatchObject({ name: 'NotFoundException', message: 'Version 7 of schema Twice does not exist.' });
  });
});

describe('versions', () => {
  it('makes a new version per content change, keeps each, and answers a retried update once', async () => {
    await create('Versioned');
    const v2 = await t.schemas.send(
      new UpdateSchemaCommand({
        RegistryName: 'contracts',
        SchemaName: 'Versioned',
        Content: order(['orderId', 'amount']),
        ClientTokenId: 'tok-2',
      }),
    );
    expect(v2).toMatchObject({ SchemaVersion: '2', Type: 'JSONSchemaDraft4' });
    // The SDK's retry of the same call (same token) does not make version 3.
    const retried = await t.schemas.send(
      new UpdateSchemaCommand({
        RegistryName: 'contracts',
        SchemaName: 'Versioned',
        Content: order(['orderId', 'amount']),
        ClientTokenId: 'tok-2',
      }),
    );
    expect(retried.SchemaVersion).toBe('2');
    // A description alone changes the schema, not its versions.
    const described = await t.schemas.send(
      new UpdateSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Versioned', Description: 'now with amount' }),
    );
    expect(described).toMatchObject({ SchemaVersion: '2', Description: 'now with amount' });
    const v3 = await t.schemas.send(
      new UpdateSchemaCommand({
        RegistryName: 'contracts',
        SchemaName: 'Versioned',
        Content: openApi,
        Type: 'OpenApi3',
      }),
    );
    expect(v3).toMatchObject({ SchemaVersion: '3', Type: 'OpenApi3' });
    const first = await t.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Versioned', SchemaVersion: '1' }),
    );
    expect(first).toMatchObject({ SchemaVersion: '1', Content: order(), Type: 'JSONSchemaDraft4' });
    const page1 = await t.schemas.send(
      new ListSchemaVersionsCommand({ RegistryName: 'contracts', SchemaName: 'Versioned', Limit: 2 }),
    );
    expect(page1.SchemaVersions).toEqual([
      { SchemaArn: schemaArn('Versioned'), SchemaName: 'Versioned', SchemaVersion: '1', Type: 'JSONSchemaDraft4' },
      { SchemaArn: schemaArn('Versioned'), SchemaName: 'Versioned', SchemaVersion: '2', Type: 'JSONSchemaDraft4' },
    ]);
    const page2 = await t.schemas.send(
      new ListSchemaVersionsCommand({ RegistryName: 'contracts', SchemaName: 'Versioned', NextToken: page1.NextToken }),
    );
    expect(page2.SchemaVersions?.map((v) => v.SchemaVersion)).toEqual(['3']);
  });

  it('refuses an update whose content is not a schema, and changes nothing', async () => {
    await create('Guarded');
    const error = await failure(
      t.schemas.send(
        new UpdateSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Guarded', Content: '{"type": 5}' }),
      ),
    );
    expect(error).toMatchObject({ name: 'BadRequestException' });
    const latest = await t.schemas.send(
      new DescribeSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Guarded' }),
    );
    expect(latest.SchemaVersion).toBe('1');
  });

  it('deletes versions (204) but never the only one, then the schema', async () => {
    await create('Pruned');
    await t.schemas.send(
      new UpdateSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Pruned', Content: order(['amount']) }),
    );
    const deleted = await t.schemas.send(
      new DeleteSchemaVersionCommand({ RegistryName: 'contracts', SchemaName: 'Pruned', SchemaVersion: '2' }),
    );
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const latest = await t.schemas.send(new DescribeSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Pruned' }));
    expect(latest.SchemaVersion).toBe('1');
    expect(
      await failure(
        t.schemas.send(
          new DeleteSchemaVersionCommand({ RegistryName: 'contracts', SchemaName: 'Pruned', SchemaVersion: '1' }),
        ),
      ),
    ).toMatchObject({
      name: 'BadRequestException',
      message: 'Version 1 is the only version of schema Pruned: delete the schema instead.',
    });
    expect(
      await failure(
        t.schemas.send(
          new DeleteSchemaVersionCommand({ RegistryName: 'contracts', SchemaName: 'Pruned', SchemaVersion: 'x' }),
        ),
      ),
    ).toMatchObject({ name: 'NotFoundException' });
    await t.schemas.send(new DeleteSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Pruned' }));
    expect(
      await failure(t.schemas.send(new DescribeSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Pruned' }))),
    ).toMatchObject({ name: 'NotFoundException' });
  });
});

describe('operations not served yet', () => {
  it('refuses them in words, with the SDK’s error shape', async () => {
    await create('Exported');
    const error = await failure(
      t.schemas.send(
        new ExportSchemaCommand({ RegistryName: 'contracts', SchemaName: 'Exported', Type: 'JSONSchemaDraft4' }),
      ),
    );
    expect(error).toMatchObject({
      name: 'BadRequestException',
      status: 400,
      message:
        'ExportSchema is not supported by this Baton server yet (for TypeScript types, use `baton schemas codegen`).',
    });
  });
});

describe('listing and searching', () => {
  it('lists a registry’s schemas by prefix with their version counts, page by page', async () => {
    await t.schemas.send(new CreateRegistryCommand({ RegistryName: 'listing' }));
    for (const name of ['shop@A', 'shop@B', 'billing@C']) {
      await t.schemas.send(
        new CreateSchemaCommand({
          RegistryName: 'listing',
          SchemaName: name,
          Type: 'JSONSchemaDraft4',
          Content: order(),
        }),
      );
    }
    await t.schemas.send(
      new UpdateSchemaCommand({ RegistryName: 'listing', SchemaName: 'shop@B', Content: order(['amount']) }),
    );
    const first = await t.schemas.send(
      new ListSchemasCommand({ RegistryName: 'listing', SchemaNamePrefix: 'shop@', Limit: 1 }),
    );
    expect(first.Schemas?.map((s) => [s.SchemaName, s.VersionCount])).toEqual([['shop@A', 1]]);
    const second = await t.schemas.send(
      new ListSchemasCommand({ RegistryName: 'listing', SchemaNamePrefix: 'shop@', NextToken: first.NextToken }),
    );
    expect(second.Schemas?.map((s) => [s.SchemaName, s.VersionCount])).toEqual([['shop@B', 2]]);
    expect(second.Schemas?.[0]?.LastModified).toBeInstanceOf(Date);
    expect(await failure(t.schemas.send(new ListSchemasCommand({ RegistryName: 'absent' })))).toMatchObject({
      name: 'NotFoundException',
    });
  });

  it('searches names and contents, answering every version of each schema found', async () => {
    await t.schemas.send(new CreateRegistryCommand({ RegistryName: 'search' }));
    const put = (name: string, content: string) =>
      t.schemas.send(
        new CreateSchemaCommand({
          RegistryName: 'search',
          SchemaName: name,
          Type: 'JSONSchemaDraft4',
          Content: content,
        }),
      );
    await put('Invoice', order());
    await put('Refund', JSON.stringify({ type: 'object', properties: { invoiceNumber: { type: 'string' } } }));
    await put('Shipment', JSON.stringify({ type: 'object' }));
    await t.schemas.send(
      new UpdateSchemaCommand({ RegistryName: 'search', SchemaName: 'Invoice', Content: order(['amount']) }),
    );
    const found = await t.schemas.send(new SearchSchemasCommand({ RegistryName: 'search', Keywords: 'invoice' }));
    expect(found.Schemas?.map((s) => [s.SchemaName, s.SchemaVersions?.map((v) => v.SchemaVersion)])).toEqual([
      ['Invoice', ['1', '2']],
      ['Refund', ['1']],
    ]);
    expect(found.Schemas?.[0]).toMatchObject({
      RegistryName: 'search',
      SchemaArn: expect.stringContaining(':schema/search/Invoice'),
    });
    expect(found.Schemas?.[0]?.SchemaVersions?.[0]?.CreatedDate).toBeInstanceOf(Date);
    const paged = await t.schemas.send(
      new SearchSchemasCommand({ RegistryName: 'search', Keywords: 'invoice', Limit: 1 }),
    );
    expect(paged.Schemas).toHaveLength(1);
    expect(paged.NextToken).toBeDefined();
  });
});
