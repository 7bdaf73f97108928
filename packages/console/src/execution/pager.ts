/**
 * Pages of executions across several state machines, newest first. ListExecutions lists one
 * machine at a time (as on AWS), each newest first with its own nextToken; this merges them so
 * that a page never shows an execution older than one not fetched yet.
 */
import type { Page } from '../api/http.js';
import type { ExecutionListItem } from '../api/sfn.js';

export interface MachineCursor {
  readonly stateMachineArn: string;
  readonly buffer: readonly ExecutionListItem[];
  readonly nextToken?: string;
  readonly done: boolean;
}

export type Cursor = readonly MachineCursor[];

export function startCursor(stateMachineArns: readonly string[]): Cursor {
  return stateMachineArns.map((stateMachineArn) => ({ stateMachineArn, buffer: [], done: false }));
}

export function hasMore(cursor: Cursor): boolean {
  return cursor.some((m) => !m.done || m.buffer.length > 0);
}

export async function nextPage(
  cursor: Cursor,
  size: number,
  fetchPage: (stateMachineArn: string, nextToken: string | undefined) => Promise<Page<ExecutionListItem>>,
): Promise<{ items: ExecutionListItem[]; cursor: Cursor }> {
  // Fill every machine's buffer to `size` (or its end): then the newest `size` of all buffers
  // are newer than anything still unfetched.
  const filled = await Promise.all(
    cursor.map(async (m) => {
      let current = m;
      while (!current.done && current.buffer.length < size) {
        const page = await fetchPage(current.stateMachineArn, current.nextToken);
        current = {
          stateMachineArn: current.stateMachineArn,
          buffer: [...current.buffer, ...page.items],
          done: page.nextToken === undefined,
          ...(page.nextToken !== undefined ? { nextToken: page.nextToken } : {}),
        };
      }
      return current;
    }),
  );
  const all = filled
    .flatMap((m) => m.buffer)
    .sort((a, b) => b.startDate - a.startDate || a.executionArn.localeCompare(b.executionArn));
  const items = all.slice(0, size);
  const taken = new Set(items.map((e) => e.executionArn));
  return { items, cursor: filled.map((m) => ({ ...m, buffer: m.buffer.filter((e) => !taken.has(e.executionArn)) })) };
}
