/**
 * Versioned documents on SQLite (DocumentTable in port.ts): the bus's archives, replays,
 * connections and API destinations, one table told apart by kind. An update is a conditional
 * UPDATE on the version the caller read.
 */
import type { DocumentKind } from '../document-rows.js';
import { asciiPrefixEnd, documentPage, type KeyedDocumentRow } from '../paging.js';
import type { DocumentTable, VersionedRecord } from '../port.js';
import type { SqliteDatabase } from './database.js';

export function sqliteDocuments<T extends VersionedRecord>(db: SqliteDatabase, kind: DocumentKind): DocumentTable<T> {
  // create: inserts unless the key is taken. Output: changes 0 when it was.
  const insert = db.prepare(
    'INSERT INTO bus_documents (kind, key, version, record) VALUES (?, ?, ?, ?) ON CONFLICT (kind, key) DO NOTHING',
  );
  const get = db.prepare('SELECT record FROM bus_documents WHERE kind = ? AND key = ?').pluck();
  // list: keys in [prefix, prefix~) after the cursor, one more than asked to know if a page follows.
  const list = db.prepare(
    'SELECT key, record FROM bus_documents WHERE kind = ? AND key >= ? AND key < ? AND key > ? ORDER BY key LIMIT ?',
  );
  // update: only while the stored version is the one the caller read. Output: changes 0 on conflict.
  const update = db.prepare(
    'UPDATE bus_documents SET version = ?, record = ? WHERE kind = ? AND key = ? AND version = ?',
  );
  const remove = db.prepare('DELETE FROM bus_documents WHERE kind = ? AND key = ?');
  const parse = (text: unknown) => JSON.parse(text as string) as T;

  return {
    async create(key, record) {
      return insert.run(kind, key, record.version, JSON.stringify(record)).changes === 1 ? 'created' : 'alreadyExists';
    },
    async get(key) {
      const text = get.get(kind, key);
      return text === undefined ? undefined : parse(text);
    },
    async list(keyPrefix, { limit, after }) {
      const rows = list.all(kind, keyPrefix, asciiPrefixEnd(keyPrefix), after ?? '', limit + 1) as KeyedDocumentRow[];
      return documentPage<T>(rows, limit);
    },
    async update(key, record) {
      const changed = update.run(record.version, JSON.stringify(record), kind, key, record.version - 1).changes;
      return changed === 1 ? 'updated' : 'conflict';
    },
    async delete(key) {
      return remove.run(kind, key).changes === 1;
    },
  };
}
