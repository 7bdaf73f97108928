/**
 * @module store/sqlite
 * The embedded default store: one SQLite file (better-sqlite3, WAL). Wired only in main.ts.
 */
import type { Store } from '../port.js';
import { sqliteBus } from './bus.js';
import { sqliteActivities, sqliteStateMachines, sqliteTags } from './control-plane.js';
import { openDatabase, type SqliteOptions } from './database.js';
import { sqliteExecutions, sqliteTasks, sqliteTimers } from './executions.js';
import { sqliteQueues } from './queues.js';
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
    async close() {
      db.close();
    },
  };
}
