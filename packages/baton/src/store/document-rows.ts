/**
 * Documents as both SQL adapters keep them: the bus's versioned documents (archives, replays,
 * connections, API destinations) in one `bus_documents` table told apart by kind, its rows read
 * back into pages by paging.ts's documentPage; and the tables of one JSON document per ARN.
 */

export type DocumentKind = 'archive' | 'replay' | 'connection' | 'apiDestination';

/** The tables that keep one JSON document per ARN (`arn`, `record`). */
export type ArnDocumentTable =
  | 'state_machines'
  | 'aliases'
  | 'activities'
  | 'event_buses'
  | 'topics'
  | 'schema_registries';
