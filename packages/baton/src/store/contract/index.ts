/**
 * @module store/contract
 * The storage port's contract suite (like Hono's `runTest`, BullMQ's conformance suite): every
 * adapter runs the same tests, one line per adapter:
 *
 * ```ts
 * describeStore('sqlite', async () => { const store = openSqliteStore({ path: ':memory:' }); return { store, cleanup: () => store.close() }; });
 * ```
 *
 * Each test gets a fresh, empty store from `make` and cleans it up. Test-only code: imports
 * vitest, and nothing outside the store port and its fixtures.
 */
import { describe } from 'vitest';
import { describeBus } from './bus.js';
import { describeEventArchives } from './bus-archives.js';
import { describeEventSchedules } from './bus-schedules.js';
import { describeControlPlane } from './control-plane.js';
import { describeExecutions } from './executions.js';
import { type MakeStore, useStore } from './harness.js';
import { describePipes } from './pipes.js';
import { describeQueues } from './queues.js';
import { describeSchemas } from './schemas.js';
import { describeStreams } from './streams.js';
import { describeTimersAndTasks } from './timers-tasks.js';
import { describeTopics } from './topics.js';

export type { MakeStore, StoreHarness } from './harness.js';

export function describeStore(name: string, make: MakeStore): void {
  describe(`store contract: ${name}`, () => {
    const ctx = useStore(make);
    describeControlPlane(ctx);
    describeExecutions(ctx);
    describeTimersAndTasks(ctx);
    describeQueues(ctx);
    describeStreams(ctx);
    describeBus(ctx);
    describeEventSchedules(ctx);
    describeEventArchives(ctx);
    describeTopics(ctx);
    describePipes(ctx);
    describeSchemas(ctx);
  });
}
