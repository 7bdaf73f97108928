/**
 * Workers as separate processes, as they run in production: killed with SIGKILL mid-task (the
 * task times out by HeartbeatSeconds and Retry hands it to another worker: Step Functions
 * developer guide, "Activities" and "Handling errors"), and stopped with SIGTERM (the task in
 * flight finishes and is reported before the process exits by itself).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, type Worker } from '../src/index.js';
import { deployActivity, finished, history, startExecution, startServer, type TestServer } from './support/baton.js';
import { runTsc } from './support/tsc.js';

let t: TestServer;
const children: ChildProcess[] = [];
const workers: Worker[] = [];
beforeAll(async () => {
  // The child runs dist/, so it must be current.
  runTsc('-b', fileURLToPath(new URL('..', import.meta.url)));
  t = await startServer();
}, 60_000);
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(workers.map((w) => w.stop({ graceMs: 0 })));
  await t.close();
});

interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first stdout event that has `key`. */
  next(key: string): Promise<Record<string, unknown>>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function spawnWorker(activityArn: string, workerName: string, taskMs: number): Child {
  const script = fileURLToPath(new URL('./fixtures/child-worker.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], {
    env: {
      ...process.env,
      BATON_URL: t.url,
      ACTIVITY_ARN: activityArn,
      WORKER_NAME: workerName,
      TASK_MS: String(taskMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const events: Record<string, unknown>[] = [];
  const waiting = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    events.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiting) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    exited,
    next: (key) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find((e) => key in e);
          if (found) {
            waiting.delete(check);
            resolve(found);
          }
        };
        waiting.add(check);
        check();
        void exited.then(() => reject(new Error(`worker ${workerName} exited before saying "${key}":\n${stderr}`)));
      }),
  };
}

describe('a worker process', () => {
  it('killed mid-task: the task times out by its heartbeat and Retry delivers it to another worker', async () => {
    const { activityArn, machineArn } = await deployActivity(t.sfn, 'crash', {
      TimeoutSeconds: 30,
      HeartbeatSeconds: 2,
      Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 1 }],
    });
    const doomed = spawnWorker(activityArn, 'doomed', 60_000);
    await doomed.next('ready');
    const executionArn = await startExecution(t.sfn, machineArn, { order: 7 });
    expect(await doomed.next('started')).toEqual({ started: { order: 7 } });
    doomed.process.kill('SIGKILL');
    expect(await doomed.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const survivor = createWorker({ endpoint: t.url, workerName: 'survivor', activities: { [activityArn]: (i) => i } });
    workers.push(survivor);
    await survivor.start();
    expect(await finished(t.sfn, executionArn)).toMatchObject({ status: 'SUCCEEDED', output: '{"order":7}' });
    const events = await history(t.sfn, executionArn);
    expect(events.find((e) => e.type === 'ActivityTimedOut')?.activityTimedOutEventDetails?.error).toBe(
      'States.HeartbeatTimeout',
    );
    expect(
      events.filter((e) => e.type === 'ActivityStarted').map((e) => e.activityStartedEventDetails?.workerName),
    ).toEqual(['doomed', 'survivor']);
  });

  it('stopped with SIGTERM: finishes the task in flight, reports it, then exits by itself', async () => {
    const { activityArn, machineArn } = await deployActivity(t.sfn, 'sigterm');
    const child = spawnWorker(activityArn, 'graceful', 1_500);
    await child.next('ready');
    const executionArn = await startExecution(t.sfn, machineArn, { n: 1 });
    await child.next('started');
    child.process.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    // Already answered when the process ended: no waiting for it.
    expect(await finished(t.sfn, executionArn, 0)).toMatchObject({
      status: 'SUCCEEDED',
      output: JSON.stringify({ by: 'graceful', input: { n: 1 } }),
    });
  });

  it('signalled twice: gives the task in flight back at once as Worker.Shutdown', async () => {
    const { activityArn, machineArn } = await deployActivity(
      t.sfn,
      'impatient',
      {
        Catch: [{ ErrorEquals: ['Worker.Shutdown'], ResultPath: '$.error', Next: 'GaveBack' }],
      },
      { GaveBack: { Type: 'Pass', End: true } },
    );
    const child = spawnWorker(activityArn, 'impatient', 60_000);
    await child.next('ready');
    const executionArn = await startExecution(t.sfn, machineArn, {});
    await child.next('started');
    child.process.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.process.kill('SIGINT');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    const out = await finished(t.sfn, executionArn, 0);
    expect(JSON.parse(out.output!)).toEqual({
      error: { Error: 'Worker.Shutdown', Cause: 'Worker impatient stopped before the task finished.' },
    });
  });
});
