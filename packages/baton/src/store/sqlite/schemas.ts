/**
 * The schema registry on SQLite (the SchemaStore contract in port.ts): registries and discoverers
 * are JSON documents keyed by ARN; schemas are rows with their key columns; versions are rows of
 * their own. better-sqlite3 is synchronous, so a transaction's check and write have nothing in
 * between (PostgreSQL takes row locks for the same).
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
import { sqliteArnDocuments } from './arn-documents.js';
import type { SqliteDatabase } from './database.js';

export function sqliteSchemas(db: SqliteDatabase): SchemaStore {
  const registries = sqliteArnDocuments<SchemaRegistryRecord>(db, 'schema_registries');
  const registryExists = db.prepare('SELECT 1 FROM schema_registries WHERE arn = ?').pluck();
  // delete-registry: tags of its schemas, their versions, the schemas, the registry and its tags.
  const deleteRegistryTags = db.prepare(
    'DELETE FROM tags WHERE resource_arn = ? OR resource_arn IN (SELECT arn FROM schemas WHERE registry_arn = ?)',
  );
  const deleteRegistryVersions = db.prepare(
    'DELETE FROM schema_versions WHERE schema_arn IN (SELECT arn FROM schemas WHERE registry_arn = ?)',
  );
  const deleteRegistrySchemas = db.prepare('DELETE FROM schemas WHERE registry_arn = ?');
  const deleteRegistry = db.prepare('DELETE FROM schema_registries WHERE arn = ?');

  const insertSchema = db.prepare(`INSERT INTO schemas (arn, registry_arn, name, last_version, record)
    VALUES (@arn, @registryArn, @name, @lastVersion, @record) ON CONFLICT (arn) DO NOTHING`);
  const insertVersion = db.prepare(`INSERT INTO schema_versions
    (schema_arn, version, type, content, created_at, client_token)
    VALUES (@schemaArn, @version, @type, @content, @createdAt, @clientToken)`);
  const getSchema = db.prepare('SELECT * FROM schemas WHERE arn = ?');
  const VERSION_COUNT = '(SELECT count(*) FROM schema_versions v WHERE v.schema_arn = s.arn) AS version_count';
  // list-schemas: a registry's schemas by name in [prefix, prefix~) after the cursor.
  const listSchemas = db.prepare(`SELECT s.*, ${VERSION_COUNT} FROM schemas s
    WHERE s.registry_arn = ? AND s.name >= ? AND s.name < ? AND s.name > ? ORDER BY s.name LIMIT ?`);
  // search-schemas: LIKE is case-insensitive for ASCII letters in SQLite.
  const searchSchemas = db.prepare(`SELECT s.* FROM schemas s WHERE s.registry_arn = ? AND s.name > ?
    AND (s.name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM schema_versions v
      WHERE v.schema_arn = s.arn AND v.content LIKE ? ESCAPE '\\'))
    ORDER BY s.name LIMIT ?`);
  // update-schema: the optimistic check is the WHERE clause.
  const updateSchema = db.prepare('UPDATE schemas SET last_version = ?, record = ? WHERE arn = ? AND last_version = ?');
  const deleteSchemaTags = db.prepare('DELETE FROM tags WHERE resource_arn = ?');
  const deleteSchemaVersions = db.prepare('DELETE FROM schema_versions WHERE schema_arn = ?');
  const deleteSchema = db.prepare('DELETE FROM schemas WHERE arn = ?');
  const getVersion = db.prepare('SELECT * FROM schema_versions WHERE schema_arn = ? AND version = ?');
  const latestVersion = db.prepare('SELECT * FROM schema_versions WHERE schema_arn = ? ORDER BY version DESC LIMIT 1');
  const listVersions = db.prepare(
    'SELECT * FROM schema_versions WHERE schema_arn = ? AND version > ? ORDER BY version LIMIT ?',
  );
  const countVersions = db.prepare('SELECT count(*) FROM schema_versions WHERE schema_arn = ?').pluck();
  const deleteVersion = db.prepare('DELETE FROM schema_versions WHERE schema_arn = ? AND version = ?');
  // latest-versions: each schema's highest version (SQLite takes the row of max() as the bare columns').
  const latestVersions = db.prepare(`SELECT v.schema_arn, max(v.version) AS version, v.type, v.content,
      v.created_at, v.client_token
    FROM schema_versions v JOIN schemas s ON s.arn = v.schema_arn
    WHERE s.registry_arn = ? GROUP BY v.schema_arn ORDER BY v.schema_arn`);

  const insertDiscoverer = db.prepare(
    'INSERT INTO schema_discoverers (arn, source_arn, record) VALUES (?, ?, ?) ON CONFLICT (arn) DO NOTHING',
  );
  const getDiscoverer = db.prepare('SELECT record FROM schema_discoverers WHERE arn = ?').pluck();
  const listDiscoverers = db
    .prepare(`SELECT record FROM schema_discoverers WHERE arn >= ? AND arn < ? AND arn > ?
      AND substr(source_arn, 1, length(?)) = ? ORDER BY arn LIMIT ?`)
    .pluck();
  const updateDiscoverer = db.prepare('UPDATE schema_discoverers SET source_arn = ?, record = ? WHERE arn = ?');
  const deleteDiscoverer = db.prepare('DELETE FROM schema_discoverers WHERE arn = ?');

  const parseDiscoverer = (text: unknown) => JSON.parse(text as string) as SchemaDiscovererRecord;
  const versionParams = (v: SchemaVersionRecord) => ({ ...v, clientToken: v.clientToken ?? null });

  return {
    createRegistry: registries.create,
    getRegistry: registries.get,
    listRegistries: registries.list,
    updateRegistry: registries.update,
    async deleteRegistry(arn) {
      return db.transaction(() => {
        deleteRegistryTags.run(arn, arn);
        deleteRegistryVersions.run(arn);
        deleteRegistrySchemas.run(arn);
        return deleteRegistry.run(arn).changes === 1;
      })();
    },

    async createSchema(schema, version) {
      return db.transaction(() => {
        if (registryExists.get(schema.registryArn) === undefined) return 'registryNotFound' as const;
        if (
          insertSchema.run({
            arn: schema.arn,
            registryArn: schema.registryArn,
            name: schema.name,
            lastVersion: schema.lastVersion,
            record: schemaDocument(schema),
          }).changes === 0
        )
          return 'alreadyExists' as const;
        insertVersion.run(versionParams(version));
        return 'created' as const;
      })();
    },
    async getSchema(arn) {
      const row = getSchema.get(arn) as SchemaRow | undefined;
      return row ? schemaOf(row) : undefined;
    },
    async listSchemas(registryArn, namePrefix, { limit, after }) {
      const rows = listSchemas.all(registryArn, namePrefix, asciiPrefixEnd(namePrefix), after ?? '', limit + 1);
      return page((rows as SchemaRow[]).map(schemaListingOf), limit, (last) => last.name);
    },
    async searchSchemas(registryArn, keyword, { limit, after }) {
      const pattern = containsPattern(keyword);
      const rows = searchSchemas.all(registryArn, after ?? '', pattern, pattern, limit + 1) as SchemaRow[];
      return page(rows.map(schemaOf), limit, (last) => last.name);
    },
    async updateSchema(schema, expectedLastVersion, version) {
      return db.transaction(() => {
        const changed = updateSchema.run(schema.lastVersion, schemaDocument(schema), schema.arn, expectedLastVersion);
        if (changed.changes === 0) return 'conflict' as const;
        if (version) insertVersion.run(versionParams(version));
        return 'updated' as const;
      })();
    },
    async deleteSchema(arn) {
      return db.transaction(() => {
        deleteSchemaTags.run(arn);
        deleteSchemaVersions.run(arn);
        return deleteSchema.run(arn).changes === 1;
      })();
    },
    async getSchemaVersion(schemaArn, version) {
      const row = (version === undefined ? latestVersion.get(schemaArn) : getVersion.get(schemaArn, version)) as
        | SchemaVersionRow
        | undefined;
      return row ? schemaVersionOf(row) : undefined;
    },
    async listSchemaVersions(schemaArn, { limit, after }) {
      const rows = listVersions.all(
        schemaArn,
        after === undefined ? 0 : Number(after),
        limit + 1,
      ) as SchemaVersionRow[];
      return page(rows.map(schemaVersionOf), limit, (last) => String(last.version));
    },
    async deleteSchemaVersion(schemaArn, version) {
      return db.transaction(() => {
        if (getVersion.get(schemaArn, version) === undefined) return 'notFound' as const;
        if ((countVersions.get(schemaArn) as number) === 1) return 'onlyVersion' as const;
        deleteVersion.run(schemaArn, version);
        return 'deleted' as const;
      })();
    },
    async latestVersions(registryArn) {
      return (latestVersions.all(registryArn) as SchemaVersionRow[]).map(schemaVersionOf);
    },

    async createDiscoverer(record) {
      if (insertDiscoverer.run(record.arn, record.sourceArn, JSON.stringify(record)).changes === 1)
        return { kind: 'created' };
      return { kind: 'alreadyExists', existing: parseDiscoverer(getDiscoverer.get(record.arn)) };
    },
    async getDiscoverer(arn) {
      const text = getDiscoverer.get(arn);
      return text === undefined ? undefined : parseDiscoverer(text);
    },
    async listDiscoverers(arnPrefix, sourceArnPrefix, { limit, after }) {
      const rows = listDiscoverers
        .all(arnPrefix, asciiPrefixEnd(arnPrefix), after ?? '', sourceArnPrefix, sourceArnPrefix, limit + 1)
        .map(parseDiscoverer);
      return page(rows, limit, (last) => last.arn);
    },
    async updateDiscoverer(record) {
      return updateDiscoverer.run(record.sourceArn, JSON.stringify(record), record.arn).changes === 1;
    },
    async deleteDiscoverer(arn) {
      return db.transaction(() => {
        deleteSchemaTags.run(arn);
        return deleteDiscoverer.run(arn).changes === 1;
      })();
    },
  };
}
