/**
 * Contract: executions (ExecutionStore in port.ts): group commit of starts and transitions with
 * the optimistic version check, reads of records, history, lists and definitions.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../asl/index.js';
import type { CommitOutcome, ExecutionRecord, ExecutionSummaryRecord } from '../port.js';
import {
  AWKWARD,
  advance,
  arns,
  closedState,
  DEFINITION,
  events,
  executionState,
  start,
  T0,
  task,
  timer,
} from './fixtures.js';
import { allPages, observe, type StoreContext } from './harness.js';

const M = arns.machine('M');
const arnOf = (name: string, machine = M) => arns.execution(machine, name);

/** The record a committed start leaves: the row as given, advanced by its first transition. */
function startedRecord(item: ReturnType<typeof start>): ExecutionRecord {
  const { record, start: first } = item.execution;
  const s = first.state;
  return {
    ...record,
    status: s.status,
    ...(s.closedAt !== undefined ? { stopDate: s.closedAt } : {}),
    ...(s.output !== undefined ? { output: s.output } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
    ...(s.cause !== undefined ? { cause: s.cause } : {}),
    redriveCount: s.redriveCount ?? 0,
    ...(s.redrivenAt !== undefined ? { redriveDate: s.redrivenAt } : {}),
    state: s,
    version: 1,
  };
}

function summaryOf(record: ExecutionRecord): ExecutionSummaryRecord {
  const { state: _s, input: _i, output: _o, version: _v, definitionHash: _d, ...summary } = record;
  return summary;
}

export function describeExecutions(ctx: StoreContext): void {
  describe('executions: start', () => {
    it('a start inserts the execution and commits its first transition with it', async () => {
      const arn = arnOf('e1');
      const item = start({
        name: 'e1',
        input: { order: 42 },
        stateMachineVersionArn: `${M}:3`,
        traceHeader: 'Root=1-abc',
        first: {
          state: executionState(arn, { lastEventId: 2, lastSeq: 2 }),
          events: [...start({ name: 'e1' }).execution.start.events, ...events(2, 1)],
          timersArmed: [timer(arn, 1, T0 + 10)],
          tasksCreated: [task(arn, 2)],
        },
      });
      expect(await ctx.store.executions.commit([item])).toEqual(['committed']);

      expect(await ctx.store.executions.get(arn)).toStrictEqual(startedRecord(item));
      expect(await ctx.store.executions.history(arn, { reverse: false, limit: 100 })).toStrictEqual(
        item.execution.start.events,
      );
      expect(await ctx.store.timers.next()).toStrictEqual(timer(arn, 1, T0 + 10));
      expect(await ctx.store.tasks.get(task(arn, 2).token)).toStrictEqual(task(arn, 2));
      expect(await ctx.store.tasks.openTasks(arn)).toStrictEqual([task(arn, 2)]);
      expect(await ctx.store.executions.definition(DEFINITION.hash)).toBe(DEFINITION.text);
      expect(await ctx.store.executions.listRunning(10)).toEqual([arn]);
    });

    it('a start whose first transition closes the execution stores the closed status, stop date and result', async () => {
      const ok = start({
        name: 'ok',
        first: { state: closedState(arnOf('ok'), 'SUCCEEDED', { output: { r: 1 }, closedAt: T0 + 7 }) },
      });
      const failed = start({
        name: 'failed',
        first: { state: closedState(arnOf('failed'), 'FAILED', { error: 'States.Runtime', cause: 'boom' }) },
      });
      expect(await ctx.store.executions.commit([ok, failed])).toEqual(['committed', 'committed']);
      const okRecord = await ctx.store.executions.get(arnOf('ok'));
      expect(okRecord).toStrictEqual(startedRecord(ok));
      expect(okRecord).toMatchObject({ status: 'SUCCEEDED', stopDate: T0 + 7, output: { r: 1 } });
      const failedRecord = await ctx.store.executions.get(arnOf('failed'));
      expect(failedRecord).toStrictEqual(startedRecord(failed));
      expect(failedRecord).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause: 'boom' });
      expect(failedRecord).not.toHaveProperty('output');
      expect(await ctx.store.executions.listRunning(10)).toEqual([]);
    });

    it('a second start with the same ARN reports alreadyExists and changes nothing', async () => {
      const arn = arnOf('e1');
      const first = start({
        name: 'e1',
        first: { timersArmed: [timer(arn, 1, T0 + 10)], tasksCreated: [task(arn, 2)] },
      });
      await ctx.store.executions.commit([first]);
      const before = await observe(ctx.store, [arn], [task(arn, 2).token]);

      const again = start({
        name: 'e1',
        input: { other: true },
        definition: { hash: 'hash-2', text: '{"other":true}' },
        first: {
          state: closedState(arn, 'SUCCEEDED', { output: 'late' }),
          events: events(1, 3),
          timersArmed: [timer(arn, 1, T0 + 99), timer(arn, 5, T0 + 5)],
          tasksCreated: [task(arn, 6)],
          tasksClosed: [task(arn, 2).token],
        },
      });
      expect(await ctx.store.executions.commit([again])).toEqual(['alreadyExists']);

      expect(await observe(ctx.store, [arn], [task(arn, 2).token])).toStrictEqual(before);
      expect(await ctx.store.tasks.get(task(arn, 6).token)).toBeUndefined();
      expect(await ctx.store.executions.definition('hash-2')).toBeUndefined();
    });

    it('two starts of one ARN in one batch: the first commits, the second reports alreadyExists', async () => {
      const first = start({ name: 'e1', input: 'first' });
      const second = start({ name: 'e1', input: 'second', first: { tasksCreated: [task(arnOf('e1'), 9)] } });
      expect(await ctx.store.executions.commit([first, second])).toEqual(['committed', 'alreadyExists']);
      expect(await ctx.store.executions.get(arnOf('e1'))).toStrictEqual(startedRecord(first));
      expect(await ctx.store.tasks.get(task(arnOf('e1'), 9).token)).toBeUndefined();
    });

    it('definition returns the text stored under its hash, shared by executions; unknown hashes are undefined', async () => {
      const other = { hash: 'hash-2', text: '{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}' };
      await ctx.store.executions.commit([
        start({ name: 'a' }),
        start({ name: 'b' }),
        start({ name: 'c', definition: other }),
      ]);
      expect(await ctx.store.executions.definition(DEFINITION.hash)).toBe(DEFINITION.text);
      expect(await ctx.store.executions.definition(other.hash)).toBe(other.text);
      expect(await ctx.store.executions.definition('hash-unknown')).toBeUndefined();
      expect((await ctx.store.executions.get(arnOf('c')))?.definitionHash).toBe(other.hash);
    });
  });

  describe('executions: transitions', () => {
    it('a transition at the current version commits state, events, timers and tasks, and increments the version', async () => {
      const arn = arnOf('e1');
      const item = start({
        name: 'e1',
        first: { timersArmed: [timer(arn, 1, T0 + 10)], tasksCreated: [task(arn, 2)] },
      });
      await ctx.store.executions.commit([item]);

      const state2 = executionState(arn, { lastEventId: 4, lastSeq: 4, pending: { 2: 0, 3: 0, 4: 0 } });
      const outcome = await ctx.store.executions.commit([
        advance(arn, 1, {
          state: state2,
          events: events(2, 3),
          timersArmed: [timer(arn, 3, T0 + 30)],
          timersCancelled: [1],
          tasksCreated: [
            task(arn, 4, { kind: 'function', resource: 'arn:aws:lambda:us-east-1:123456789012:function:F' }),
          ],
          tasksStarted: [task(arn, 2).token],
        }),
      ]);
      expect(outcome).toEqual(['committed']);
      expect(await ctx.store.executions.get(arn)).toStrictEqual({ ...startedRecord(item), state: state2, version: 2 });
      expect(await ctx.store.executions.history(arn, { reverse: false, limit: 100 })).toStrictEqual([
        ...item.execution.start.events,
        ...events(2, 3),
      ]);
      expect(await ctx.store.timers.due(Number.MAX_SAFE_INTEGER, 100)).toStrictEqual([timer(arn, 3, T0 + 30)]);
      expect((await ctx.store.tasks.openTasks(arn)).map((t) => [t.seq, t.status])).toEqual([
        [2, 'STARTED'],
        [4, 'SCHEDULED'],
      ]);

      const done = closedState(arn, 'SUCCEEDED', { output: { total: 3 }, closedAt: T0 + 99 });
      expect(
        await ctx.store.executions.commit([
          advance(arn, 2, {
            state: done,
            events: events(5, 1, 'ExecutionSucceeded'),
            timersCancelled: [3],
            tasksClosed: [task(arn, 2).token, task(arn, 4).token],
          }),
        ]),
      ).toEqual(['committed']);
      expect(await ctx.store.executions.get(arn)).toStrictEqual({
        ...startedRecord(item),
        status: 'SUCCEEDED',
        stopDate: T0 + 99,
        output: { total: 3 },
        state: done,
        version: 3,
      });
      expect(await ctx.store.tasks.openTasks(arn)).toEqual([]);
      expect((await ctx.store.tasks.get(task(arn, 2).token))?.status).toBe('CLOSED');
      expect(await ctx.store.timers.next()).toBeUndefined();
      expect(await ctx.store.executions.listRunning(10)).toEqual([]);
    });

    it('a transition with a stale (or future) expectedVersion reports conflict and writes nothing', async () => {
      const arn = arnOf('e1');
      const tokens = [2, 10].map((seq) => task(arn, seq).token);
      await ctx.store.executions.commit([
        start({ name: 'e1', first: { timersArmed: [timer(arn, 1, T0 + 10)], tasksCreated: [task(arn, 2)] } }),
      ]);
      await ctx.store.executions.commit([advance(arn, 1, { events: events(2, 1) })]);
      const before = await observe(ctx.store, [arn], tokens);

      for (const expectedVersion of [1, 0, 3]) {
        const outcome = await ctx.store.executions.commit([
          advance(arn, expectedVersion, {
            state: closedState(arn, 'FAILED', { error: 'E', cause: 'stale' }),
            events: events(3, 2),
            timersArmed: [timer(arn, 9, T0 + 1)],
            timersCancelled: [1],
            tasksCreated: [task(arn, 10)],
            tasksStarted: [tokens[0]!],
            tasksClosed: [tokens[0]!],
          }),
        ]);
        expect(outcome).toEqual(['conflict']);
        expect(await observe(ctx.store, [arn], tokens)).toStrictEqual(before);
      }
    });

    it('a transition of an unknown execution reports conflict and writes nothing', async () => {
      const ghost = arnOf('ghost');
      const outcome = await ctx.store.executions.commit([
        advance(ghost, 0, {
          events: events(1, 2),
          timersArmed: [timer(ghost, 1, T0)],
          tasksCreated: [task(ghost, 2)],
        }),
      ]);
      expect(outcome).toEqual(['conflict']);
      expect(await observe(ctx.store, [ghost], [task(ghost, 2).token])).toStrictEqual({
        executions: [undefined],
        history: [[]],
        openTasks: [[]],
        tasks: [undefined],
        timers: [],
        running: [],
      });
    });

    it('a batch commits the items that can commit and reports one outcome per item, in order', async () => {
      const [a, b, c] = ['a', 'b', 'c'].map((n) => arnOf(n)) as [string, string, string];
      await ctx.store.executions.commit([start({ name: 'b' }), start({ name: 'c' })]);
      await ctx.store.executions.commit([advance(c, 1, { events: events(2, 1) })]);

      const outcomes = await ctx.store.executions.commit([
        start({ name: 'a', first: { tasksCreated: [task(a, 1)] } }),
        start({ name: 'b', input: 'again', first: { tasksCreated: [task(b, 7)] } }),
        advance(c, 1, { events: events(3, 1, 'FailStateEntered'), timersArmed: [timer(c, 8, T0)] }),
        advance(b, 1, { events: events(2, 2), timersArmed: [timer(b, 1, T0 + 1)] }),
        advance(c, 2, { events: events(3, 1), tasksCreated: [task(c, 3)] }),
      ]);
      expect(outcomes).toEqual<CommitOutcome[]>(['committed', 'alreadyExists', 'conflict', 'committed', 'committed']);

      expect((await ctx.store.executions.get(a))?.version).toBe(1);
      expect(await ctx.store.tasks.get(task(a, 1).token)).toStrictEqual(task(a, 1));
      expect(await ctx.store.executions.get(b)).toMatchObject({ version: 2, input: { name: 'b' } });
      expect(await ctx.store.tasks.get(task(b, 7).token)).toBeUndefined();
      expect((await ctx.store.executions.history(b, { reverse: false, limit: 10 })).map((e) => e.id)).toEqual([
        1, 2, 3,
      ]);
      expect((await ctx.store.executions.get(c))?.version).toBe(3);
      expect(await ctx.store.executions.history(c, { reverse: true, limit: 1 })).toStrictEqual(events(3, 1));
      expect(await ctx.store.tasks.openTasks(c)).toStrictEqual([task(c, 3)]);
      expect(await ctx.store.timers.due(Number.MAX_SAFE_INTEGER, 10)).toStrictEqual([timer(b, 1, T0 + 1)]);
    });

    it('items of one execution in one batch apply in order: a start, then its transitions', async () => {
      const a = arnOf('a');
      const outcomes = await ctx.store.executions.commit([
        start({ name: 'a' }),
        advance(a, 1, { events: events(2, 2), tasksCreated: [task(a, 1)] }),
        advance(a, 2, { events: events(4, 1), tasksClosed: [task(a, 1).token], timersArmed: [timer(a, 2, T0)] }),
        advance(a, 2, { events: events(5, 1), timersArmed: [timer(a, 3, T0)] }),
      ]);
      expect(outcomes).toEqual(['committed', 'committed', 'committed', 'conflict']);
      expect((await ctx.store.executions.get(a))?.version).toBe(3);
      expect((await ctx.store.executions.history(a, { reverse: false, limit: 10 })).map((e) => e.id)).toEqual([
        1, 2, 3, 4,
      ]);
      expect((await ctx.store.tasks.get(task(a, 1).token))?.status).toBe('CLOSED');
      expect(await ctx.store.timers.due(Number.MAX_SAFE_INTEGER, 10)).toStrictEqual([timer(a, 2, T0)]);
    });

    it('concurrent commits at the same version: exactly one commits, the others conflict and write nothing', async () => {
      const a = arnOf('a');
      await ctx.store.executions.commit([start({ name: 'a' })]);
      const contenders = Array.from({ length: 6 }, (_, i) =>
        advance(a, 1, {
          events: [{ id: 2, previousEventId: 1, timestamp: T0 + i, type: 'PassStateEntered', details: { who: i } }],
          tasksCreated: [task(a, 1, { token: `token-of-${i}` })],
        }),
      );
      const outcomes = (await Promise.all(contenders.map((c) => ctx.store.executions.commit([c])))).flat();
      expect(outcomes.filter((o) => o === 'committed')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'conflict')).toHaveLength(5);
      const winner = outcomes.indexOf('committed');
      const history = await ctx.store.executions.history(a, { reverse: false, limit: 10 });
      expect(history.map((e) => e.details?.who ?? null)).toEqual([null, winner]);
      expect((await ctx.store.tasks.openTasks(a)).map((t) => t.token)).toEqual([`token-of-${winner}`]);
      expect((await ctx.store.executions.get(a))?.version).toBe(2);
    });

    it('documents are stored exactly: key order, escapes, NUL, unicode, numbers and null', async () => {
      const arn = arnOf('doc');
      const detailed: HistoryEvent = {
        id: 2,
        previousEventId: 1,
        timestamp: T0,
        type: 'TaskScheduled',
        details: AWKWARD,
      };
      const state = executionState(arn, { flows: { 0: awkwardFlow() }, lastEventId: 2 });
      await ctx.store.executions.commit([
        start({
          name: 'doc',
          input: AWKWARD,
          first: { state, events: [...start({ name: 'doc' }).execution.start.events, detailed] },
        }),
      ]);
      const closed = closedState(arn, 'FAILED', { error: 'Error\u0000Name', cause: 'cause with NUL \u0000 and 😀' });
      await ctx.store.executions.commit([
        advance(arn, 1, { state: closed, tasksCreated: [task(arn, 1, { input: AWKWARD })] }),
      ]);

      const record = await ctx.store.executions.get(arn);
      expect(JSON.stringify(record?.input)).toBe(JSON.stringify(AWKWARD));
      expect(record?.error).toBe('Error\u0000Name');
      expect(record?.cause).toBe('cause with NUL \u0000 and 😀');
      expect(JSON.stringify(record?.state)).toBe(JSON.stringify(closed));
      const [summary] = (await ctx.store.executions.list({ stateMachineArn: M }, { limit: 1 })).items;
      expect(summary?.cause).toBe('cause with NUL \u0000 and 😀');
      const history = await ctx.store.executions.history(arn, { reverse: true, limit: 1 });
      expect(JSON.stringify(history[0]?.details)).toBe(JSON.stringify(AWKWARD));
      expect(JSON.stringify((await ctx.store.tasks.get(task(arn, 1).token))?.input)).toBe(JSON.stringify(AWKWARD));

      await ctx.store.executions.commit([advance(arn, 2, { state })]);
      expect(JSON.stringify((await ctx.store.executions.get(arn))?.state)).toBe(JSON.stringify(state));
    });

    it("a transition's state sets the record's redrive count and date, and reopens a closed execution", async () => {
      const arn = arnOf('again');
      const item = start({ name: 'again' });
      await ctx.store.executions.commit([item]);
      const failed = closedState(arn, 'FAILED', { error: 'E', closedAt: T0 + 10 });
      await ctx.store.executions.commit([advance(arn, 1, { state: failed })]);
      expect(await ctx.store.executions.listRunning(10)).toEqual([]);

      const redriven = executionState(arn, { redriveCount: 1, redrivenAt: T0 + 100 });
      expect(await ctx.store.executions.commit([advance(arn, 2, { state: redriven })])).toEqual(['committed']);
      expect(await ctx.store.executions.get(arn)).toStrictEqual({
        ...startedRecord(item),
        redriveCount: 1,
        redriveDate: T0 + 100,
        state: redriven,
        version: 3,
      });
      expect(await ctx.store.executions.listRunning(10)).toEqual([arn]);
      const [summary] = (await ctx.store.executions.list({ stateMachineArn: M, status: 'RUNNING' }, { limit: 1 }))
        .items;
      expect(summary).toMatchObject({ status: 'RUNNING', redriveCount: 1, redriveDate: T0 + 100 });
      expect(summary).not.toHaveProperty('stopDate');
    });

    it('an output of JSON null is kept apart from no output; an input may be null', async () => {
      await ctx.store.executions.commit([
        start({
          name: 'null-out',
          input: null,
          first: { state: closedState(arnOf('null-out'), 'SUCCEEDED', { output: null }) },
        }),
        start({ name: 'no-out', first: { state: closedState(arnOf('no-out'), 'ABORTED') } }),
      ]);
      const withNull = await ctx.store.executions.get(arnOf('null-out'));
      expect(withNull).toHaveProperty('output', null);
      expect(withNull).toHaveProperty('input', null);
      expect(await ctx.store.executions.get(arnOf('no-out'))).not.toHaveProperty('output');
    });
  });

  describe('executions: reads', () => {
    it('history reads ascending or descending, after an event id (exclusive), up to a limit', async () => {
      const a = arnOf('a');
      const b = arnOf('b');
      const bare: HistoryEvent = { id: 11, previousEventId: 10, timestamp: T0 + 11, type: 'ExecutionSucceeded' };
      await ctx.store.executions.commit([start({ name: 'a' }), start({ name: 'b' })]);
      await ctx.store.executions.commit([
        advance(a, 1, { events: [...events(2, 9), bare] }),
        advance(b, 1, { events: events(2, 30) }),
      ]);
      const ids = async (query: { reverse: boolean; limit: number; after?: number }) =>
        (await ctx.store.executions.history(a, query)).map((e) => e.id);

      expect(await ids({ reverse: false, limit: 4 })).toEqual([1, 2, 3, 4]);
      expect(await ids({ reverse: false, limit: 4, after: 4 })).toEqual([5, 6, 7, 8]);
      expect(await ids({ reverse: false, limit: 4, after: 8 })).toEqual([9, 10, 11]);
      expect(await ids({ reverse: false, limit: 4, after: 11 })).toEqual([]);
      expect(await ids({ reverse: true, limit: 3 })).toEqual([11, 10, 9]);
      expect(await ids({ reverse: true, limit: 3, after: 9 })).toEqual([8, 7, 6]);
      expect(await ids({ reverse: true, limit: 3, after: 2 })).toEqual([1]);
      expect(await ids({ reverse: true, limit: 3, after: 1 })).toEqual([]);

      expect(await ctx.store.executions.history(a, { reverse: true, limit: 2 })).toStrictEqual([
        bare,
        ...events(10, 1),
      ]);
      expect(await ctx.store.executions.history(arnOf('ghost'), { reverse: false, limit: 10 })).toEqual([]);
    });

    it('history of one transition with more events than a page holds reads back whole, in order, page by page', async () => {
      const a = arnOf('a');
      await ctx.store.executions.commit([start({ name: 'a' })]);
      await ctx.store.executions.commit([advance(a, 1, { events: events(2, 1000) })]);
      const all = [];
      let after: number | undefined;
      for (;;) {
        const page = await ctx.store.executions.history(a, { reverse: false, limit: 300, ...(after ? { after } : {}) });
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1]!.id;
      }
      expect(all.map((e) => e.id)).toEqual(Array.from({ length: 1001 }, (_, i) => i + 1));
      expect(all.slice(1)).toStrictEqual(events(2, 1000));
      const last = await ctx.store.executions.history(a, { reverse: true, limit: 3, after: 258 });
      expect(last.map((e) => e.id)).toEqual([257, 256, 255]);
    });

    it('list is newest first (start date, then ARN), scoped to the machine, filtered by status, and pages', async () => {
      const dates: Record<string, number> = { e1: 1, e2: 3, e3: 2, e4: 3, e5: 0, e6: 4 };
      await ctx.store.executions.commit([
        ...['e1', 'e2', 'e3', 'e4'].map((name) => start({ name, startDate: T0 + dates[name]! })),
        start({ name: 'e5', startDate: T0, first: { state: closedState(arnOf('e5'), 'SUCCEEDED', { output: 1 }) } }),
        start({ name: 'e6', startDate: T0 + 4 }),
        start({ name: 'other', machine: arns.machine('M2'), startDate: T0 + 2 }),
        start({ name: 'other', machine: arns.machine('L'), startDate: T0 + 2 }),
      ]);
      const failed = closedState(arnOf('e6'), 'FAILED', { error: 'E', cause: 'C', closedAt: T0 + 50 });
      await ctx.store.executions.commit([advance(arnOf('e6'), 1, { state: failed })]);

      const names = async (status?: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT', limit = 10) =>
        (
          await allPages(
            (page) => ctx.store.executions.list({ stateMachineArn: M, ...(status ? { status } : {}) }, page),
            limit,
          )
        ).map((p) => p.items.map((e) => e.name));

      expect(await names()).toEqual([['e6', 'e4', 'e2', 'e3', 'e1', 'e5']]);
      expect(await names(undefined, 4)).toEqual([
        ['e6', 'e4', 'e2', 'e3'],
        ['e1', 'e5'],
      ]);
      expect(await names(undefined, 3)).toEqual([
        ['e6', 'e4', 'e2'],
        ['e3', 'e1', 'e5'],
      ]);
      expect(await names('RUNNING', 3)).toEqual([['e4', 'e2', 'e3'], ['e1']]);
      expect(await names('SUCCEEDED')).toEqual([['e5']]);
      expect(await names('FAILED')).toEqual([['e6']]);
      expect(await names('TIMED_OUT')).toEqual([[]]);

      const page = await ctx.store.executions.list({ stateMachineArn: M }, { limit: 1 });
      expect(page.items).toStrictEqual([
        summaryOf({
          ...startedRecord(start({ name: 'e6', startDate: T0 + 4 })),
          status: 'FAILED',
          stopDate: T0 + 50,
          error: 'E',
          cause: 'C',
        }),
      ]);
      const [running] = (await ctx.store.executions.list({ stateMachineArn: M, status: 'RUNNING' }, { limit: 1 }))
        .items;
      expect(running).toStrictEqual(summaryOf(startedRecord(start({ name: 'e4', startDate: T0 + 3 }))));
    });

    it('list filters by the version or alias ARN an execution was started through', async () => {
      await ctx.store.executions.commit([
        start({ name: 'v1', startDate: T0 + 1, stateMachineVersionArn: `${M}:1` }),
        start({ name: 'live', startDate: T0 + 2, stateMachineVersionArn: `${M}:2`, stateMachineAliasArn: `${M}:live` }),
        start({ name: 'plain', startDate: T0 + 3 }),
        start({ name: 'v1b', startDate: T0 + 4, stateMachineVersionArn: `${M}:1` }),
        start({ name: 'v12', startDate: T0 + 5, stateMachineVersionArn: `${M}:12` }),
      ]);
      const names = async (versionOrAliasArn: string, limit = 10) =>
        (
          await allPages((page) => ctx.store.executions.list({ stateMachineArn: M, versionOrAliasArn }, page), limit)
        ).map((p) => p.items.map((e) => e.name));
      expect(await names(`${M}:1`)).toEqual([['v1b', 'v1']]);
      expect(await names(`${M}:1`, 1)).toEqual([['v1b'], ['v1']]);
      expect(await names(`${M}:2`)).toEqual([['live']]);
      expect(await names(`${M}:live`)).toEqual([['live']]);
      const [live] = (
        await ctx.store.executions.list({ stateMachineArn: M, versionOrAliasArn: `${M}:live` }, { limit: 1 })
      ).items;
      expect(live).toMatchObject({ stateMachineVersionArn: `${M}:2`, stateMachineAliasArn: `${M}:live` });
    });

    it('listRunning lists the RUNNING executions of every machine by ARN, after a given ARN', async () => {
      const m2 = arns.machine('M2');
      await ctx.store.executions.commit([
        start({ name: 'c' }),
        start({ name: 'a' }),
        start({ name: 'b' }),
        start({ name: 'a', machine: m2 }),
        start({ name: 'done', first: { state: closedState(arnOf('done'), 'SUCCEEDED') } }),
        start({ name: 'stopped' }),
      ]);
      await ctx.store.executions.commit([
        advance(arnOf('stopped'), 1, { state: closedState(arnOf('stopped'), 'ABORTED') }),
      ]);
      // By code point: '…:M2:a' sorts before '…:M:a' ('2' < ':').
      const all = [arnOf('a', m2), arnOf('a'), arnOf('b'), arnOf('c')];
      expect(await ctx.store.executions.listRunning(10)).toEqual(all);
      expect(await ctx.store.executions.listRunning(2)).toEqual(all.slice(0, 2));
      expect(await ctx.store.executions.listRunning(2, all[1])).toEqual(all.slice(2));
      expect(await ctx.store.executions.listRunning(2, all[3])).toEqual([]);
    });

    it('get of an unknown execution is undefined', async () => {
      await ctx.store.executions.commit([start({ name: 'a' })]);
      expect(await ctx.store.executions.get(arnOf('b'))).toBeUndefined();
    });
  });
}

/** A flow whose variables and input are awkward documents: state must survive byte for byte too. */
function awkwardFlow() {
  return {
    id: 0,
    scope: 0,
    vars: AWKWARD,
    state: 'Ünïcode state "name"',
    input: AWKWARD,
    enteredEventId: 1,
    enteredAt: T0,
    lastEventId: 2,
    retries: [0, 2],
    silent: false,
  };
}
