/**
 * The bus's versioned documents (archives, replays, connections, API destinations) as both SQL
 * adapters keep them: one `bus_documents` table told apart by kind, rows read back into pages
 * the same way.
 */
import { page } from './paging.js';
import type { Page } from './port.js';

export type DocumentKind = 'archive' | 'replay' | 'connection' | 'apiDestination';

export interface KeyedDocumentRow {
  key: string;
  record: string;
}

/** The first `limit` rows as records and, when more were read, the cursor after the last. */
export function keyedPage<T>(rows: KeyedDocumentRow[], limit: number): Page<T> {
  const { items, next } = page(rows, limit, (last) => last.key);
  const records = items.map((r) => JSON.parse(r.record) as T);
  return next === undefined ? { items: records } : { items: records, next };
}
