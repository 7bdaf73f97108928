/**
 * The interpreter's transitions and history (ASL spec "Transitions", "Pass State", "Task State",
 * "Choice State", "Wait State"; developer guide "Input and output processing", "Context object").
 */
import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../payload-size.js';
import { step } from './step.js';
import { compile, drive, newExecution } from './test-support/drive.js';

describe('sequential states', () => {
  it('runs Pass → Choice → Succeed and records AWS history types with chained ids', async () => {
    const machine = compile({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Result: { x: 1 }, ResultPath: '$.r', Next: 'C' },
        C: { Type: 'Choice', Choices: [{ Variable: '$.r.x', NumericEquals: 1, Next: 'S' }], Default: 'F' },
        S: { Type: 'Succeed' },
        F: { Type: 'Fail', Error: 'E' },
      },
    });
    const run = await drive(machine, { in: true });
    expect(run.state.status).toBe('SUCCEEDED');
    expect(run.state.output).toEqual({ in: true, r: { x: 1 } });
    expect(run.types).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    run.history.forEach((e, i) => {
      expect(e.id).toBe(i + 1);
      expect(e.previousEventId).toBe(i);
    });
  });

  it('fails with States.NoChoiceMatched when no rule matches and there is no Default', async () => {
    const machine = compile({
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'S' }] },
        S: { Type: 'Succeed' },
      },
    });
    const run = await drive(machine, { n: 2 });
    expect(run.state.status).toBe('FAILED');
    expect(run.state.error).toBe('States.NoChoiceMatched');
  });

  it('processes InputPath, Parameters, ResultSelector, ResultPath and OutputPath in order', async () => {
    // Developer guide, "Processing input and output": the worked example of the five fields.
    const machine = compile({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          InputPath: '$.order',
          Parameters: { 'id.$': '$.id', fixed: 'v' },
          ResultSelector: { 'total.$': '$.Payload.total' },
          ResultPath: '$.result',
          OutputPath: '$.result',
          End: true,
        },
      },
    });
    let seen: unknown;
    const run = await drive(machine, { order: { id: 7 } }, (task) => {
      seen = task.input;
      return { output: { Payload: { total: 42 }, StatusCode: 200 } };
    });
    expect(seen).toEqual({ id: 7, fixed: 'v' });
    expect(run.state.output).toEqual({ total: 42 });
    expect(run.types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(run.history[2]!.details).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      parameters: { id: 7, fixed: 'v' },
    });
  });

  it('names task events after the resource kind: activities and Lambda functions', async () => {
    const machine = compile({
      StartAt: 'A',
      States: {
        A: { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:approve', Next: 'L' },
        L: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', End: true },
      },
    });
    const run = await drive(machine, {});
    expect(run.types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivitySucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('gives the task token to Parameters through $$.Task.Token and in the ScheduleTask effect', async () => {
    const machine = compile({
      StartAt: 'Approve',
      States: {
        Approve: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { 'token.$': '$$.Task.Token' },
          End: true,
        },
      },
    });
    const run = await drive(machine, {}, () => 'never');
    const scheduled = run.effects.find((e) => e.type === 'ScheduleTask');
    expect(scheduled?.type === 'ScheduleTask' && scheduled.input).toEqual({
      token: scheduled?.type === 'ScheduleTask' ? scheduled.token : '',
    });
    expect(scheduled?.type === 'ScheduleTask' && scheduled.integrationPattern).toBe('waitForTaskToken');
    expect(run.state.status).toBe('RUNNING');
  });

  it('waits on a timer for Wait states and resumes when it fires', async () => {
    const machine = compile({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 30, End: true } } });
    const run = await drive(machine, { a: 1 });
    const timer = run.effects.find((e) => e.type === 'StartTimer');
    expect(timer).toMatchObject({ fireAt: 1_700_000_000_000 + 30_000 });
    expect(run.types).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
    expect(run.history.at(-1)!.timestamp).toBe(1_700_000_030_000);
  });

  it('ignores signals that no longer apply (a second result for the same task)', async () => {
    const machine = compile({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    });
    const state = newExecution();
    const started = await step(machine, state, { type: 'Start', at: 1 });
    const task = started.effects.find((e) => e.type === 'ScheduleTask')!;
    const first = await step(machine, state, { type: 'TaskSucceeded', at: 2, seq: task.seq, output: 1 });
    const second = await step(machine, state, { type: 'TaskSucceeded', at: 3, seq: task.seq, output: 2 });
    expect(first.applied).toBe(true);
    expect(second.applied).toBe(false);
    expect(second.events).toEqual([]);
    expect(state.output).toBe(1);
  });

  it('aborts on Stop: the pending task is cancelled and ExecutionAborted recorded', async () => {
    const machine = compile({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
    });
    const state = newExecution();
    await step(machine, state, { type: 'Start', at: 1 });
    const stop = await step(machine, state, { type: 'Stop', at: 2, error: 'Manual', cause: 'stopped by test' });
    expect(state.status).toBe('ABORTED');
    expect(stop.effects.map((e) => e.type)).toContain('CancelTask');
    expect(stop.events.map((e) => e.type)).toEqual(['ExecutionAborted']);
  });

  it('times the execution out after the machine TimeoutSeconds', async () => {
    const machine = compile({
      TimeoutSeconds: 5,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, End: true } },
    });
    const run = await drive(machine, {});
    expect(run.state.status).toBe('TIMED_OUT');
    expect(run.types.at(-1)).toBe('ExecutionTimedOut');
    expect(run.history.at(-1)!.timestamp).toBe(1_700_000_005_000);
  });

  it('exposes the context object: Execution, State and StateMachine', async () => {
    const machine = compile({
      StartAt: 'P',
      States: { P: { Type: 'Pass', Parameters: { 'ctx.$': '$$' }, End: true } },
    });
    const run = await drive(machine, { v: 1 });
    expect(run.state.output).toEqual({
      ctx: {
        Execution: {
          Id: 'arn:aws:states:us-east-1:123456789012:execution:M:e1',
          Input: { v: 1 },
          Name: 'e1',
          RoleArn: 'arn:aws:iam::123456789012:role/R',
          StartTime: '2023-11-14T22:13:20.000Z',
          RedriveCount: 0,
        },
        State: { Name: 'P', EnteredTime: '2023-11-14T22:13:20.000Z' },
        StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:M', Name: 'M' },
      },
    });
  });

  it('fails with States.DataLimitExceeded when a state output passes 256 KiB', async () => {
    const machine = compile({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const run = await drive(machine, { big: 'x'.repeat(300 * 1024) });
    expect(run.state.error).toBe('States.DataLimitExceeded');
    expect(run.types).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });

  it('decides the quota to the byte where an output is bounded rather than measured', async () => {
    // Add's output is bounded from its input's measured size; the bound passes the quota two bytes early.
    const machine = compile({
      StartAt: 'Measure',
      States: {
        Measure: { Type: 'Pass', Next: 'Add' },
        Add: { Type: 'Pass', Result: 'y', ResultPath: '$.r', End: true },
      },
    });
    const fill = MAX_PAYLOAD_BYTES - JSON.stringify({ big: '', r: 'y' }).length;
    const within = await drive(machine, { big: 'x'.repeat(fill) });
    expect(within.state.status).toBe('SUCCEEDED');
    const over = await drive(machine, { big: 'x'.repeat(fill + 1) });
    expect(over.state.error).toBe('States.DataLimitExceeded');
    expect(over.state.cause).toContain("'Add'");
  });

  it('measures an output whose bound passes the quota, and lets it through when it fits', async () => {
    // '$' and '$.small' overlap, so the bound counts the input twice.
    const machine = compile({
      StartAt: 'Measure',
      States: {
        Measure: { Type: 'Pass', Next: 'Both' },
        Both: { Type: 'Pass', Parameters: { 'all.$': '$', 'small.$': '$.small' }, End: true },
      },
    });
    const run = await drive(machine, { big: 'x'.repeat(200 * 1024), small: 1 });
    expect(run.state.status).toBe('SUCCEEDED');
  });

  it("fails a Map whose iterations' results together pass the quota", async () => {
    const machine = compile({
      StartAt: 'Each',
      States: {
        Each: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
      },
    });
    const run = await drive(
      machine,
      ['x', 'y', 'z'].map((c) => c.repeat(100 * 1024)),
    );
    expect(run.state.error).toBe('States.DataLimitExceeded');
    expect(run.state.cause).toContain("'Each'");
  });
});

describe('heartbeats', () => {
  it('ignores a heartbeat timer firing scheduled before the last heartbeat moved the deadline', async () => {
    const machine = compile({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:us-east-1:123456789012:activity:a',
          HeartbeatSeconds: 10,
          End: true,
        },
      },
    });
    const state = newExecution();
    const start = await step(machine, state, { type: 'Start', at: 0 });
    const task = start.effects.find((e) => e.type === 'ScheduleTask')!;
    const started = await step(machine, state, { type: 'TaskStarted', at: 1_000, seq: task.seq });
    const timer = started.effects.find((e) => e.type === 'StartTimer')!;
    expect(timer.type === 'StartTimer' && timer.fireAt).toBe(11_000);
    await step(machine, state, { type: 'TaskHeartbeat', at: 8_000, seq: task.seq });
    const stale = await step(machine, state, { type: 'TimerFired', at: 11_000, seq: timer.seq });
    expect(stale.applied).toBe(false);
    const due = await step(machine, state, { type: 'TimerFired', at: 18_000, seq: timer.seq });
    expect(due.applied).toBe(true);
    expect(state.error).toBe('States.HeartbeatTimeout');
  });
});

describe('history quota', () => {
  it('fails an execution whose history reaches 25,000 events', async () => {
    // A loop with no Wait and no Task: without the quota it would spin forever inside one step.
    const machine = compile({
      StartAt: 'Loop',
      States: {
        Loop: { Type: 'Pass', Next: 'Check' },
        Check: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'Loop' },
        Done: { Type: 'Succeed' },
      },
    });
    const run = await drive(machine, {});
    expect(run.state.status).toBe('FAILED');
    expect(run.state.error).toBe('States.Runtime');
    expect(run.history).toHaveLength(25_000);
    expect(run.history.at(-1)!.type).toBe('ExecutionFailed');
  });
});
