/**
 * Express workflows (developer guide, "Standard vs. Express workflows"; API reference,
 * StartSyncExecution): run in memory, answered synchronously by StartSyncExecution, not listed
 * or described like Standard executions.
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../support/baton.js';

const ROLE = 'arn:aws:iam::123456789012:role/express';
let t: TestBaton;
let express: string;
let standard: string;
let calls = 0;

beforeAll(async () => {
  t = await startTestBaton(
    {},
    {
      functions: {
        add: (p) => {
          calls++;
          return { sum: (p as { a: number; b: number }).a + (p as { a: number; b: number }).b };
        },
      },
    },
  );
  const definition = JSON.stringify({
    StartAt: 'Add',
    States: {
      Add: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:add', Next: 'Check' },
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.sum', NumericGreaterThan: 100, Next: 'TooBig' }],
        Default: 'Done',
      },
      TooBig: { Type: 'Fail', Error: 'TooBig', Cause: 'sum over 100' },
      Done: { Type: 'Succeed' },
    },
  });
  express = (
    await t.sfn.send(new CreateStateMachineCommand({ name: 'adder', type: 'EXPRESS', definition, roleArn: ROLE }))
  ).stateMachineArn!;
  standard = (await t.sfn.send(new CreateStateMachineCommand({ name: 'adder-standard', definition, roleArn: ROLE })))
    .stateMachineArn!;
});
afterAll(() => t.close());

describe('StartSyncExecution', () => {
  it('runs an Express execution and answers with its output', async () => {
    const r = await t.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn: express, name: 'sync-1', input: '{"a":2,"b":3}' }),
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(JSON.parse(r.output!)).toEqual({ sum: 5 });
    expect(r.executionArn).toMatch(/^arn:aws:states:us-east-1:123456789012:express:adder:sync-1:[0-9a-f-]{36}$/);
    expect(r.stopDate!.getTime()).toBeGreaterThanOrEqual(r.startDate!.getTime());
    expect(r.billingDetails?.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);
  });

  it('answers a failed execution with its error and cause', async () => {
    const r = await t.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express, input: '{"a":200,"b":3}' }));
    expect(r).toMatchObject({ status: 'FAILED', error: 'TooBig', cause: 'sum over 100' });
    expect(r.output).toBeUndefined();
  });

  it('refuses Standard machines with StateMachineTypeNotSupported', async () => {
    await expect(
      t.sfn.send(new StartSyncExecutionCommand({ stateMachineArn: standard, input: '{}' })),
    ).rejects.toMatchObject({
      name: 'StateMachineTypeNotSupported',
    });
  });
});

describe('StartExecution of an Express machine', () => {
  it('returns at once, runs in memory, and is neither listed nor described', async () => {
    const before = calls;
    const r = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: express, input: '{"a":1,"b":1}' }));
    expect(r.executionArn).toContain(':express:adder:');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toBe(before + 1);
    expect((await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: express }))).executions).toEqual([]);
    await expect(t.sfn.send(new DescribeExecutionCommand({ executionArn: r.executionArn }))).rejects.toMatchObject({
      name: 'InvalidArn',
    });
  });
});
