/**
 * Versioned documents on PostgreSQL (DocumentTable in port.ts): the bus's archives, replays,
 * connections and API destinations, one table told apart by kind. An update is a conditional
 * UPDATE on the version the caller read: of two nodes updating one record, one wins.
 */
import type { DocumentKind } from '../document-rows.js';
import { asciiPrefixEnd, documentPage, type KeyedDocumentRow } from '../paging.js';
import type { DocumentTable, VersionedRecord } from '../port.js';
import type { Database } from './database.js';

export function postgresDocuments<T extends VersionedRecord>(db: Database, kind: DocumentKind): DocumentTable<T> {
  return {
    async create(key, record) {
      // create: inserts unless the key is taken. Output: rowCount 0 when it was.
      const r = await db.query({
        text: `INSERT INTO bus_documents (kind, key, version, record) VALUES ($1, $2, $3, $4)
          ON CONFLICT (kind, key) DO NOTHING`,
        values: [kind, key, record.version, JSON.stringify(record)],
      });
      return r.rowCount === 1 ? 'created' : 'alreadyExists';
    },
    async get(key) {
      const { rows } = await db.query<{ record: string }>({
        text: 'SELECT record FROM bus_documents WHERE kind = $1 AND key = $2',
        values: [kind, key],
      });
      return rows[0] ? (JSON.parse(rows[0].record) as T) : undefined;
    },
    async list(keyPrefix, { limit, after }) {
      // list: keys in [prefix, prefix~) after the cursor, one more than asked to know if a page follows.
      const { rows } = await db.query<KeyedDocumentRow>({
        text: `SELECT key, record FROM bus_documents
          WHERE kind = $1 AND key >= $2 AND key < $3 AND key > $4 ORDER BY key LIMIT $5`,
        values: [kind, keyPrefix, asciiPrefixEnd(keyPrefix), after ?? '', limit + 1],
      });
      return documentPage<T>(rows, limit);
    },
    async update(key, record) {
      // update: only while the stored version is the one the caller read. Locks: the row, to COMMIT.
      const r = await db.query({
        text: 'UPDATE bus_documents SET version = $1, record = $2 WHERE kind = $3 AND key = $4 AND version = $5',
        values: [record.version, JSON.stringify(record), kind, key, record.version - 1],
      });
      return r.rowCount === 1 ? 'updated' : 'conflict';
    },
    async delete(key) {
      const r = await db.query({ text: 'DELETE FROM bus_documents WHERE kind = $1 AND key = $2', values: [kind, key] });
      return r.rowCount === 1;
    },
  };
}
