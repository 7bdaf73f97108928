/**
 * Listing pages, the same in both SQL adapters: a listing reads one row more than the page holds,
 * which tells whether another page follows.
 */
import type { Page } from './port.js';

/** The first `limit` rows and, when more were read, the cursor after the last of them. */
export function page<T>(rows: T[], limit: number, cursor: (last: T) => string): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, next: cursor(items[items.length - 1]!) };
}

/** A row that keeps its record as JSON text, keyed by ARN. */
export interface DocumentRow {
  arn: string;
  record: string;
}

/** The same, keyed by `key` (bus_documents, which keeps several kinds of document in one table). */
export interface KeyedDocumentRow {
  key: string;
  record: string;
}

/** The records of the first `limit` rows and, when more were read, the cursor after the last: its ARN or key. */
export function documentPage<T>(rows: (DocumentRow | KeyedDocumentRow)[], limit: number): Page<T> {
  const { items, next } = page(rows, limit, (last) => ('arn' in last ? last.arn : last.key));
  const records = items.map((r) => JSON.parse(r.record) as T);
  return next === undefined ? { items: records } : { items: records, next };
}

/**
 * The end of the range of keys that start with `prefix`: the prefix with its last character
 * incremented, as both adapters order keys by code point (PostgreSQL's "C" collation, SQLite's
 * BINARY); undefined when there is none (an empty prefix). For names that may go beyond ASCII,
 * where a '~' bound would miss some.
 */
export function prefixEnd(prefix: string): string | undefined {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return chars.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return undefined;
}

/**
 * Keys made of characters below '~' (queue, bus and rule names, and the ARNs built from them): a
 * prefix followed by '~' bounds every key that starts with it.
 */
export const asciiPrefixEnd = (prefix: string) => `${prefix}~`;
