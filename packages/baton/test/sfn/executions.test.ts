/**
 * Execution operations through the official SDK against a real server (API reference:
 * StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution,
 * RedriveExecution, DescribeStateMachineForExecution).
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBaton, type TestBaton } from '../support/baton.js';

const ROLE = 'arn:aws:iam::123456789012:role/test';
let t: TestBaton;
let sfn: SFNClient;
let flakyCalls = 0;

beforeAll(async () => {
  t = await startTestBaton(
    {},
    {
      functions: {
        echo: (payload) => payload,
        flaky: () => {
          flakyCalls++;
          throw Object.assign(new Error('down for now'), { name: 'Unavailable' });
        },
      },
    },
  );
  sfn = t.sfn;
});
afterAll(() => t.close());

async function machine(name: string, definition: object): Promise<string> {
  const r = await sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return r.stateMachineArn!;
}

async function finished(executionArn: string) {
  return eventually(async () => {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  });
}

const echo = 'arn:aws:lambda:us-east-1:123456789012:function:echo';

describe('StartExecution and DescribeExecution', () => {
  it('runs an execution and describes it with input, output and dates', async () => {
    const arn = await machine('describe', {
      StartAt: 'E',
      States: { E: { Type: 'Task', Resource: echo, ResultPath: '$.echoed', End: true } },
    });
    const { executionArn, startDate } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'first', input: '{"a":1}' }),
    );
    expect(executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:describe:first');
    expect(startDate).toBeInstanceOf(Date);
    const d = await finished(executionArn!);
    expect(d).toMatchObject({
      status: 'SUCCEEDED',
      name: 'first',
      stateMachineArn: arn,
      input: '{"a":1}',
      inputDetails: { included: true },
    });
    expect(JSON.parse(d.output!)).toEqual({ a: 1, echoed: { a: 1 } });
    expect(d.stopDate!.getTime()).toBeGreaterThanOrEqual(d.startDate!.getTime());
  });

  it('is idempotent by name while running with the same input, and refuses otherwise', async () => {
    const arn = await machine('idempotent', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } });
    const a = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"x":1}' }));
    const b = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"x":1}' }));
    expect(b.executionArn).toBe(a.executionArn);
    expect(b.startDate).toEqual(a.startDate);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"x":2}' })),
    ).rejects.toMatchObject({
      name: 'ExecutionAlreadyExists',
      message: `Execution Already Exists: '${a.executionArn}'`,
    });
    await sfn.send(new StopExecutionCommand({ executionArn: a.executionArn }));
  });

  it("answers with AWS's errors for bad ARNs, unknown machines, names and input", async () => {
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: 'nope' }))).rejects.toMatchObject({
      name: 'InvalidArn',
    });
    await expect(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:missing' }),
      ),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    const arn = await machine('errors', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'a b' }))).rejects.toMatchObject({
      name: 'InvalidName',
    });
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{oops' }))).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ s: 'x'.repeat(262_144) }) })),
    ).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
    });
    await expect(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:errors:missing',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
      message: "Execution Does Not Exist: 'arn:aws:states:us-east-1:123456789012:execution:errors:missing'",
    });
  });
});

describe('ListExecutions', () => {
  it('lists newest first, filters by status and pages with nextToken', async () => {
    const arn = await machine('listing', {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'S' }], Default: 'F' },
        S: { Type: 'Succeed' },
        F: { Type: 'Fail', Error: 'No' },
      },
    });
    for (let i = 0; i < 5; i++) {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: arn,
          name: `run-${i}`,
          input: JSON.stringify({ ok: i % 2 === 0 }),
        }),
      );
      await finished(executionArn!);
    }
    const all = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    expect(all.executions!.map((e) => e.name)).toEqual(['run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
    const failed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'FAILED' }));
    expect(failed.executions!.map((e) => e.name)).toEqual(['run-3', 'run-1']);
    const first = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2 }));
    expect(first.executions!.map((e) => e.name)).toEqual(['run-4', 'run-3']);
    const second = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 2, nextToken: first.nextToken }),
    );
    expect(second.executions!.map((e) => e.name)).toEqual(['run-2', 'run-1']);
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, nextToken: 'garbage' })),
    ).rejects.toMatchObject({ name: 'InvalidToken' });
  });
});

describe('GetExecutionHistory', () => {
  it('returns the events in order, reversed, paged, and without data when asked', async () => {
    const arn = await machine('history', {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Task', Resource: echo, End: true } },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"v":1}' }));
    await finished(executionArn!);
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(h.events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(h.events![0]).toMatchObject({
      id: 1,
      previousEventId: 0,
      executionStartedEventDetails: { input: '{"v":1}', roleArn: ROLE },
    });
    expect(h.events![1]!.stateEnteredEventDetails).toEqual({
      name: 'A',
      input: '{"v":1}',
      inputDetails: { truncated: false },
    });
    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 3 }),
    );
    expect(reversed.events!.map((e) => e.id)).toEqual([9, 8, 7]);
    const rest = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, nextToken: reversed.nextToken }),
    );
    expect(rest.events!.map((e) => e.id)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(rest.nextToken).toBeUndefined();
    const bare = await sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));
    expect(bare.events![1]!.stateEnteredEventDetails).toEqual({ name: 'A' });
  });
});

describe('StopExecution and RedriveExecution', () => {
  it('aborts a running execution with the given error and cause', async () => {
    const arn = await machine('stopping', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const stop = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Operator', cause: 'no longer needed' }),
    );
    expect(stop.stopDate).toBeInstanceOf(Date);
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(d).toMatchObject({ status: 'ABORTED', error: 'Operator', cause: 'no longer needed' });
  });

  it('redrives a failed execution from the failed state, keeping its ARN and counting redrives', async () => {
    flakyCalls = 0;
    const arn = await machine('redrive', {
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Result: 'prepared', ResultPath: '$.step', Next: 'Call' },
        Call: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:flaky', End: true },
      },
    });
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    expect(await finished(executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'Unavailable',
      redriveStatus: 'REDRIVABLE',
    });
    const r = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(r.redriveDate).toBeInstanceOf(Date);
    const after = await finished(executionArn!);
    expect(after).toMatchObject({ status: 'FAILED', redriveCount: 1 });
    expect(flakyCalls).toBe(2);
    const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const types = h.events!.map((e) => e.type);
    expect(types.filter((x) => x === 'PassStateEntered')).toHaveLength(1);
    expect(types.slice(types.indexOf('ExecutionRedriven'))).toEqual([
      'ExecutionRedriven',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'ExecutionFailed',
    ]);
    await expect(
      sfn.send(
        new RedriveExecutionCommand({
          executionArn: (
            await sfn.send(
              new StartExecutionCommand({
                stateMachineArn: await machine('ok', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
              }),
            )
          ).executionArn,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
    });
  });
});

describe('DescribeStateMachineForExecution', () => {
  it('returns the definition the execution runs, even after the machine changed', async () => {
    const v1 = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } };
    const arn = await machine('pinned', v1);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: arn,
        definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
      }),
    );
    const d = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(JSON.parse(d.definition!)).toEqual(v1);
    expect(d.stateMachineArn).toBe(arn);
    await sfn.send(new StopExecutionCommand({ executionArn }));
  });
});
