/**
 * The bus's versioned documents (archives, replays, connections, API destinations) as both SQL
 * adapters keep them: one `bus_documents` table told apart by kind, its rows read back into pages
 * by paging.ts's documentPage.
 */

export type DocumentKind = 'archive' | 'replay' | 'connection' | 'apiDestination';
