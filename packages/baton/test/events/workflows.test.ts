/**
 * Workflows and the bus (Step Functions developer guide, "Automating Step Functions event
 * delivery with EventBridge" and "Send custom events to EventBridge"): Standard executions
 * announce themselves as "Step Functions Execution Status Change" events on the default bus, and
 * the `events:putEvents` task puts events (failed entries fail it with EventBridge.FailedEntry).
 */
import { PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/baton.js';
import { type EventsBaton, startEventsBaton } from './support.js';

let t: EventsBaton;
beforeAll(async () => {
  t = await startEventsBaton(['status', 'custom', 'alias']);
});
afterAll(() => t.close());

const roleArn = () => `arn:aws:iam::${t.account}:role/r`;

async function machine(name: string, definition: object) {
  return (
    await t.sfn.send(
      new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: roleArn() }),
    )
  ).stateMachineArn!;
}

async function finished(executionArn: string) {
  return eventually(async () => {
    const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status !== 'RUNNING' ? d : undefined;
  });
}

describe('execution status change events', () => {
  it('reports RUNNING and the closing status of Standard executions, with AWS detail fields', async () => {
    const arn = await machine('announced', {
      StartAt: 'Choose',
      States: {
        Choose: {
          Type: 'Choice',
          Choices: [{ Variable: '$.fail', BooleanEquals: true, Next: 'Fail' }],
          Default: 'Done',
        },
        Done: { Type: 'Pass', Result: { ok: true }, End: true },
        Fail: { Type: 'Fail', Error: 'Nope', Cause: 'asked to fail' },
      },
    });
    await t.events.send(
      new PutRuleCommand({
        Name: 'workflow-status',
        EventPattern: JSON.stringify({
          source: ['aws.states'],
          'detail-type': ['Step Functions Execution Status Change'],
          detail: { stateMachineArn: [arn] },
        }),
      }),
    );
    await t.events.send(
      new PutTargetsCommand({ Rule: 'workflow-status', Targets: [{ Id: 's', Arn: t.arn.fn('status') }] }),
    );
    const ok = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'ok', input: '{"fail":false}' }),
    );
    const bad = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'bad', input: '{"fail":true}' }),
    );
    const okDescribed = await finished(ok.executionArn!);
    await finished(bad.executionArn!);
    const events = await eventually(async () => {
      const got = t.received.get('status')! as { detail: Record<string, unknown> }[];
      return got.length >= 4 ? got : undefined;
    });
    const of = (execution: string) => events.filter((e) => e.detail.executionArn === execution);
    // Delivery order is not guaranteed (as on AWS): find each status.
    const running = of(ok.executionArn!).find((e) => e.detail.status === 'RUNNING');
    const succeeded = of(ok.executionArn!).find((e) => e.detail.status === 'SUCCEEDED');
    expect(running).toMatchObject({
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      resources: [ok.executionArn],
      detail: {
        executionArn: ok.executionArn,
        stateMachineArn: arn,
        name: 'ok',
        status: 'RUNNING',
        stopDate: null,
        input: '{"fail":false}',
        inputDetails: { included: true },
        output: null,
        outputDetails: null,
      },
    });
    expect(running!.detail.startDate).toBe(okDescribed.startDate!.getTime());
    expect(succeeded!.detail).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ok":true}',
      outputDetails: { included: true },
    });
    expect(succeeded!.detail.stopDate).toBe(okDescribed.stopDate!.getTime());
    expect(
      of(bad.executionArn!)
        .map((e) => e.detail.status)
        .sort(),
    ).toEqual(['FAILED', 'RUNNING']);
    expect(of(bad.executionArn!).find((e) => e.detail.status === 'FAILED')!.detail).toMatchObject({
      error: 'Nope',
      cause: 'asked to fail',
      output: null,
    });
  });

  it('names the version and alias an execution was started through, and counts redrives', async () => {
    const created = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'announced-alias',
        roleArn: roleArn(),
        publish: true,
        definition: JSON.stringify({
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Choice',
              Choices: [{ Variable: '$.redriven', IsPresent: true, Next: 'Done' }],
              Default: 'Stop',
            },
            Stop: { Type: 'Fail', Error: 'Stopped' },
            Done: { Type: 'Succeed' },
          },
        }),
      }),
    );
    const alias = await t.sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [{ stateMachineVersionArn: created.stateMachineVersionArn!, weight: 100 }],
      }),
    );
    await t.events.send(
      new PutRuleCommand({
        Name: 'alias-status',
        EventPattern: JSON.stringify({
          source: ['aws.states'],
          detail: { stateMachineArn: [created.stateMachineArn] },
        }),
      }),
    );
    await t.events.send(
      new PutTargetsCommand({ Rule: 'alias-status', Targets: [{ Id: 's', Arn: t.arn.fn('alias') }] }),
    );
    const started = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: alias.stateMachineAliasArn, name: 'through-alias', input: '{}' }),
    );
    await finished(started.executionArn!);
    const failed = await eventually(async () =>
      (t.received.get('alias') as { detail: Record<string, unknown> }[] | undefined)?.find(
        (e) => e.detail.status === 'FAILED',
      ),
    );
    expect(failed.detail).toMatchObject({
      executionArn: started.executionArn,
      stateMachineArn: created.stateMachineArn,
      stateMachineVersionArn: created.stateMachineVersionArn,
      stateMachineAliasArn: alias.stateMachineAliasArn,
      error: 'Stopped',
      redriveCount: 0,
      redriveStatus: 'REDRIVABLE',
    });
    await t.sfn.send(new RedriveExecutionCommand({ executionArn: started.executionArn }));
    const redriven = await eventually(async () =>
      (t.received.get('alias') as { detail: Record<string, unknown> }[]).find(
        (e) => e.detail.status === 'RUNNING' && e.detail.redriveCount === 1,
      ),
    );
    expect(redriven.detail).toMatchObject({
      stateMachineVersionArn: created.stateMachineVersionArn,
      stateMachineAliasArn: alias.stateMachineAliasArn,
    });
    expect(typeof redriven.detail.redriveDate).toBe('number');
  });
});

describe('events:putEvents task', () => {
  it('puts entries on the bus and answers their event ids; .waitForTaskToken waits for the token', async () => {
    await t.events.send(
      new PutRuleCommand({ Name: 'custom-events', EventPattern: JSON.stringify({ source: ['workflow.custom'] }) }),
    );
    await t.events.send(
      new PutTargetsCommand({ Rule: 'custom-events', Targets: [{ Id: 'c', Arn: t.arn.fn('custom') }] }),
    );
    const arn = await machine('publisher', {
      StartAt: 'Publish',
      States: {
        Publish: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents',
          Parameters: {
            Entries: [{ Source: 'workflow.custom', DetailType: 'Hello', 'Detail.$': '$' }],
          },
          Next: 'Wait',
        },
        Wait: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents.waitForTaskToken',
          Parameters: {
            Entries: [{ Source: 'workflow.custom', DetailType: 'Token', Detail: { 'token.$': '$$.Task.Token' } }],
          },
          End: true,
        },
      },
    });
    const started = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{"n":1}' }));
    const got = await eventually(async () => {
      const list = t.received.get('custom')! as { 'detail-type': string; detail: { token?: string } }[];
      return list.length >= 2 ? list : undefined;
    });
    expect(got[0]).toMatchObject({ source: 'workflow.custom', 'detail-type': 'Hello', detail: { n: 1 } });
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: got[1]!.detail.token!, output: '{"answered":true}' }));
    const done = await finished(started.executionArn!);
    expect(JSON.parse(done.output!)).toEqual({ answered: true });
    const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn! }));
    const first = history.events!.find((e) => e.type === 'TaskSucceeded');
    const output = JSON.parse(first!.taskSucceededEventDetails!.output!);
    expect(output).toMatchObject({ FailedEntryCount: 0, Entries: [{ EventId: expect.any(String) }] });
  });

  it('fails the task with EventBridge.FailedEntry when an entry is refused', async () => {
    const arn = await machine('bad-publisher', {
      StartAt: 'Publish',
      States: {
        Publish: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents',
          Parameters: { Entries: [{ Source: 'aws.reserved', DetailType: 'X', Detail: {} }] },
          End: true,
        },
      },
    });
    const started = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: arn }));
    const done = await finished(started.executionArn!);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('EventBridge.FailedEntry');
    expect(JSON.parse(done.cause!)).toEqual({
      Entries: [{ ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' }],
      FailedEntryCount: 1,
    });
  });
});
