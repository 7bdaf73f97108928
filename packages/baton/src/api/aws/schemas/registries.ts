/**
 * Registries (API reference, "Registries" and "Registry": CreateRegistry, DescribeRegistry,
 * UpdateRegistry, DeleteRegistry, ListRegistries). A registry's answer carries its tags.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { REGISTRY_NAME, type SchemaService } from '../../../messaging/schemas/index.js';
import type { Page, SchemaRegistryRecord } from '../../../store/port.js';
import { queryValue, type RestRequest, type RestRoute } from '../rest-protocol.js';
import type { SchemasDeps } from './deps.js';
import { bodyString, bodyTags, DESCRIPTION, label, nextToken, pageOf } from './input.js';

const PATH = '/v1/registries/name/{RegistryName}';

export const registryName = (request: RestRequest) =>
  label(request, 'RegistryName', REGISTRY_NAME, 'registry names have 1 to 64 letters, digits, ., - or _');

async function registryOutput(schemas: SchemaService, record: SchemaRegistryRecord): Promise<JsonObject> {
  return {
    ...(record.description !== undefined ? { Description: record.description } : {}),
    RegistryArn: record.arn,
    RegistryName: record.name,
    tags: await schemas.tags(record.arn),
  };
}

export function registryRoutes({ schemas }: SchemasDeps): RestRoute[] {
  return [
    {
      method: 'POST',
      path: PATH,
      status: 201,
      async operation(request, ctx) {
        const record = await schemas.createRegistry(
          ctx,
          registryName(request),
          bodyString(request, 'Description', DESCRIPTION),
          bodyTags(request),
        );
        return registryOutput(schemas, record);
      },
    },
    {
      method: 'GET',
      path: PATH,
      status: 200,
      operation: async (request, ctx) => registryOutput(schemas, await schemas.registry(ctx, registryName(request))),
    },
    {
      method: 'PUT',
      path: PATH,
      status: 200,
      async operation(request, ctx) {
        const description = bodyString(request, 'Description', DESCRIPTION);
        return registryOutput(schemas, await schemas.updateRegistry(ctx, registryName(request), description));
      },
    },
    {
      method: 'DELETE',
      path: PATH,
      status: 204,
      async operation(request, ctx) {
        await schemas.deleteRegistry(ctx, registryName(request));
        return {};
      },
    },
    {
      method: 'GET',
      path: '/v1/registries',
      status: 200,
      async operation(request, ctx) {
        const prefix = queryValue(request, 'registryNamePrefix') ?? '';
        const scope = queryValue(request, 'scope');
        const tokenScope = `ListRegistries:${prefix}:${scope ?? ''}`;
        const page = pageOf(request, tokenScope);
        // Baton holds no AWS-managed registries (`aws.events`): the AWS scope is empty.
        const found: Page<SchemaRegistryRecord> =
          scope === 'AWS' ? { items: [] } : await schemas.listRegistries(ctx, prefix, page);
        const registries = await Promise.all(
          found.items.map(async (r) => ({ RegistryArn: r.arn, RegistryName: r.name, tags: await schemas.tags(r.arn) })),
        );
        return { Registries: registries, ...nextToken(tokenScope, found.next) };
      },
    },
  ];
}
