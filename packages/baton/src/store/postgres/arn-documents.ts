/**
 * The tables that keep one JSON document per ARN (`arn`, `record`): state machines, aliases,
 * activities, event buses, topics and schema registries. Creating, reading, listing by ARN prefix and
 * replacing one are the same statements for each; deleting is each table's own (what goes with it).
 */
import type { ArnDocumentTable } from '../document-rows.js';
import { page, prefixEnd } from '../paging.js';
import type { PageRequest } from '../port.js';
import type { Database } from './database.js';

/** create: insert, or report the stored record; a record deleted in between is inserted again. */
export async function createOnce<T>(
  insert: () => Promise<boolean>,
  get: () => Promise<T | undefined>,
): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: T }> {
  for (;;) {
    if (await insert()) return { kind: 'created' };
    const existing = await get();
    if (existing) return { kind: 'alreadyExists', existing };
  }
}

export function postgresArnDocuments<T extends { readonly arn: string }>(db: Database, table: ArnDocumentTable) {
  const parse = (text: string) => JSON.parse(text) as T;
  const documents = {
    /** Inputs: $1 arn, $2 record. Output: whether inserted (not when the ARN is taken). Locks: the new row's key. */
    async insert(record: T): Promise<boolean> {
      const r = await db.query({
        text: `INSERT INTO ${table} (arn, record) VALUES ($1, $2::json) ON CONFLICT (arn) DO NOTHING`,
        values: [record.arn, JSON.stringify(record)],
      });
      return r.rowCount === 1;
    },
    /** Inputs: $1 arn. Output: the record, if any. Locks: none. */
    async get(arn: string): Promise<T | undefined> {
      const r = await db.query<{ record: string }>({
        name: `${table}-get`,
        text: `SELECT record FROM ${table} WHERE arn = $1`,
        values: [arn],
      });
      return r.rows[0] ? parse(r.rows[0].record) : undefined;
    },
    /** insert, or report the stored record (see createOnce). */
    create(record: T): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: T }> {
      return createOnce(
        () => documents.insert(record),
        () => documents.get(record.arn),
      );
    },
    /**
     * Inputs: $1 prefix, $2 end of the prefix's range (NULL for an empty prefix), $3 cursor
     * (exclusive), $4 limit + 1. Output: records in ARN order. Locks: none.
     */
    async list(arnPrefix: string, { limit, after }: PageRequest) {
      const r = await db.query<{ record: string }>({
        text: `SELECT record FROM ${table}
               WHERE arn >= $1 AND ($2::text IS NULL OR arn < $2) AND arn > $3 ORDER BY arn LIMIT $4`,
        values: [arnPrefix, prefixEnd(arnPrefix) ?? null, after ?? '', limit + 1],
      });
      return page(
        r.rows.map((row) => parse(row.record)),
        limit,
        (last) => last.arn,
      );
    },
    /** Inputs: $1 arn, $2 record. Output: whether a row was replaced. Locks: that row. */
    async update(record: T): Promise<boolean> {
      const r = await db.query({
        text: `UPDATE ${table} SET record = $2::json WHERE arn = $1`,
        values: [record.arn, JSON.stringify(record)],
      });
      return r.rowCount === 1;
    },
  };
  return documents;
}
