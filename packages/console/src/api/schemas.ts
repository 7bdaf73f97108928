/**
 * A small typed client for the EventBridge Schemas API over REST JSON, with the requests
 * `@aws-sdk/client-schemas` sends: registries, their schemas, a schema's versions and content.
 * Answers' members are AWS's (PascalCase), query parameters camelCase; timestamps are ISO 8601.
 */
import { allPages, page, request, withQuery } from './http.js';

export type SchemaType = 'OpenApi3' | 'JSONSchemaDraft4';

export interface Registry {
  readonly RegistryName: string;
  readonly RegistryArn: string;
}

/** A schema as ListSchemas answers it: without its type, which is a version's. */
export interface SchemaSummary {
  readonly SchemaName: string;
  readonly SchemaArn: string;
  readonly LastModified?: string;
  readonly VersionCount?: number;
}

export interface SchemaVersionSummary {
  readonly SchemaVersion: string;
  readonly Type: SchemaType;
}

/** DescribeSchema's answer: one version of a schema, with its content. */
export interface Schema {
  readonly SchemaName: string;
  readonly SchemaArn: string;
  readonly SchemaVersion: string;
  readonly Type: SchemaType;
  readonly Content: string;
  readonly Description?: string;
  readonly LastModified?: string;
  readonly VersionCreatedDate?: string;
}

const get = <T>(path: string, query: Record<string, string | undefined> = {}) =>
  request<T>(withQuery(path, query), { method: 'GET' });

const registryPath = (registry: string) => `/v1/registries/name/${encodeURIComponent(registry)}`;
const schemaPath = (registry: string, schema: string) =>
  `${registryPath(registry)}/schemas/name/${encodeURIComponent(schema)}`;

export const schemas = {
  registries: () =>
    allPages(async (nextToken) => {
      const out = await get<{ Registries?: Registry[]; NextToken?: string }>('/v1/registries', { nextToken });
      return page(out.Registries, out.NextToken);
    }),

  list: (registry: string) =>
    allPages(async (nextToken) => {
      const out = await get<{ Schemas?: SchemaSummary[]; NextToken?: string }>(`${registryPath(registry)}/schemas`, {
        nextToken,
      });
      return page(out.Schemas, out.NextToken);
    }),

  versions: (registry: string, schema: string) =>
    allPages(async (nextToken) => {
      const out = await get<{ SchemaVersions?: SchemaVersionSummary[]; NextToken?: string }>(
        `${schemaPath(registry, schema)}/versions`,
        { nextToken },
      );
      return page(out.SchemaVersions, out.NextToken);
    }),

  /** A version of the schema; the latest when `version` is absent. */
  describe: (registry: string, schema: string, version?: string) =>
    get<Schema>(schemaPath(registry, schema), { schemaVersion: version }),
};

/** Versions newest first. They are numbers written as strings ("10" comes after "9"). */
export function newestFirst<V extends { readonly SchemaVersion: string }>(versions: readonly V[]): V[] {
  return [...versions].sort((a, b) => b.SchemaVersion.localeCompare(a.SchemaVersion, 'en', { numeric: true }));
}
