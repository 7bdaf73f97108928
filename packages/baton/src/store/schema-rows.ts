/**
 * The rows both SQL adapters keep the schema registry in, and how they become records: one
 * mapping, so the adapters cannot drift apart. A schema row keeps its key columns (ARN, registry,
 * name, last version number) beside a document of the rest.
 */
import type { SchemaListing, SchemaRecord, SchemaType, SchemaVersionRecord } from './port.js';

export interface SchemaRow {
  arn: string;
  registry_arn: string;
  name: string;
  last_version: number;
  record: string;
  /** Only in listings. */
  version_count?: number;
}

/** What the document column holds: the record less its key columns. */
export function schemaDocument(record: SchemaRecord): string {
  const { arn: _arn, registryArn: _registry, name: _name, lastVersion: _last, ...rest } = record;
  return JSON.stringify(rest);
}

export function schemaOf(row: SchemaRow): SchemaRecord {
  return {
    ...(JSON.parse(row.record) as Pick<SchemaRecord, 'description' | 'createdAt' | 'lastModified'>),
    arn: row.arn,
    registryArn: row.registry_arn,
    name: row.name,
    lastVersion: row.last_version,
  };
}

export function schemaListingOf(row: SchemaRow): SchemaListing {
  return { ...schemaOf(row), versionCount: row.version_count ?? 0 };
}

export interface SchemaVersionRow {
  schema_arn: string;
  version: number;
  type: string;
  content: string;
  created_at: number;
  client_token: string | null;
}

export function schemaVersionOf(row: SchemaVersionRow): SchemaVersionRecord {
  return {
    schemaArn: row.schema_arn,
    version: row.version,
    type: row.type as SchemaType,
    content: row.content,
    createdAt: row.created_at,
    ...(row.client_token !== null ? { clientToken: row.client_token } : {}),
  };
}

/** A LIKE pattern matching text that contains `keyword` (its `%`, `_` and `\` escaped with `\`). */
export function containsPattern(keyword: string): string {
  return `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
