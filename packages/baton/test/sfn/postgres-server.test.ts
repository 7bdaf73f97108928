/**
 * The server on PostgreSQL (`--database postgres://…`): the same API, the same engine, the other
 * adapter. Executions with in-process tasks, waits and activity workers run end to end, and
 * state survives a restart of the server on the same schema.
 */
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startTestBaton, type TestBaton } from '../support/baton.js';
import { describeOnPostgres } from '../support/postgres.js';

await describeOnPostgres('server', (database) => {
  const functions = { triple: (p: unknown) => ({ n: (p as { n: number }).n * 3 }) };
  let t: TestBaton;
  beforeAll(async () => {
    t = await startTestBaton({ database }, { functions });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs an execution with a function, a wait and an activity, and keeps it across a restart', async () => {
    const { activityArn } = await t.sfn.send(new CreateActivityCommand({ name: 'check' }));
    const { stateMachineArn } = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'pg',
        roleArn: 'arn:aws:iam::123456789012:role/pg',
        definition: JSON.stringify({
          StartAt: 'Triple',
          States: {
            Triple: {
              Type: 'Task',
              Resource: 'arn:aws:lambda:us-east-1:123456789012:function:triple',
              Next: 'Pause',
            },
            Pause: { Type: 'Wait', Seconds: 1, Next: 'Check' },
            Check: { Type: 'Task', Resource: activityArn, End: true },
          },
        }),
      }),
    );
    const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"n":7}' }));
    // Restart on the same schema while the execution waits: timers and tasks live in the store.
    await t.baton.close();
    t = await startTestBaton({ database, dataDir: t.dataDir }, { functions });
    const task = await t.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'pg-worker' }));
    expect(JSON.parse(task.input!)).toEqual({ n: 21 });
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"checked":true}' }));
    const done = await eventually(async () => {
      const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"checked":true}' });
    const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events!.map((e) => e.id)).toEqual(history.events!.map((_, i) => i + 1));
    expect(history.events!.map((e) => e.type)).toContain('ActivityStarted');
  });
});
