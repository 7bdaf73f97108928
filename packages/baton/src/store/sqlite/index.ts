/**
 * @module store/sqlite
 * The embedded default store: one SQLite file (better-sqlite3, WAL). Wired only in main.ts.
 */
import type { Store } from '../port.js';
import { sqliteBus } from './bus.js';
import { sqliteArchives } from './bus-archives.js';
import { sqliteDocuments } from './bus-documents.js';
import { sqliteSchedules } from './bus-schedules.js';
import { sqliteActivities, sqliteStateMachines, sqliteTags } from './control-plane.js';
import { openDatabase, type SqliteOptions } from './database.js';
import { sqliteExecutions, sqliteTasks, sqliteTimers } from './executions.js';
import { sqlitePipes } from './pipes.js';
import { sqliteQueues } from './queues.js';
import { sqliteSchemas } from './schemas.js';
import { sqliteLog, sqliteStreams } from './streams.js';
import { sqliteTopics } from './topics.js';

export type { SqliteOptions } from './database.js';

export function openSqliteStore(options: SqliteOptions): Store {
  const db = openDatabase(options);
  return {
    kind: 'sqlite',
    stateMachines: sqliteStateMachines(db),
    activities: sqliteActivities(db),
    tags: sqliteTags(db),
    executions: sqliteExecutions(db),
    timers: sqliteTimers(db),
    tasks: sqliteTasks(db),
    queues: sqliteQueues(db),
    bus: sqliteBus(db),
    topics: sqliteTopics(db),
    log: sqliteLog(db),
    streams: sqliteStreams(db),
    pipes: sqlitePipes(db),
    schemas: sqliteSchemas(db),
    eventSchedules: sqliteSchedules(db),
    eventArchives: sqliteArchives(db),
    eventReplays: sqliteDocuments(db, 'replay'),
    connections: sqliteDocuments(db, 'connection'),
    apiDestinations: sqliteDocuments(db, 'apiDestination'),
    async close() {
      db.close();
    },
  };
}
