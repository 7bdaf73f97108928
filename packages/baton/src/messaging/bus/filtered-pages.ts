/**
 * Pages of a listing narrowed by a condition the store does not index (ListArchives' State and
 * EventSourceArn, ListReplays', ListConnections' ConnectionState): the store is read page after
 * page from the cursor until `limit` records match, and the next cursor is the last one returned.
 */
import type { Page, PageRequest } from '../../store/port.js';

export async function filteredPage<T>(
  read: (request: PageRequest) => Promise<Page<T>>,
  keep: (record: T) => boolean,
  cursorOf: (record: T) => string,
  request: PageRequest,
): Promise<Page<T>> {
  const items: T[] = [];
  let after = request.after;
  for (;;) {
    const page = await read({ limit: 100, ...(after !== undefined ? { after } : {}) });
    for (const record of page.items) {
      if (!keep(record)) continue;
      if (items.length === request.limit) return { items, next: cursorOf(items[items.length - 1]!) };
      items.push(record);
    }
    if (page.next === undefined) return { items };
    after = page.next;
  }
}
