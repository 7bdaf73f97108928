/**
 * Shutting down while the engine works: a start under way (an event rule's or a task's, which
 * do not pass through the closing HTTP server) is committed before the store closes, its
 * status-change event is on the bus, no task runs after close, and a restart finishes it.
 */
import { CreateStateMachineCommand, DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { expect, it } from 'vitest';
import type { FunctionHandler } from '../../src/integrations/index.js';
import type { Json } from '../../src/kernel/index.js';
import { eventually, startTestBaton } from '../support/baton.js';

it('commits a start under way at shutdown, runs no task after it, and finishes the execution on restart', async () => {
  const calls: number[] = [];
  const functions: Record<string, FunctionHandler> = {
    count: (p: Json) => {
      calls.push((p as { n: number }).n);
      return p;
    },
  };
  let t = await startTestBaton({}, { functions });
  const created = await t.sfn.send(
    new CreateStateMachineCommand({
      name: 'closing',
      roleArn: 'arn:aws:iam::123456789012:role/closing',
      definition: JSON.stringify({
        StartAt: 'Count',
        States: {
          Count: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:count', End: true },
        },
      }),
    }),
  );
  const stateMachineArn = created.stateMachineArn!;
  const machine = (await t.baton.store.stateMachines.get(stateMachineArn))!;
  const started = t.baton.engine.start({
    stateMachineArn,
    definition: machine.definition,
    roleArn: machine.roleArn,
    name: 'under-way',
    input: { n: 1 },
  });
  await t.baton.close();
  const result = await started;
  expect(result.kind).toBe('started');
  expect(calls).toEqual([]);
  await expect(
    t.baton.engine.start({
      stateMachineArn,
      definition: machine.definition,
      roleArn: machine.roleArn,
      name: 'late',
      input: {},
    }),
  ).rejects.toThrow(/shutting down/);

  t = await startTestBaton({ dataDir: t.dataDir }, { functions });
  try {
    const executionArn = (result as { executionArn: string }).executionArn;
    const done = await eventually(async () => {
      const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    });
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"n":1}' });
    expect(calls).toEqual([1]);
  } finally {
    await t.close();
  }
});
