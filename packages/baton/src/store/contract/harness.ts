/**
 * How the contract suite gets a store: every test opens a fresh, empty one through the adapter's
 * factory and cleans it up afterwards, so no test sees another's rows (timers.next, listRunning
 * and task queues are global queries).
 */
import { afterEach, beforeEach } from 'vitest';
import type { Page, PageRequest, Store } from '../port.js';

export interface StoreHarness {
  readonly store: Store;
  /** Closes the store and removes what it wrote (temporary file, schema). */
  cleanup(): Promise<void>;
}

export type MakeStore = () => Promise<StoreHarness>;

/** The store of the running test. */
export interface StoreContext {
  readonly store: Store;
}

export function useStore(make: MakeStore): StoreContext {
  let current: StoreHarness | undefined;
  beforeEach(async () => {
    current = await make();
  });
  afterEach(async () => {
    const done = current;
    current = undefined;
    await done?.cleanup();
  });
  return {
    get store(): Store {
      if (!current) throw new Error('the store is only available inside a test');
      return current.store;
    },
  };
}

/** Reads every page of a list, asserting nothing: returns the pages as served. */
export async function allPages<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  limit: number,
  maxPages = 100,
): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let after: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await read({ limit, ...(after !== undefined ? { after } : {}) });
    pages.push(page);
    if (page.next === undefined) return pages;
    after = page.next;
  }
  throw new Error(`more than ${maxPages} pages: the cursor does not advance`);
}

/** Everything the store holds about some executions and tasks, to compare before and after a commit. */
export async function observe(store: Store, executionArns: readonly string[], tokens: readonly string[] = []) {
  const timers = await store.timers.due(Number.MAX_SAFE_INTEGER, 10_000);
  return {
    executions: await Promise.all(executionArns.map((arn) => store.executions.get(arn))),
    history: await Promise.all(
      executionArns.map((arn) => store.executions.history(arn, { reverse: false, limit: 10_000 })),
    ),
    openTasks: await Promise.all(executionArns.map((arn) => store.tasks.openTasks(arn))),
    tasks: await Promise.all(tokens.map((token) => store.tasks.get(token))),
    timers: timers.sort((a, b) => a.fireAt - b.fireAt || cmp(a.executionArn, b.executionArn) || a.seq - b.seq),
    running: await store.executions.listRunning(10_000),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
