import { describe, expect, it } from 'vitest';
import type { Page } from '../api/http.js';
import type { ExecutionListItem } from '../api/sfn.js';
import { hasMore, nextPage, startCursor } from './pager.js';

function machine(name: string, startDates: number[]): ExecutionListItem[] {
  return startDates.map((startDate, i) => ({
    executionArn: `arn:aws:states:us-east-1:1:execution:${name}:${name}-${i}`,
    stateMachineArn: `arn:aws:states:us-east-1:1:stateMachine:${name}`,
    name: `${name}-${i}`,
    status: 'SUCCEEDED',
    startDate,
  }));
}

/** A fake ListExecutions: newest first, `pageSize` per call, nextToken an offset. */
function lister(data: Record<string, ExecutionListItem[]>, pageSize: number, calls: string[]) {
  return async (arn: string, token: string | undefined): Promise<Page<ExecutionListItem>> => {
    calls.push(`${arn.split(':').at(-1)}@${token ?? 0}`);
    const all = [...data[arn]!].sort((a, b) => b.startDate - a.startDate);
    const from = Number(token ?? 0);
    const items = all.slice(from, from + pageSize);
    return from + pageSize < all.length ? { items, nextToken: String(from + pageSize) } : { items };
  };
}

describe('nextPage', () => {
  it('merges machines newest first and never skips an unfetched newer execution', async () => {
    const a = machine('a', [100, 90, 80, 10, 5]);
    const b = machine('b', [95, 50, 40, 30, 20, 15]);
    const data = { [a[0]!.stateMachineArn]: a, [b[0]!.stateMachineArn]: b };
    const calls: string[] = [];
    const fetch = lister(data, 2, calls);
    let cursor = startCursor(Object.keys(data));
    const seen: number[] = [];
    while (hasMore(cursor)) {
      const page = await nextPage(cursor, 3, fetch);
      seen.push(...page.items.map((e) => e.startDate));
      cursor = page.cursor;
    }
    expect(seen).toEqual([100, 95, 90, 80, 50, 40, 30, 20, 15, 10, 5]);
    expect(calls.slice(0, 4)).toEqual(['a@0', 'b@0', 'a@2', 'b@2']);
  });

  it('pages one machine straight through its nextTokens', async () => {
    const a = machine('a', [9, 8, 7, 6, 5]);
    const calls: string[] = [];
    const first = await nextPage(
      startCursor([a[0]!.stateMachineArn]),
      2,
      lister({ [a[0]!.stateMachineArn]: a }, 2, calls),
    );
    expect(first.items.map((e) => e.startDate)).toEqual([9, 8]);
    expect(hasMore(first.cursor)).toBe(true);
    expect(calls).toEqual(['a@0']);
  });
});
