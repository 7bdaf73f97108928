/**
 * Contract: timers (TimerStore) and tasks (TaskStore) in port.ts, both written only by commits.
 * Within one transition the store applies timersArmed, then timersCancelled, then tasksCreated,
 * tasksStarted and tasksClosed: the order pinned here so both adapters agree on odd mixtures.
 */
import { describe, expect, it } from 'vitest';
import { advance, arns, start, T0, task, timer } from './fixtures.js';
import type { StoreContext } from './harness.js';

const M = arns.machine('M');
const A = arns.execution(M, 'a');
const B = arns.execution(M, 'b');
const R = arns.activity('R');
const R2 = arns.activity('R2');
const ALL = Number.MAX_SAFE_INTEGER;

export function describeTimersAndTasks(ctx: StoreContext): void {
  /** Starts executions `a` and `b` (version 1 each). */
  const startAB = () => ctx.store.executions.commit([start({ name: 'a' }), start({ name: 'b' })]);

  describe('timers', () => {
    it('an empty store has no timers', async () => {
      expect(await ctx.store.timers.next()).toBeUndefined();
      expect(await ctx.store.timers.due(ALL, 10)).toEqual([]);
    });

    it('due lists the timers at or before now, earliest first, up to a limit; next is the earliest', async () => {
      await startAB();
      await ctx.store.executions.commit([
        advance(A, 1, { timersArmed: [timer(A, 1, T0 + 30), timer(A, 2, T0 + 10)] }),
        advance(B, 1, { timersArmed: [timer(B, 1, T0 + 20), timer(B, 5, T0 + 40)] }),
      ]);
      expect(await ctx.store.timers.next()).toStrictEqual(timer(A, 2, T0 + 10));
      expect(await ctx.store.timers.due(T0 + 9, 10)).toEqual([]);
      expect(await ctx.store.timers.due(T0 + 20, 10)).toStrictEqual([timer(A, 2, T0 + 10), timer(B, 1, T0 + 20)]);
      expect(await ctx.store.timers.due(T0 + 35, 2)).toStrictEqual([timer(A, 2, T0 + 10), timer(B, 1, T0 + 20)]);
      expect(await ctx.store.timers.due(ALL, 10)).toStrictEqual([
        timer(A, 2, T0 + 10),
        timer(B, 1, T0 + 20),
        timer(A, 1, T0 + 30),
        timer(B, 5, T0 + 40),
      ]);
    });

    it('arming a sequence number again moves its timer, in a later transition or within one', async () => {
      await startAB();
      await ctx.store.executions.commit([advance(A, 1, { timersArmed: [timer(A, 1, T0 + 10)] })]);
      await ctx.store.executions.commit([advance(A, 2, { timersArmed: [timer(A, 1, T0 + 50)] })]);
      expect(await ctx.store.timers.due(T0 + 10, 10)).toEqual([]);
      expect(await ctx.store.timers.due(ALL, 10)).toStrictEqual([timer(A, 1, T0 + 50)]);

      await ctx.store.executions.commit([advance(B, 1, { timersArmed: [timer(B, 7, T0 + 70), timer(B, 7, T0 + 60)] })]);
      expect(await ctx.store.timers.due(ALL, 10)).toStrictEqual([timer(A, 1, T0 + 50), timer(B, 7, T0 + 60)]);
    });

    it('a cancelled timer is gone; other executions keep theirs; cancelling an unarmed one is harmless', async () => {
      await startAB();
      await ctx.store.executions.commit([
        advance(A, 1, { timersArmed: [timer(A, 1, T0 + 10), timer(A, 2, T0 + 20)] }),
        advance(B, 1, { timersArmed: [timer(B, 1, T0 + 10)] }),
      ]);
      expect(await ctx.store.executions.commit([advance(A, 2, { timersCancelled: [1, 99] })])).toEqual(['committed']);
      expect(await ctx.store.timers.due(ALL, 10)).toStrictEqual([timer(B, 1, T0 + 10), timer(A, 2, T0 + 20)]);
    });

    it('a timer armed and cancelled by the same transition stays cancelled', async () => {
      await startAB();
      await ctx.store.executions.commit([
        advance(A, 1, { timersArmed: [timer(A, 1, T0 + 10), timer(A, 2, T0 + 20)], timersCancelled: [1] }),
      ]);
      expect(await ctx.store.timers.due(ALL, 10)).toStrictEqual([timer(A, 2, T0 + 20)]);
      await ctx.store.executions.commit([advance(A, 2, { timersArmed: [timer(A, 2, T0 + 30)], timersCancelled: [2] })]);
      expect(await ctx.store.timers.next()).toBeUndefined();
    });

    it('remove deletes one timer and nothing else', async () => {
      await startAB();
      await ctx.store.executions.commit([
        advance(A, 1, { timersArmed: [timer(A, 1, T0 + 10), timer(A, 2, T0 + 20)] }),
        advance(B, 1, { timersArmed: [timer(B, 1, T0 + 15)] }),
      ]);
      await ctx.store.timers.remove(A, 1);
      await ctx.store.timers.remove(A, 99);
      await ctx.store.timers.remove(arns.execution(M, 'ghost'), 1);
      expect(await ctx.store.timers.due(ALL, 10)).toStrictEqual([timer(B, 1, T0 + 15), timer(A, 2, T0 + 20)]);
    });
  });

  describe('tasks', () => {
    it('tasks created by a transition are stored as given; unknown tokens are undefined', async () => {
      await startAB();
      const callback = task(A, 1, {
        kind: 'function',
        resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        integrationPattern: 'waitForTaskToken',
        heartbeatSeconds: 30,
        input: { nested: [1, { deep: null }] },
      });
      const plain = task(A, 2, { kind: 'service', integrationPattern: 'sync:2', input: 'text' });
      await ctx.store.executions.commit([advance(A, 1, { tasksCreated: [callback, plain] })]);
      expect(await ctx.store.tasks.get(callback.token)).toStrictEqual(callback);
      expect(await ctx.store.tasks.get(plain.token)).toStrictEqual(plain);
      expect(await ctx.store.tasks.get('token-unknown')).toBeUndefined();
    });

    it('scheduled lists the oldest SCHEDULED tasks of the resource, oldest first, up to the limit', async () => {
      await startAB();
      const [t1, t2, t3] = [
        task(A, 1, { resource: R, createdAt: T0 + 30 }),
        task(A, 2, { resource: R, createdAt: T0 + 10 }),
        task(B, 3, { resource: R, createdAt: T0 + 20 }),
      ] as const;
      const other = task(B, 4, { resource: R2, createdAt: T0 });
      await ctx.store.executions.commit([
        advance(A, 1, { tasksCreated: [t1, t2] }),
        advance(B, 1, { tasksCreated: [t3, other] }),
      ]);
      expect(await ctx.store.tasks.scheduled(R, 10)).toStrictEqual([t2, t3, t1]);
      expect(await ctx.store.tasks.scheduled(R, 2)).toStrictEqual([t2, t3]);
      expect(await ctx.store.tasks.scheduled(R2, 10)).toStrictEqual([other]);
      expect(await ctx.store.tasks.scheduled(arns.activity('Nobody'), 10)).toStrictEqual([]);
    });

    it('scheduled passes over STARTED and CLOSED tasks; retire closes only a SCHEDULED task', async () => {
      await startAB();
      const started = task(A, 1, { resource: R, createdAt: T0 });
      const closed = task(A, 2, { resource: R, createdAt: T0 + 1 });
      const waiting = task(A, 3, { resource: R, createdAt: T0 + 2 });
      const stale = task(A, 4, { resource: R, createdAt: T0 + 3 });
      await ctx.store.executions.commit([advance(A, 1, { tasksCreated: [started, closed, waiting, stale] })]);
      await ctx.store.executions.commit([
        advance(A, 2, { tasksStarted: [started.token], tasksClosed: [closed.token] }),
      ]);
      expect((await ctx.store.tasks.scheduled(R, 10)).map((t) => t.token)).toEqual([waiting.token, stale.token]);
      await ctx.store.tasks.retire(stale.token);
      await ctx.store.tasks.retire(started.token);
      expect((await ctx.store.tasks.scheduled(R, 10)).map((t) => t.token)).toEqual([waiting.token]);
      expect(await ctx.store.tasks.get(stale.token)).toMatchObject({ status: 'CLOSED' });
      expect(await ctx.store.tasks.get(started.token)).toMatchObject({ status: 'STARTED' });
    });

    it('tasksStarted moves SCHEDULED tasks to STARTED only; tasksClosed closes any task', async () => {
      await startAB();
      const [scheduled, closed] = [1, 2].map((seq) => task(A, seq, { resource: R, createdAt: T0 + seq }));
      await ctx.store.executions.commit([advance(A, 1, { tasksCreated: [scheduled!, closed!] })]);
      await ctx.store.executions.commit([advance(A, 2, { tasksClosed: [closed!.token] })]);
      await ctx.store.executions.commit([advance(A, 3, { tasksStarted: [scheduled!.token, closed!.token] })]);
      const status = async () =>
        Promise.all([scheduled, closed].map(async (t) => (await ctx.store.tasks.get(t!.token))?.status));
      expect(await status()).toEqual(['STARTED', 'CLOSED']);
      await ctx.store.executions.commit([advance(A, 4, { tasksClosed: [scheduled!.token] })]);
      expect(await status()).toEqual(['CLOSED', 'CLOSED']);
    });

    it('a task created and started, closed, or both by the same transition ends STARTED, CLOSED, CLOSED', async () => {
      await startAB();
      const [started, closed, both] = [1, 2, 3].map((seq) => task(A, seq, { resource: R }));
      await ctx.store.executions.commit([
        advance(A, 1, {
          tasksCreated: [started!, closed!, both!],
          tasksStarted: [started!.token, both!.token],
          tasksClosed: [closed!.token, both!.token],
        }),
      ]);
      expect(await ctx.store.tasks.get(started!.token)).toStrictEqual({ ...started, status: 'STARTED' });
      expect(await ctx.store.tasks.get(closed!.token)).toStrictEqual({ ...closed, status: 'CLOSED' });
      expect(await ctx.store.tasks.get(both!.token)).toStrictEqual({ ...both, status: 'CLOSED' });
      expect(await ctx.store.tasks.scheduled(R, 10)).toStrictEqual([]);
    });

    it('openTasks lists the tasks of one execution that are not CLOSED, by sequence number', async () => {
      await startAB();
      await ctx.store.executions.commit([
        advance(A, 1, { tasksCreated: [task(A, 3), task(A, 1), task(A, 2)] }),
        advance(B, 1, { tasksCreated: [task(B, 1)] }),
      ]);
      await ctx.store.executions.commit([
        advance(A, 2, { tasksStarted: [task(A, 1).token], tasksClosed: [task(A, 2).token] }),
      ]);
      expect(await ctx.store.tasks.openTasks(A)).toStrictEqual([{ ...task(A, 1), status: 'STARTED' }, task(A, 3)]);
      expect(await ctx.store.tasks.openTasks(B)).toStrictEqual([task(B, 1)]);
      expect(await ctx.store.tasks.openTasks(arns.execution(M, 'ghost'))).toEqual([]);
    });
  });
}
