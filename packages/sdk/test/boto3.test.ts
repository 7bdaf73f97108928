/**
 * A worker that is not ours: fixtures/boto3_worker.py polls Baton with boto3 (the AWS SDK for
 * Python) and answers with SendTaskSuccess and SendTaskFailure, in the same execution as a task
 * served by this package's worker. The activity protocol is the only contract between them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CreateActivityCommand, CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorker, type Worker } from '../src/index.js';
import { finished, history, startExecution, startServer, type TestServer, uniqueName } from './support/baton.js';

const probe = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' });
const boto3 = probe.status === 0;
const skipReason = boto3
  ? ''
  : ` (skipped: \`python3 -c 'import boto3'\` failed: ${(probe.error?.message ?? probe.stderr).trim()}; on Debian: apt-get install -y python3-boto3)`;

let t: TestServer;
let ours: Worker | undefined;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await ours?.stop({ graceMs: 0 });
  await t.close();
});

/** Runs the Python worker until it has answered `tasks` tasks; resolves with what it printed. */
function pythonWorker(
  activityArn: string,
  tasks: number,
): Promise<{ code: number | null; lines: unknown[]; stderr: string }> {
  const script = fileURLToPath(new URL('./fixtures/boto3_worker.py', import.meta.url));
  const child = spawn('python3', [script, t.url, activityArn, String(tasks)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) =>
    child.once('exit', (code) =>
      resolve({
        code,
        stderr,
        lines: stdout
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l)),
      }),
    ),
  );
}

describe.skipIf(!boto3)(`an activity worker written with boto3${skipReason}`, () => {
  it('serves a Task state of an execution whose next Task our worker serves', { timeout: 30_000 }, async () => {
    const python = await t.sfn.send(new CreateActivityCommand({ name: uniqueName('python') }));
    const node = await t.sfn.send(new CreateActivityCommand({ name: uniqueName('node') }));
    const definition = {
      StartAt: 'Double',
      States: {
        Double: {
          Type: 'Task',
          Resource: python.activityArn,
          HeartbeatSeconds: 10,
          Catch: [{ ErrorEquals: ['PythonError'], ResultPath: '$.error', Next: 'Failed' }],
          Next: 'Describe',
        },
        Describe: { Type: 'Task', Resource: node.activityArn, End: true },
        Failed: { Type: 'Pass', End: true },
      },
    };
    const { stateMachineArn } = await t.sfn.send(
      new CreateStateMachineCommand({
        name: uniqueName('polyglot'),
        definition: JSON.stringify(definition),
        roleArn: 'arn:aws:iam::123456789012:role/baton-sdk-test',
      }),
    );
    ours = createWorker({
      endpoint: t.url,
      activities: {
        [node.activityArn!]: (input: { doubled: number; by: string }) => `${input.by} doubled it to ${input.doubled}`,
      },
    });
    await ours.start();

    const worker = pythonWorker(python.activityArn!, 2);
    const ok = await startExecution(t.sfn, stateMachineArn!, { n: 21 });
    const failed = await startExecution(t.sfn, stateMachineArn!, { fail: 'no doubling today' });
    const [okOut, failedOut, python3] = await Promise.all([finished(t.sfn, ok), finished(t.sfn, failed), worker]);

    expect(python3, python3.stderr).toMatchObject({ code: 0 });
    expect(python3.lines).toEqual(
      expect.arrayContaining([{ succeeded: { n: 21 } }, { failed: { fail: 'no doubling today' } }]),
    );
    expect(okOut.status).toBe('SUCCEEDED');
    expect(JSON.parse(okOut.output!)).toMatch(/^boto3 \d+\.\d+\.\d+ doubled it to 42$/);
    expect(failedOut.status).toBe('SUCCEEDED');
    expect(JSON.parse(failedOut.output!)).toEqual({
      fail: 'no doubling today',
      error: { Error: 'PythonError', Cause: 'no doubling today' },
    });
    const workersOf = async (arn: string) =>
      (await history(t.sfn, arn))
        .filter((e) => e.type === 'ActivityStarted')
        .map((e) => e.activityStartedEventDetails?.workerName);
    expect(await workersOf(ok)).toEqual(['boto3-worker', expect.stringMatching(/-\d+$/)]);
    expect(await workersOf(failed)).toEqual(['boto3-worker']);
  });
});
