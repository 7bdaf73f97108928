/**
 * The talk's orchestration scenarios, end to end through the Step Functions API with the SDK:
 * the error-handling demo (custom error, Retry, Catch fallback, timeout fallback) and the
 * credit-card approval (Choice on a limit, manager approval through a task token).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunctionHandler } from '../../src/integrations/functions.js';
import { eventually, startTestBaton, type TestBaton } from '../support/baton.js';

const examples = resolve(fileURLToPath(import.meta.url), '../../../../../examples');
const definition = (name: string) => readFileSync(resolve(examples, name, 'definition.json'), 'utf8');
const ROLE = 'arn:aws:iam::123456789012:role/talk';

let t: TestBaton;
beforeAll(async () => {
  const { processOrder } = (await import(resolve(examples, 'error-handling/functions.mjs'))) as {
    processOrder: FunctionHandler;
  };
  t = await startTestBaton({}, { functions: { processOrder } });
});
afterAll(() => t.close());

async function finished(executionArn: string) {
  return eventually(async () => {
    const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, 20_000);
}

async function types(executionArn: string): Promise<string[]> {
  const h = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return h.events!.map((e) => e.type!);
}

describe('error-handling demo', () => {
  let arn: string;
  beforeAll(async () => {
    arn = (
      await t.sfn.send(
        new CreateStateMachineCommand({
          name: 'error-handling',
          definition: definition('error-handling'),
          roleArn: ROLE,
        }),
      )
    ).stateMachineArn!;
  });

  it('retries the custom error twice, then falls back through Catch', async () => {
    const { executionArn } = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"mode":"custom"}' }),
    );
    const d = await finished(executionArn!);
    expect(d.status).toBe('SUCCEEDED');
    const output = JSON.parse(d.output!);
    expect(output).toMatchObject({
      mode: 'custom',
      error: { Error: 'CustomError' },
      fallback: 'This is a fallback from a custom error',
    });
    // The cause is the function's error object, as Lambda reports it.
    expect(JSON.parse(output.error.Cause)).toMatchObject({
      errorType: 'CustomError',
      errorMessage: 'Something went wrong in the order service',
    });
    const h = await types(executionArn!);
    expect(h.filter((x) => x === 'LambdaFunctionFailed')).toHaveLength(3);
    expect(h.slice(-3)).toEqual(['PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('falls back on States.Timeout when the step runs past TimeoutSeconds', async () => {
    const { executionArn } = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"mode":"slow"}' }),
    );
    const d = await finished(executionArn!);
    expect(JSON.parse(d.output!).fallback).toBe('This is a fallback from a timeout');
    expect(await types(executionArn!)).toContain('LambdaFunctionTimedOut');
  });

  it('routes any other error to the catch-all, and succeeds when nothing fails', async () => {
    const crash = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"mode":"crash"}' }));
    expect(JSON.parse((await finished(crash.executionArn!)).output!).fallback).toBe(
      'This is a fallback from any other error',
    );
    const ok = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"mode":"fine"}' }));
    expect(await finished(ok.executionArn!)).toMatchObject({ status: 'SUCCEEDED' });
  });
});

describe('credit-card approval', () => {
  let arn: string;
  let activityArn: string;
  beforeAll(async () => {
    activityArn = (await t.sfn.send(new CreateActivityCommand({ name: 'manager-approval' }))).activityArn!;
    arn = (
      await t.sfn.send(
        new CreateStateMachineCommand({
          name: 'credit-card',
          definition: definition('credit-card-approval'),
          roleArn: ROLE,
        }),
      )
    ).stateMachineArn!;
  });

  it('approves a small limit by policy, without a manager', async () => {
    const { executionArn } = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"applicant":"ada","limit":1000}' }),
    );
    const d = await finished(executionArn!);
    expect(JSON.parse(d.output!).decision).toEqual({ approved: true, by: 'policy' });
  });

  it('waits for the manager on a large limit, then follows the decision given with the task token', async () => {
    const approve = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"applicant":"grace","limit":20000}' }),
    );
    const task = await t.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'manager' }));
    expect(JSON.parse(task.input!)).toEqual({ applicant: 'grace', limit: 20000 });
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn: approve.executionArn }))).status).toBe(
      'RUNNING',
    );
    await t.sfn.send(
      new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"approved":true,"by":"manager"}' }),
    );
    expect(await finished(approve.executionArn!)).toMatchObject({ status: 'SUCCEEDED' });

    const reject = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"applicant":"linus","limit":90000}' }),
    );
    const second = await t.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'manager' }));
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: second.taskToken, output: '{"approved":false}' }));
    expect(await finished(reject.executionArn!)).toMatchObject({ status: 'FAILED', error: 'CardRejected' });
  });

  it('fails the approval step when the manager answers with a failure', async () => {
    const run = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"applicant":"ken","limit":50000}' }),
    );
    const task = await t.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'manager' }));
    await t.sfn.send(
      new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'ManagerUnavailable', cause: 'on leave' }),
    );
    expect(await finished(run.executionArn!)).toMatchObject({
      status: 'FAILED',
      error: 'ManagerUnavailable',
      cause: 'on leave',
    });
  });
});
