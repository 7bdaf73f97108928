/**
 * @module store/postgres
 * The shared store: PostgreSQL through a pg.Pool, for several Baton nodes on one database.
 * Wired only in main.ts. Entry point: `openPostgresStore`, which connects and applies the
 * schema's migrations (safely when nodes start together) before returning.
 *
 * - `commit` writes a whole group commit in one transaction, in a fixed number of statements
 *   (commit.ts); the optimistic version check is the UPDATE's WHERE clause.
 * - `tasks.claim` takes the oldest scheduled task with FOR UPDATE SKIP LOCKED, so nodes polling
 *   one activity never receive the same task.
 * - `queues.receive` claims messages with FOR UPDATE SKIP LOCKED; FIFO claims also take a
 *   transaction-scoped advisory lock per message group, so one group is served by one claim at a time.
 * - Driver errors are read in one place (errors.ts); expected outcomes never arrive as errors.
 *
 * @example
 * const store = await openPostgresStore({ url: 'postgres://baton@db:5432/baton', schema: 'baton' });
 */
import type { Store } from '../port.js';
import { postgresBus } from './bus.js';
import { postgresArchives } from './bus-archives.js';
import { postgresDocuments } from './bus-documents.js';
import { postgresSchedules } from './bus-schedules.js';
import { postgresActivities, postgresStateMachines, postgresTags } from './control-plane.js';
import { openDatabase, type PostgresOptions } from './database.js';
import { postgresExecutions, postgresTasks, postgresTimers } from './executions.js';
import { postgresPipes } from './pipes.js';
import { postgresQueues } from './queues.js';
import { postgresSchemas } from './schemas.js';
import { postgresLog, postgresStreams } from './streams.js';
import { postgresTopics } from './topics.js';

export type { PostgresOptions } from './database.js';

export async function openPostgresStore(options: PostgresOptions): Promise<Store> {
  const db = await openDatabase(options);
  return {
    kind: 'postgres',
    stateMachines: postgresStateMachines(db),
    activities: postgresActivities(db),
    tags: postgresTags(db),
    executions: postgresExecutions(db),
    timers: postgresTimers(db),
    tasks: postgresTasks(db),
    queues: postgresQueues(db),
    bus: postgresBus(db),
    topics: postgresTopics(db),
    log: postgresLog(db),
    streams: postgresStreams(db),
    pipes: postgresPipes(db),
    schemas: postgresSchemas(db),
    eventSchedules: postgresSchedules(db),
    eventArchives: postgresArchives(db),
    eventReplays: postgresDocuments(db, 'replay'),
    connections: postgresDocuments(db, 'connection'),
    apiDestinations: postgresDocuments(db, 'apiDestination'),
    async close() {
      await db.pool.end();
    },
  };
}
