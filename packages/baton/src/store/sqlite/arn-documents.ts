/**
 * The tables that keep one JSON document per ARN (`arn`, `record`): state machines, aliases,
 * activities, event buses, topics and schema registries. Creating, reading, listing by ARN prefix and
 * replacing one are the same statements for each; deleting is each table's own (what goes with it).
 */
import type { ArnDocumentTable } from '../document-rows.js';
import { page, prefixEnd } from '../paging.js';
import type { PageRequest } from '../port.js';
import type { SqliteDatabase } from './database.js';

/**
 * The end of the range of ARNs that start with `prefix`. An empty prefix has no such string; a
 * BLOB then bounds it, as SQLite sorts every TEXT before any BLOB.
 */
const arnPrefixEnd = (prefix: string): string | Buffer => prefixEnd(prefix) ?? Buffer.alloc(0);

export function sqliteArnDocuments<T extends { readonly arn: string }>(db: SqliteDatabase, table: ArnDocumentTable) {
  // create: inserts unless the ARN is taken. Output: changes 0 when it was.
  const insert = db.prepare(`INSERT INTO ${table} (arn, record) VALUES (?, ?) ON CONFLICT (arn) DO NOTHING`);
  const get = db.prepare(`SELECT record FROM ${table} WHERE arn = ?`).pluck();
  // list: ARNs in the prefix's range after the cursor, one more than asked to know if a page follows.
  const list = db
    .prepare(`SELECT record FROM ${table} WHERE arn >= ? AND arn < ? AND arn > ? ORDER BY arn LIMIT ?`)
    .pluck();
  const update = db.prepare(`UPDATE ${table} SET record = ? WHERE arn = ?`);
  const parse = (text: unknown) => JSON.parse(text as string) as T;

  return {
    async create(record: T): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: T }> {
      if (insert.run(record.arn, JSON.stringify(record)).changes === 1) return { kind: 'created' };
      return { kind: 'alreadyExists', existing: parse(get.get(record.arn)) };
    },
    async get(arn: string): Promise<T | undefined> {
      const text = get.get(arn);
      return text === undefined ? undefined : parse(text);
    },
    async list(arnPrefix: string, { limit, after }: PageRequest) {
      const rows = list.all(arnPrefix, arnPrefixEnd(arnPrefix), after ?? '', limit + 1).map(parse);
      return page(rows, limit, (last) => last.arn);
    },
    /** Output: whether the ARN was there to replace. */
    async update(record: T): Promise<boolean> {
      return update.run(JSON.stringify(record), record.arn).changes === 1;
    },
  };
}
