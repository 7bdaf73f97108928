/**
 * Schemas and their versions (API reference, "Schema", "Schemas", "Schema versions", "Search
 * schemas": CreateSchema, DescribeSchema, UpdateSchema, DeleteSchema, ListSchemas,
 * ListSchemaVersions, DeleteSchemaVersion, SearchSchemas). Content is 1 to 100,000 characters
 * and description at most 256, as the model constrains them; a schema's answer carries its tags.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { SCHEMA_NAME, type SchemaService, type SchemaVersionView } from '../../../messaging/schemas/index.js';
import { queryValue, type RestRequest, type RestRoute } from '../rest-protocol.js';
import type { SchemasDeps } from './deps.js';
import {
  bodyString,
  bodyTags,
  DESCRIPTION,
  iso,
  label,
  nextToken,
  pageOf,
  requiredQuery,
  schemaType,
} from './input.js';
import { registryName } from './registries.js';

const SCHEMA = '/v1/registries/name/{RegistryName}/schemas/name/{SchemaName}';
const CONTENT = { min: 1, max: 100_000 } as const;

const schemaName = (request: RestRequest) =>
  label(request, 'SchemaName', SCHEMA_NAME, 'schema names have 1 to 385 letters, digits, ., -, _ or @');

async function versionOutput(schemas: SchemaService, view: SchemaVersionView): Promise<JsonObject> {
  const { schema, version } = view;
  return {
    ...(schema.description !== undefined ? { Description: schema.description } : {}),
    LastModified: iso(schema.lastModified),
    SchemaArn: schema.arn,
    SchemaName: schema.name,
    SchemaVersion: String(version.version),
    tags: await schemas.tags(schema.arn),
    Type: version.type,
    VersionCreatedDate: iso(version.createdAt),
  };
}

export function schemaRoutes({ schemas }: SchemasDeps): RestRoute[] {
  return [
    {
      method: 'POST',
      path: SCHEMA,
      status: 201,
      async operation(request, ctx) {
        const type = schemaType(bodyString(request, 'Type', { required: true }))!;
        const description = bodyString(request, 'Description', DESCRIPTION);
        const input = {
          type,
          content: bodyString(request, 'Content', { ...CONTENT, required: true }),
          ...(description !== undefined ? { description } : {}),
        };
        const view = await schemas.createSchema(
          ctx,
          registryName(request),
          schemaName(request),
          input,
          bodyTags(request),
        );
        return versionOutput(schemas, view);
      },
    },
    {
      method: 'GET',
      path: SCHEMA,
      status: 200,
      async operation(request, ctx) {
        const view = await schemas.schemaVersion(
          ctx,
          registryName(request),
          schemaName(request),
          queryValue(request, 'schemaVersion'),
        );
        return { Content: view.version.content, ...(await versionOutput(schemas, view)) };
      },
    },
    {
      method: 'PUT',
      path: SCHEMA,
      status: 200,
      async operation(request, ctx) {
        const content = bodyString(request, 'Content', CONTENT);
        const type = schemaType(bodyString(request, 'Type'));
        const description = bodyString(request, 'Description', DESCRIPTION);
        const clientToken = bodyString(request, 'ClientTokenId', { max: 36 });
        const view = await schemas.updateSchema(ctx, registryName(request), schemaName(request), {
          ...(content !== undefined ? { content } : {}),
          ...(type !== undefined ? { type } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(clientToken !== undefined ? { clientToken } : {}),
        });
        return versionOutput(schemas, view);
      },
    },
    {
      method: 'DELETE',
      path: SCHEMA,
      status: 204,
      async operation(request, ctx) {
        await schemas.deleteSchema(ctx, registryName(request), schemaName(request));
        return {};
      },
    },
    {
      method: 'DELETE',
      path: `${SCHEMA}/version/{SchemaVersion}`,
      status: 204,
      async operation(request, ctx) {
        const version = label(request, 'SchemaVersion');
        await schemas.deleteSchemaVersion(ctx, registryName(request), schemaName(request), version);
        return {};
      },
    },
    {
      method: 'GET',
      path: '/v1/registries/name/{RegistryName}/schemas',
      status: 200,
      async operation(request, ctx) {
        const registry = registryName(request);
        const prefix = queryValue(request, 'schemaNamePrefix') ?? '';
        const scope = `ListSchemas:${registry}:${prefix}`;
        const found = await schemas.listSchemas(ctx, registry, prefix, pageOf(request, scope));
        const items = await Promise.all(
          found.items.map(async (s) => ({
            LastModified: iso(s.lastModified),
            SchemaArn: s.arn,
            SchemaName: s.name,
            tags: await schemas.tags(s.arn),
            VersionCount: s.versionCount,
          })),
        );
        return { Schemas: items, ...nextToken(scope, found.next) };
      },
    },
    {
      method: 'GET',
      path: `${SCHEMA}/versions`,
      status: 200,
      async operation(request, ctx) {
        const [registry, name] = [registryName(request), schemaName(request)];
        const scope = `ListSchemaVersions:${registry}:${name}`;
        const found = await schemas.listSchemaVersions(ctx, registry, name, pageOf(request, scope));
        const versions = found.items.map((v) => ({
          SchemaArn: v.schemaArn,
          SchemaName: name,
          SchemaVersion: String(v.version),
          Type: v.type,
        }));
        return { SchemaVersions: versions, ...nextToken(scope, found.next) };
      },
    },
    {
      method: 'GET',
      path: '/v1/registries/name/{RegistryName}/schemas/search',
      status: 200,
      async operation(request, ctx) {
        const registry = registryName(request);
        const keywords = requiredQuery(request, 'keywords');
        const scope = `SearchSchemas:${registry}:${keywords}`;
        const found = await schemas.searchSchemas(ctx, registry, keywords, pageOf(request, scope));
        const items = found.items.map(({ schema, versions }) => ({
          RegistryName: registry,
          SchemaArn: schema.arn,
          SchemaName: schema.name,
          SchemaVersions: versions.map((v) => ({
            CreatedDate: iso(v.createdAt),
            SchemaVersion: String(v.version),
            Type: v.type,
          })),
        }));
        return { Schemas: items, ...nextToken(scope, found.next) };
      },
    },
  ];
}
