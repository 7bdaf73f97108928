/**
 * The schema registry on PostgreSQL (the SchemaStore contract in port.ts), for several nodes on
 * one database. Each operation is one statement, or one transaction whose first statement locks
 * the row the outcome depends on (the registry a schema is created in, the schema whose versions
 * change), so concurrent writers serialize on it instead of racing.
 */
import { asciiPrefixEnd, page } from '../paging.js';
import type { SchemaDiscovererRecord, SchemaRegistryRecord, SchemaStore, SchemaVersionRecord } from '../port.js';
import {
  containsPattern,
  type SchemaRow,
  type SchemaVersionRow,
  schemaDocument,
  schemaListingOf,
  schemaOf,
  schemaVersionOf,
} from '../schema-rows.js';
import { postgresArnDocuments } from './arn-documents.js';
import type { Database, Queryable } from './database.js';

/**
 * insert-version: one version row. Inputs: $1 schema ARN, $2 version, $3 type, $4 content,
 * $5 created at, $6 client token. Locks: the new row's key.
 */
const INSERT_VERSION = `INSERT INTO schema_versions (schema_arn, version, type, content, created_at, client_token)
  VALUES ($1, $2, $3, $4, $5, $6)`;

/**
 * delete-registry: the registry, its schemas, their versions and every one's tags, in one
 * statement. Inputs: $1 registry ARN. Output: the registry's row when it existed. Locks: those rows.
 */
const DELETE_REGISTRY = `WITH
  gone_schemas AS (DELETE FROM schemas WHERE registry_arn = $1 RETURNING arn),
  gone_versions AS (DELETE FROM schema_versions WHERE schema_arn IN (SELECT arn FROM gone_schemas)),
  gone_tags AS (DELETE FROM tags WHERE resource_arn = $1 OR resource_arn IN (SELECT arn FROM gone_schemas))
  DELETE FROM schema_registries WHERE arn = $1 RETURNING arn`;

/**
 * latest-versions: each schema's highest version in a registry. Inputs: $1 registry ARN.
 * Output: version rows ordered by schema ARN. Locks: none.
 */
const LATEST_VERSIONS = `SELECT DISTINCT ON (v.schema_arn) v.*
  FROM schema_versions v JOIN schemas s ON s.arn = v.schema_arn
  WHERE s.registry_arn = $1 ORDER BY v.schema_arn, v.version DESC`;

export function postgresSchemas(db: Database): SchemaStore {
  const rows = async <T>(text: string, values: unknown[], q: Queryable = db) =>
    (await q.query<Record<string, unknown>>({ text, values })).rows as T[];
  const insertVersion = (q: Queryable, v: SchemaVersionRecord) =>
    q.query({
      text: INSERT_VERSION,
      values: [v.schemaArn, v.version, v.type, v.content, v.createdAt, v.clientToken ?? null],
    });
  const registries = postgresArnDocuments<SchemaRegistryRecord>(db, 'schema_registries');
  const parseDiscoverer = (r: { record: string }) => JSON.parse(r.record) as SchemaDiscovererRecord;

  return {
    createRegistry: registries.create,
    getRegistry: registries.get,
    listRegistries: registries.list,
    updateRegistry: registries.update,
    async deleteRegistry(arn) {
      return (await rows(DELETE_REGISTRY, [arn])).length === 1;
    },

    async createSchema(schema, version) {
      return db.transaction(async (tx) => {
        // The registry row is locked to COMMIT: a concurrent DeleteRegistry waits for this schema.
        const registry = await rows(
          'SELECT 1 FROM schema_registries WHERE arn = $1 FOR SHARE',
          [schema.registryArn],
          tx,
        );
        if (registry.length === 0) return 'registryNotFound' as const;
        const inserted = await tx.query({
          text: `INSERT INTO schemas (arn, registry_arn, name, last_version, record) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (arn) DO NOTHING`,
          values: [schema.arn, schema.registryArn, schema.name, schema.lastVersion, schemaDocument(schema)],
        });
        if (inserted.rowCount === 0) return 'alreadyExists' as const;
        await insertVersion(tx, version);
        return 'created' as const;
      });
    },
    async getSchema(arn) {
      const [row] = await rows<SchemaRow>('SELECT * FROM schemas WHERE arn = $1', [arn]);
      return row ? schemaOf(row) : undefined;
    },
    async listSchemas(registryArn, namePrefix, { limit, after }) {
      const found = await rows<SchemaRow>(
        `SELECT s.*, (SELECT count(*) FROM schema_versions v WHERE v.schema_arn = s.arn)::integer AS version_count
         FROM schemas s WHERE s.registry_arn = $1 AND s.name >= $2 AND s.name < $3 AND s.name > $4
         ORDER BY s.name LIMIT $5`,
        [registryArn, namePrefix, asciiPrefixEnd(namePrefix), after ?? '', limit + 1],
      );
      return page(found.map(schemaListingOf), limit, (last) => last.name);
    },
    async searchSchemas(registryArn, keyword, { limit, after }) {
      // ILIKE folds case beyond ASCII too; the contract promises ASCII, as SQLite's LIKE folds.
      const found = await rows<SchemaRow>(
        `SELECT s.* FROM schemas s WHERE s.registry_arn = $1 AND s.name > $2
         AND (s.name ILIKE $3 OR EXISTS (SELECT 1 FROM schema_versions v WHERE v.schema_arn = s.arn AND v.content ILIKE $3))
         ORDER BY s.name LIMIT $4`,
        [registryArn, after ?? '', containsPattern(keyword), limit + 1],
      );
      return page(found.map(schemaOf), limit, (last) => last.name);
    },
    async updateSchema(schema, expectedLastVersion, version) {
      return db.transaction(async (tx) => {
        // The optimistic check is the WHERE clause; the updated row stays locked to COMMIT.
        const updated = await tx.query({
          text: 'UPDATE schemas SET last_version = $2, record = $3 WHERE arn = $1 AND last_version = $4',
          values: [schema.arn, schema.lastVersion, schemaDocument(schema), expectedLastVersion],
        });
        if (updated.rowCount === 0) return 'conflict' as const;
        if (version) await insertVersion(tx, version);
        return 'updated' as const;
      });
    },
    async deleteSchema(arn) {
      const gone = await rows(
        `WITH gone_versions AS (DELETE FROM schema_versions WHERE schema_arn = $1),
              gone_tags AS (DELETE FROM tags WHERE resource_arn = $1)
         DELETE FROM schemas WHERE arn = $1 RETURNING arn`,
        [arn],
      );
      return gone.length === 1;
    },
    async getSchemaVersion(schemaArn, version) {
      const [row] =
        version === undefined
          ? await rows<SchemaVersionRow>(
              'SELECT * FROM schema_versions WHERE schema_arn = $1 ORDER BY version DESC LIMIT 1',
              [schemaArn],
            )
          : await rows<SchemaVersionRow>('SELECT * FROM schema_versions WHERE schema_arn = $1 AND version = $2', [
              schemaArn,
              version,
            ]);
      return row ? schemaVersionOf(row) : undefined;
    },
    async listSchemaVersions(schemaArn, { limit, after }) {
      const found = await rows<SchemaVersionRow>(
        'SELECT * FROM schema_versions WHERE schema_arn = $1 AND version > $2 ORDER BY version LIMIT $3',
        [schemaArn, after === undefined ? 0 : Number(after), limit + 1],
      );
      return page(found.map(schemaVersionOf), limit, (last) => String(last.version));
    },
    async deleteSchemaVersion(schemaArn, version) {
      return db.transaction(async (tx) => {
        // The schema row is locked first: two deletions of a schema's last two versions serialize.
        await tx.query({ text: 'SELECT 1 FROM schemas WHERE arn = $1 FOR UPDATE', values: [schemaArn] });
        const [counts] = await rows<{ total: number; found: number }>(
          `SELECT count(*)::integer AS total, count(*) FILTER (WHERE version = $2)::integer AS found
           FROM schema_versions WHERE schema_arn = $1`,
          [schemaArn, version],
          tx,
        );
        if (!counts || counts.found === 0) return 'notFound' as const;
        if (counts.total === 1) return 'onlyVersion' as const;
        await tx.query({
          text: 'DELETE FROM schema_versions WHERE schema_arn = $1 AND version = $2',
          values: [schemaArn, version],
        });
        return 'deleted' as const;
      });
    },
    async latestVersions(registryArn) {
      return (await rows<SchemaVersionRow>(LATEST_VERSIONS, [registryArn])).map(schemaVersionOf);
    },

    async createDiscoverer(record) {
      const inserted = await db.query({
        text: 'INSERT INTO schema_discoverers (arn, source_arn, record) VALUES ($1, $2, $3) ON CONFLICT (arn) DO NOTHING',
        values: [record.arn, record.sourceArn, JSON.stringify(record)],
      });
      if (inserted.rowCount === 1) return { kind: 'created' };
      const existing = await this.getDiscoverer(record.arn);
      if (!existing) throw new Error(`discoverer ${record.arn} reported as existing but not found`);
      return { kind: 'alreadyExists', existing };
    },
    async getDiscoverer(arn) {
      const [row] = await rows<{ record: string }>('SELECT record FROM schema_discoverers WHERE arn = $1', [arn]);
      return row ? parseDiscoverer(row) : undefined;
    },
    async listDiscoverers(arnPrefix, sourceArnPrefix, { limit, after }) {
      const found = await rows<{ record: string }>(
        `SELECT record FROM schema_discoverers WHERE arn >= $1 AND arn < $2 AND arn > $3
         AND starts_with(source_arn, $4) ORDER BY arn LIMIT $5`,
        [arnPrefix, asciiPrefixEnd(arnPrefix), after ?? '', sourceArnPrefix, limit + 1],
      );
      return page(found.map(parseDiscoverer), limit, (last) => last.arn);
    },
    async updateDiscoverer(record) {
      const r = await db.query({
        text: 'UPDATE schema_discoverers SET source_arn = $2, record = $3 WHERE arn = $1',
        values: [record.arn, record.sourceArn, JSON.stringify(record)],
      });
      return r.rowCount === 1;
    },
    async deleteDiscoverer(arn) {
      const gone = await rows(
        `WITH gone_tags AS (DELETE FROM tags WHERE resource_arn = $1)
         DELETE FROM schema_discoverers WHERE arn = $1 RETURNING arn`,
        [arn],
      );
      return gone.length === 1;
    },
  };
}
