/**
 * @module store/sqlite
 * The embedded default store: one SQLite file (better-sqlite3, WAL). Wired only in main.ts.
 */
import type { Store } from '../port.js';
import { sqliteActivities, sqliteStateMachines, sqliteTags } from './control-plane.js';
import { openDatabase, type SqliteOptions } from './database.js';
import { sqliteExecutions, sqliteTasks, sqliteTimers } from './executions.js';

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
    async close() {
      db.close();
    },
  };
}
