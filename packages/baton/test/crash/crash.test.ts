/**
 * Durability under SIGKILL (DESIGN principle 4): 1,000 Standard executions mixing in-process
 * tasks with Retry, Wait states and activity workers run while the server is killed with
 * SIGKILL at random moments and restarted. Every execution must finish exactly once with the
 * right output, a gap-free history, and each task result applied once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerProcess, serverBuilt } from '../support/server-process.js';

const EXECUTIONS = 1000;
const KILLS = 4;

const dir = mkdtempSync(join(tmpdir(), 'baton-crash-'));
const functions = join(dir, 'functions.mjs');
const callLog = join(dir, 'calls.log');
writeFileSync(
  functions,
  `import { appendFileSync, readFileSync, existsSync } from 'node:fs';
const log = ${JSON.stringify(callLog)};
/** Fails every first attempt for an id (counted in a file that survives crashes), so Retry runs. */
export function compute(p) {
  const before = existsSync(log) ? readFileSync(log, 'utf8').split('\\n').filter((l) => l === String(p.id)).length : 0;
  appendFileSync(log, p.id + '\\n');
  if (before === 0) throw Object.assign(new Error('first attempt fails'), { name: 'Flaky' });
  return { value: p.id * 2 };
}
`,
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!serverBuilt)('crash safety (run `npm run build` first)', () => {
  const server = new ServerProcess(dir, ['--functions', functions]);

  afterAll(async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`finishes ${EXECUTIONS} executions exactly once across ${KILLS} SIGKILLs`, { timeout: 240_000 }, async () => {
    await server.start();
    const sfn = new SFNClient(server.clientConfig);
    const retrying = async <T>(call: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await call();
        } catch (e) {
          const name = (e as Error).name;
          if (name === 'ExecutionAlreadyExists' || name === 'TaskTimedOut' || name === 'TaskDoesNotExist') throw e;
          await sleep(50);
        }
      }
    };
    const role = 'arn:aws:iam::123456789012:role/crash';
    const { activityArn } = await sfn.send(new CreateActivityCommand({ name: 'approve' }));
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'crashy',
        roleArn: role,
        definition: JSON.stringify({
          StartAt: 'Compute',
          States: {
            Compute: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:compute',
              Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 3 }],
              ResultPath: '$.computed',
              Next: 'Pause',
            },
            Pause: { Type: 'Wait', Seconds: 1, Next: 'Approve' },
            Approve: {
              Type: 'Task',
              Resource: activityArn,
              Parameters: { 'id.$': '$.id' },
              // A worker may lose the token when the server dies mid-answer: time out and try again.
              TimeoutSeconds: 5,
              Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 20 }],
              ResultPath: '$.approval',
              Next: 'Done',
            },
            Done: {
              Type: 'Pass',
              Parameters: { 'id.$': '$.id', 'value.$': '$.computed.value', 'approved.$': '$.approval.approved' },
              End: true,
            },
          },
        }),
      }),
    );

    // Activity workers: answer every task; count answers the server accepted per execution.
    let stopWorkers = false;
    const accepted = new Map<number, number>();
    const workers = Array.from({ length: 8 }, async () => {
      while (!stopWorkers) {
        try {
          const task = await sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'crash-worker' }));
          if (!task.taskToken) continue;
          const id = JSON.parse(task.input!).id as number;
          try {
            await retrying(() =>
              sfn.send(
                new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ approved: true }) }),
              ),
            );
            accepted.set(id, (accepted.get(id) ?? 0) + 1);
          } catch {
            // closed meanwhile (timed out and retried, or answered before a crash): the answer is refused
          }
        } catch {
          await sleep(50);
        }
      }
    });

    // Start the executions (idempotent by name, so a start lost in a crash is simply sent again).
    const arns: string[] = [];
    let next = 0;
    const starters = Array.from({ length: 16 }, async () => {
      while (next < EXECUTIONS) {
        const id = next++;
        try {
          const r = await retrying(() =>
            sfn.send(new StartExecutionCommand({ stateMachineArn, name: `e-${id}`, input: JSON.stringify({ id }) })),
          );
          arns[id] = r.executionArn!;
        } catch {
          arns[id] = `${stateMachineArn!.replace(':stateMachine:', ':execution:')}:e-${id}`;
        }
      }
    });

    for (let k = 0; k < KILLS; k++) {
      await sleep(300 + Math.random() * 1200);
      await server.kill();
      await server.start();
    }
    await Promise.all(starters);

    const deadline = Date.now() + 180_000;
    for (let id = 0; id < EXECUTIONS; id++) {
      for (;;) {
        const d = await retrying(() => sfn.send(new DescribeExecutionCommand({ executionArn: arns[id] })));
        if (d.status !== 'RUNNING') break;
        if (Date.now() > deadline) throw new Error(`execution e-${id} still running`);
        await sleep(100);
      }
    }
    stopWorkers = true;
    await Promise.race([Promise.all(workers), sleep(61_000)]);

    for (let id = 0; id < EXECUTIONS; id++) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arns[id] }));
      expect(d.status, `e-${id}`).toBe('SUCCEEDED');
      expect(JSON.parse(d.output!)).toEqual({ id, value: id * 2, approved: true });
      const events: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const h = await sfn.send(
          new GetExecutionHistoryCommand({ executionArn: arns[id], maxResults: 1000, nextToken }),
        );
        events.push(...h.events!);
        nextToken = h.nextToken;
      } while (nextToken);
      expect(
        events.map((e) => e.id),
        `e-${id} history ids`,
      ).toEqual(events.map((_, i) => i + 1));
      const count = (type: string) => events.filter((e) => e.type === type).length;
      expect(count('ExecutionStarted')).toBe(1);
      expect(count('ExecutionSucceeded')).toBe(1);
      expect(count('LambdaFunctionSucceeded')).toBe(1);
      expect(count('ActivitySucceeded')).toBe(1);
      expect(count('TaskStateEntered')).toBe(2);
      expect(count('WaitStateEntered')).toBe(1);
      // No two worker answers were ever accepted for one execution (an answer committed just before
      // a crash may have been acknowledged to nobody, so zero is possible; two never is).
      expect(accepted.get(id) ?? 0, `accepted answers for e-${id}`).toBeLessThanOrEqual(1);
    }
    sfn.destroy();
  });
});
