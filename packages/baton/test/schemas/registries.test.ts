/**
 * Registries and tags through the official Schemas client (REST JSON protocol): CreateRegistry,
 * DescribeRegistry, ListRegistries (prefix, scope, paging), UpdateRegistry, DeleteRegistry,
 * TagResource, UntagResource, ListTagsForResource (Schemas API reference, "Registries",
 * "Registry", "Tags"), with the status codes and error shapes the API reference gives each.
 */
import {
  CreateRegistryCommand,
  DeleteRegistryCommand,
  DescribeRegistryCommand,
  ListRegistriesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateRegistryCommand,
} from '@aws-sdk/client-schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../support/baton.js';
import { type SchemasBaton, startSchemasBaton } from './support.js';

let t: SchemasBaton;
beforeAll(async () => {
  t = await startSchemasBaton();
});
afterAll(async () => {
  await t.close();
});

const arn = (name: string) => `arn:aws:schemas:${t.region}:${t.account}:registry/${name}`;

describe('registries', () => {
  it('creates (201), describes, updates and deletes (204) a registry', async () => {
    const created = await t.schemas.send(
      new CreateRegistryCommand({ RegistryName: 'orders', Description: 'Order events', Tags: { team: 'shop' } }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      RegistryName: 'orders',
      RegistryArn: arn('orders'),
      Description: 'Order events',
      Tags: { team: 'shop' },
    });
    const described = await t.schemas.send(new DescribeRegistryCommand({ RegistryName: 'orders' }));
    expect(described).toMatchObject({ RegistryName: 'orders', RegistryArn: arn('orders'), Tags: { team: 'shop' } });
    const updated = await t.schemas.send(new UpdateRegistryCommand({ RegistryName: 'orders', Description: 'v2' }));
    expect(updated).toMatchObject({ RegistryName: 'orders', Description: 'v2' });
    const deleted = await t.schemas.send(new DeleteRegistryCommand({ RegistryName: 'orders' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(t.schemas.send(new DescribeRegistryCommand({ RegistryName: 'orders' })))).toEqual({
      name: 'NotFoundException',
      code: 'NotFoundException',
      status: 404,
      message: 'Registry with name orders does not exist.',
    });
  });

  it('refuses a registry that exists (409), bad names and descriptions (400), and unknown ones (404)', async () => {
    await t.schemas.send(new CreateRegistryCommand({ RegistryName: 'twice' }));
    expect(await failure(t.schemas.send(new CreateRegistryCommand({ RegistryName: 'twice' })))).toMatchObject({
      name: 'ConflictException',
      status: 409,
      message: 'Registry with name twice already exists.',
    });
    expect(await failure(t.schemas.send(new CreateRegistryCommand({ RegistryName: 'no spaces' })))).toMatchObject({
      name: 'BadRequestException',
      status: 400,
    });
    const long = await failure(
      t.schemas.send(new CreateRegistryCommand({ RegistryName: 'described', Description: 'x'.repeat(257) })),
    );
    expect(long).toMatchObject({
      name: 'BadRequestException',
      message: 'Description must have at most 256 characters.',
    });
    for (const call of [
      new UpdateRegistryCommand({ RegistryName: 'missing', Description: 'd' }),
      new DeleteRegistryCommand({ RegistryName: 'missing' }),
    ]) {
      expect(await failure(t.schemas.send(call as never))).toMatchObject({ name: 'NotFoundException', status: 404 });
    }
  });

  it('lists registries by name prefix, page by page, and none in the AWS scope', async () => {
    for (const name of ['list-a', 'list-b', 'list-c']) {
      await t.schemas.send(new CreateRegistryCommand({ RegistryName: name }));
    }
    const first = await t.schemas.send(new ListRegistriesCommand({ RegistryNamePrefix: 'list-', Limit: 2 }));
    expect(first.Registries?.map((r) => r.RegistryName)).toEqual(['list-a', 'list-b']);
    const second = await t.schemas.send(
      new ListRegistriesCommand({ RegistryNamePrefix: 'list-', Limit: 2, NextToken: first.NextToken }),
    );
    expect(second.Registries?.map((r) => r.RegistryName)).toEqual(['list-c']);
    expect(second.NextToken).toBeUndefined();
    expect(second.Registries?.[0]).toEqual({ RegistryName: 'list-c', RegistryArn: arn('list-c'), Tags: {} });
    const aws = await t.schemas.send(new ListRegistriesCommand({ Scope: 'AWS' }));
    expect(aws.Registries).toEqual([]);
    // A token belongs to the listing that made it.
    const other = await failure(
      t.schemas.send(new ListRegistriesCommand({ RegistryNamePrefix: 'x', NextToken: first.NextToken })),
    );
    expect(other).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(await failure(t.schemas.send(new ListRegistriesCommand({ Limit: 101 })))).toMatchObject({
      name: 'BadRequestException',
    });
  });
});

describe('tags', () => {
  it('tags, lists and untags a registry by its ARN', async () => {
    await t.schemas.send(new CreateRegistryCommand({ RegistryName: 'tagged', Tags: { a: '1' } }));
    const resource = arn('tagged');
    const tagged = await t.schemas.send(new TagResourceCommand({ ResourceArn: resource, Tags: { b: '2', c: '3' } }));
    expect(tagged.$metadata.httpStatusCode).toBe(204);
    expect((await t.schemas.send(new ListTagsForResourceCommand({ ResourceArn: resource }))).Tags).toEqual({
      a: '1',
      b: '2',
      c: '3',
    });
    await t.schemas.send(new UntagResourceCommand({ ResourceArn: resource, TagKeys: ['a', 'c'] }));
    expect((await t.schemas.send(new ListTagsForResourceCommand({ ResourceArn: resource }))).Tags).toEqual({ b: '2' });
  });

  it('refuses resources that do not exist', async () => {
    const missing = arn('never-created');
    expect(await failure(t.schemas.send(new ListTagsForResourceCommand({ ResourceArn: missing })))).toMatchObject({
      name: 'NotFoundException',
      status: 404,
      message: `Resource ${missing} does not exist.`,
    });
    expect(
      await failure(t.schemas.send(new TagResourceCommand({ ResourceArn: missing, Tags: { k: 'v' } }))),
    ).toMatchObject({ name: 'NotFoundException' });
  });
});
