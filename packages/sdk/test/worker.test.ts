/**
 * The worker against a real Baton server, through the activity protocol only (Step Functions
 * developer guide, "Activities": GetActivityTask, SendTaskSuccess, SendTaskFailure,
 * SendTaskHeartbeat).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, TaskAbortedError, type Worker } from '../src/index.js';
import {
  deployActivity,
  finished,
  history,
  recordingLogger,
  run,
  sleep,
  startExecution,
  startServer,
  type TestServer,
} from './support/baton.js';

let t: TestServer;
const workers: Worker[] = [];
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop({ graceMs: 0 })));
  await t.close();
});

/** A worker on the test server that is stopped after the file's tests. */
function worker(options: Omit<Parameters<typeof createWorker>[0], 'endpoint'>): Worker {
  const w = createWorker({ endpoint: t.url, logger: recordingLogger().logger, ...options });
  workers.push(w);
  return w;
}

describe('results', () => {
  it('runs the handler on the task input and reports its output with SendTaskSuccess', async () => {
    const { activityName, activityArn, machineArn } = await deployActivity(t.sfn, 'add');
    const seen: unknown[] = [];
    const w = worker({
      workerName: 'adder-1',
      activities: {
        [activityName]: async (input: { a: number; b: number }, ctx) => {
          seen.push({ arn: ctx.activityArn, name: ctx.workerName, token: typeof ctx.taskToken });
          return { sum: input.a + input.b };
        },
      },
    });
    await w.start();
    const out = await run(t.sfn, machineArn, { a: 2, b: 3 });
    expect(out).toMatchObject({ status: 'SUCCEEDED', output: '{"sum":5}' });
    expect(seen).toEqual([{ arn: activityArn, name: 'adder-1', token: 'string' }]);
    const started = (await history(t.sfn, out.executionArn!)).find((e) => e.type === 'ActivityStarted');
    expect(started?.activityStartedEventDetails?.workerName).toBe('adder-1');
  });

  it('accepts full activity ARNs as keys, and reports a handler that returns nothing as null', async () => {
    const { activityArn, machineArn } = await deployActivity(t.sfn, 'silent');
    await worker({ activities: { [activityArn]: () => undefined } }).start();
    expect(await run(t.sfn, machineArn)).toMatchObject({ status: 'SUCCEEDED', output: 'null' });
  });
});

describe('failures', () => {
  class OutOfStock extends Error {
    override name = 'OutOfStock';
  }

  it("fails the execution with the thrown error's name and message", async () => {
    const { activityName, machineArn } = await deployActivity(t.sfn, 'stock');
    await worker({
      activities: {
        [activityName]: () => {
          throw new OutOfStock('no stock for sku-1');
        },
      },
    }).start();
    expect(await run(t.sfn, machineArn)).toMatchObject({
      status: 'FAILED',
      error: 'OutOfStock',
      cause: 'no stock for sku-1',
    });
  });

  it('lets a Catch on the error name take over (ASL spec, "Fallback states")', async () => {
    const { activityName, machineArn } = await deployActivity(
      t.sfn,
      'caught',
      {
        Catch: [{ ErrorEquals: ['OutOfStock'], ResultPath: '$.problem', Next: 'Backorder' }],
      },
      { Backorder: { Type: 'Pass', End: true } },
    );
    await worker({
      activities: {
        [activityName]: async () => {
          throw new OutOfStock('no stock for sku-2');
        },
      },
    }).start();
    const out = await run(t.sfn, machineArn, { sku: 'sku-2' });
    expect(out.status).toBe('SUCCEEDED');
    expect(JSON.parse(out.output!)).toEqual({
      sku: 'sku-2',
      problem: { Error: 'OutOfStock', Cause: 'no stock for sku-2' },
    });
  });

  it("cuts the error to 256 and the cause to 32,768 characters (SendTaskFailure's limits)", async () => {
    const { activityName, machineArn } = await deployActivity(t.sfn, 'long');
    await worker({
      activities: {
        [activityName]: () => {
          throw Object.assign(new Error('c'.repeat(40_000)), { name: 'E'.repeat(300) });
        },
      },
    }).start();
    const out = await run(t.sfn, machineArn);
    expect(out).toMatchObject({ status: 'FAILED', error: 'E'.repeat(256) });
    expect(out.cause).toBe('c'.repeat(32_768));
  });

  it('fails the task when its output cannot be sent: not serializable, or refused by the service', async () => {
    const { activityName, machineArn } = await deployActivity(t.sfn, 'bad-output');
    let call = 0;
    await worker({
      activities: {
        // 1: BigInt makes JSON.stringify throw; 2: more than the 256 KiB payload quota.
        [activityName]: () => (++call === 1 ? { big: 1n } : 'x'.repeat(300 * 1024)),
      },
    }).start();
    expect(await run(t.sfn, machineArn)).toMatchObject({ status: 'FAILED', error: 'TypeError' });
    const refused = await run(t.sfn, machineArn);
    expect(refused).toMatchObject({ status: 'FAILED', error: 'InvalidOutput' });
    expect(refused.cause).toMatch(/maximum size/);
  });
});

describe('heartbeats', () => {
  it('keeps a task with HeartbeatSeconds: 2 alive while its handler runs 5 s', { timeout: 15_000 }, async () => {
    const { activityName, machineArn } = await deployActivity(t.sfn, 'slow', { HeartbeatSeconds: 2 });
    await worker({
      heartbeatSeconds: 1,
      activities: {
        [activityName]: async () => {
          await sleep(5_000);
          return { done: true };
        },
      },
    }).start();
    const out = await run(t.sfn, machineArn);
    expect(out).toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}' });
    const types = (await history(t.sfn, out.executionArn!)).map((e) => e.type);
    expect(types).not.toContain('ActivityTimedOut');
  });

  it("aborts the handler's signal when a heartbeat answers TaskTimedOut, and drops its result", async () => {
    const { activityName, machineArn } = await deployActivity(t.sfn, 'late', { HeartbeatSeconds: 1 });
    const { lines, logger } = recordingLogger();
    let reason: unknown;
    let sent: Promise<void> | undefined;
    await worker({
      logger,
      heartbeatSeconds: 1.5,
      activities: {
        [activityName]: async (_input, ctx) => {
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
          reason = ctx.signal.reason;
          sent = ctx.heartbeat();
          await sent.catch(() => {});
          return 'too late';
        },
      },
    }).start();
    const out = await run(t.sfn, machineArn);
    // ASL spec, "Error names": States.HeartbeatTimeout (which `States.Timeout` also matches).
    expect(out).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    await expect.poll(() => reason).toBeInstanceOf(TaskAbortedError);
    expect(reason).toMatchObject({ reason: 'TaskTimedOut' });
    await expect(sent).rejects.toBeInstanceOf(TaskAbortedError);
    await expect.poll(() => lines.some((l) => /TaskTimedOut.*will not be reported/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('SendTaskSuccess'))).toBe(false);
  });
});

describe('concurrency', () => {
  it('runs as many tasks at once as it has pollers, and no more', async () => {
    const { activityName, machineArn } = await deployActivity(t.sfn, 'parallel');
    let now = 0;
    let most = 0;
    const w = worker({
      concurrency: 3,
      activities: {
        [activityName]: async (input: { i: number }) => {
          most = Math.max(most, ++now);
          await sleep(600);
          now--;
          return input.i;
        },
      },
    });
    await w.start();
    const started = Date.now();
    const arns = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => startExecution(t.sfn, machineArn, { i })));
    await expect.poll(() => w.running).toBe(3);
    const outs = await Promise.all(arns.map((arn) => finished(t.sfn, arn)));
    expect(outs.map((o) => o.output)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(most).toBe(3);
    // Two rounds of three, not six in a row.
    expect(Date.now() - started).toBeLessThan(6 * 600);
  });
});

describe('stop', () => {
  it('aborts its long polls at once when no task is running (a dozen of them, without leak warnings)', async () => {
    const { activityName } = await deployActivity(t.sfn, 'idle');
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const w = worker({ concurrency: 12, activities: { [activityName]: () => 1 } });
    await w.start();
    await sleep(200);
    const began = Date.now();
    expect(await w.stop()).toEqual({ finished: 0, released: 0 });
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(w.status).toBe('stopped');
    await expect(w.start()).rejects.toThrow(/cannot start again/);
    process.off('warning', onWarning);
    expect(warnings.map(String).filter((w) => w.includes('AbortSignal'))).toEqual([]);
  });

  it('lets the handlers in flight finish and report within the grace period', async () => {
    const { activityName, machineArn } = await deployActivity(t.sfn, 'drain');
    const w = worker({
      activities: {
        [activityName]: async () => {
          await sleep(800);
          return 'finished';
        },
      },
    });
    await w.start();
    const arn = await startExecution(t.sfn, machineArn);
    await expect.poll(() => w.running).toBe(1);
    expect(await w.stop({ graceMs: 5_000 })).toEqual({ finished: 1, released: 0 });
    // stop() resolved after the answer was sent: the execution has it already.
    expect(await finished(t.sfn, arn, 0)).toMatchObject({ status: 'SUCCEEDED', output: '"finished"' });
  });

  it('gives unfinished tasks back as Worker.Shutdown, so Retry runs them on another worker', async () => {
    const { activityName, machineArn } = await deployActivity(t.sfn, 'handover', {
      Retry: [{ ErrorEquals: ['Worker.Shutdown'], IntervalSeconds: 1, MaxAttempts: 2 }],
    });
    let reason: unknown;
    const first = worker({
      workerName: 'leaving',
      activities: {
        [activityName]: (_input, ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener('abort', () => resolve((reason = ctx.signal.reason)));
          }),
      },
    });
    await first.start();
    const arn = await startExecution(t.sfn, machineArn);
    await expect.poll(() => first.running).toBe(1);
    expect(await first.stop({ graceMs: 200 })).toEqual({ finished: 0, released: 1 });
    expect(reason).toMatchObject({ name: 'TaskAbortedError', reason: 'Worker.Shutdown' });

    await worker({ workerName: 'staying', activities: { [activityName]: () => 'done elsewhere' } }).start();
    expect(await finished(t.sfn, arn)).toMatchObject({ status: 'SUCCEEDED', output: '"done elsewhere"' });
    const events = await history(t.sfn, arn);
    expect(events.find((e) => e.type === 'ActivityFailed')?.activityFailedEventDetails).toMatchObject({
      error: 'Worker.Shutdown',
      cause: 'Worker leaving stopped before the task finished.',
    });
    expect(
      events.filter((e) => e.type === 'ActivityStarted').map((e) => e.activityStartedEventDetails?.workerName),
    ).toEqual(['leaving', 'staying']);
  });

  it('stops when its signal aborts', async () => {
    const { activityName } = await deployActivity(t.sfn, 'aborted');
    const controller = new AbortController();
    const w = worker({ signal: controller.signal, activities: { [activityName]: () => 1 } });
    await w.start();
    controller.abort();
    await expect.poll(() => w.status).toBe('stopped');
  });
});

describe('configuration', () => {
  it('refuses what it cannot poll', async () => {
    expect(() => createWorker({ endpoint: t.url, activities: {} })).toThrow(/no activities/);
    expect(() => createWorker({ endpoint: t.url, concurrency: 0, activities: { a: () => 1 } })).toThrow(/concurrency/);
    const twice = createWorker({
      endpoint: t.url,
      activities: { same: () => 1, 'arn:aws:states:us-east-1:123456789012:activity:same': () => 2 },
    });
    await expect(twice.start()).rejects.toThrow(/two handlers/);
    expect(twice.status).toBe('stopped');
    await expect(createWorker({ endpoint: t.url, activities: { 'has space': () => 1 } }).start()).rejects.toThrow(
      /not a valid activity name/,
    );
  });

  it('keeps polling with back-off while the activity does not exist, logging why', async () => {
    const { lines, logger } = recordingLogger();
    const w = worker({ logger, activities: { 'not-created-yet': () => 1 } });
    await w.start();
    await expect.poll(() => lines.some((l) => l.includes('ActivityDoesNotExist'))).toBe(true);
    expect(w.status).toBe('running');
    await w.stop();
  });
});
