/**
 * Retry, Catch and timeouts (ASL spec "Error Handling"; developer guide "Handling errors in Step
 * Functions workflows": retrier fields, predefined error names, catchers with ResultPath).
 */
import { describe, expect, it } from 'vitest';
import { compile, drive } from './test-support/drive.js';

const TASK = 'arn:aws:states:::lambda:invoke';

describe('Retry', () => {
  it('waits IntervalSeconds × BackoffRate^attempt between attempts, up to MaxAttempts', async () => {
    const machine = compile({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: TASK,
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 3 }],
          End: true,
        },
      },
    });
    const run = await drive(machine, {}, () => ({ error: 'Flaky', cause: 'try again' }));
    expect(run.state.status).toBe('FAILED');
    expect(run.state.error).toBe('Flaky');
    const scheduled = run.history.filter((e) => e.type === 'TaskScheduled').map((e) => e.timestamp - 1_700_000_000_000);
    expect(scheduled).toEqual([0, 2_000, 2_000 + 6_000, 2_000 + 6_000 + 18_000]);
  });

  it('caps the back-off at MaxDelaySeconds', async () => {
    const machine = compile({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: TASK,
          Retry: [
            { ErrorEquals: ['States.ALL'], IntervalSeconds: 10, BackoffRate: 10, MaxAttempts: 3, MaxDelaySeconds: 15 },
          ],
          End: true,
        },
      },
    });
    const run = await drive(machine, {}, () => ({ error: 'Boom' }));
    const scheduled = run.history.filter((e) => e.type === 'TaskScheduled').map((e) => e.timestamp - 1_700_000_000_000);
    expect(scheduled).toEqual([0, 10_000, 25_000, 40_000]);
  });

  it('uses the first matching retrier only, and succeeds when a later attempt succeeds', async () => {
    let calls = 0;
    const machine = compile({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: TASK,
          Retry: [
            { ErrorEquals: ['A'], MaxAttempts: 1 },
            { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
          ],
          End: true,
        },
      },
    });
    const run = await drive(machine, {}, () => (++calls < 3 ? { error: 'A' } : { output: 'ok' }));
    // The 'A' retrier allows one retry; the second 'A' failure is not handed to the States.ALL retrier.
    expect(run.state.status).toBe('FAILED');
    expect(calls).toBe(2);
  });

  it('never retries or catches States.Runtime, even with States.ALL', async () => {
    const machine = compile({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: TASK,
          Parameters: { 'x.$': '$.missing' },
          Retry: [{ ErrorEquals: ['States.ALL'] }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }],
          End: true,
        },
        Caught: { Type: 'Succeed' },
      },
    });
    const run = await drive(machine, {});
    expect(run.state.error).toBe('States.Runtime');
    expect(run.state.cause).toContain(
      "The JSONPath '$.missing' specified for the field 'x.$' could not be found in the input '{}'",
    );
    expect(run.state.cause).toMatch(
      /^An error occurred while executing the state 'T' \(entered at the event id #2\)\./,
    );
  });
});

describe('Catch', () => {
  it('routes to the catcher with the error output placed at ResultPath', async () => {
    // The talk's error-handling demo: a custom error caught and handled by a fallback state.
    const machine = compile({
      StartAt: 'Register',
      States: {
        Register: {
          Type: 'Task',
          Resource: TASK,
          Catch: [{ ErrorEquals: ['UsernameTaken'], ResultPath: '$.error', Next: 'Suggest' }],
          End: true,
        },
        Suggest: { Type: 'Pass', End: true },
      },
    });
    const run = await drive(machine, { username: 'ada' }, () => ({ error: 'UsernameTaken', cause: 'ada exists' }));
    expect(run.state.status).toBe('SUCCEEDED');
    expect(run.state.output).toEqual({ username: 'ada', error: { Error: 'UsernameTaken', Cause: 'ada exists' } });
    expect(run.types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('States.TaskFailed matches any error but States.Timeout', async () => {
    const machine = compile({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: TASK,
          TimeoutSeconds: 5,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], Next: 'Failed' },
            { ErrorEquals: ['States.Timeout'], Next: 'TimedOut' },
          ],
          End: true,
        },
        Failed: { Type: 'Pass', Result: 'failed', End: true },
        TimedOut: { Type: 'Pass', Result: 'timed out', End: true },
      },
    });
    expect((await drive(machine, {}, () => ({ error: 'Custom' }))).state.output).toBe('failed');
    expect((await drive(machine, {}, () => undefined)).state.output).toBe('timed out');
  });
});

describe('timeouts', () => {
  it('fails a task with States.Timeout after TimeoutSeconds and cancels it', async () => {
    const machine = compile({
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: TASK, TimeoutSeconds: 3, End: true } },
    });
    const run = await drive(machine, {}, () => undefined);
    expect(run.state.error).toBe('States.Timeout');
    expect(run.types).toContain('TaskTimedOut');
    expect(run.effects.map((e) => e.type)).toContain('CancelTask');
    expect(run.history.at(-1)!.timestamp).toBe(1_700_000_003_000);
  });

  it('fails with States.HeartbeatTimeout when no heartbeat arrives, matched by States.Timeout', async () => {
    const machine = compile({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:us-east-1:123456789012:activity:work',
          TimeoutSeconds: 100,
          HeartbeatSeconds: 10,
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Late' }],
          End: true,
        },
        Late: { Type: 'Pass', End: true },
      },
    });
    const run = await drive(machine, {}, () => undefined);
    expect(run.state.status).toBe('SUCCEEDED');
    expect(run.state.output).toEqual({ Error: 'States.HeartbeatTimeout', Cause: '' });
    expect(run.types).toContain('ActivityTimedOut');
  });
});

describe('redrive', () => {
  it('resumes a failed execution from the state it failed in, with the same input and variables', async () => {
    // Developer guide, "Redriving executions": the execution continues from the unsuccessful state.
    const { step } = await import('./step.js');
    const { newExecution } = await import('./test-support/drive.js');
    const machine = compile({
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { who: 'ada' }, Output: { n: 1 }, Next: 'Work' },
        Work: { Type: 'Task', Resource: TASK, Output: '{% $states.result & " " & $who %}', End: true },
      },
    });
    const state = newExecution();
    const started = await step(machine, state, { type: 'Start', at: 0 });
    const first = started.effects.find((e) => e.type === 'ScheduleTask')!;
    await step(machine, state, { type: 'TaskFailed', at: 1, seq: first.seq, error: 'Down' });
    expect(state.status).toBe('FAILED');
    const redriven = await step(machine, state, { type: 'Redrive', at: 2 });
    expect(redriven.applied).toBe(true);
    expect(state.status).toBe('RUNNING');
    expect(state.redriveCount).toBe(1);
    expect(redriven.events.map((e) => e.type)).toEqual(['ExecutionRedriven', 'TaskStateEntered', 'TaskScheduled']);
    const again = redriven.effects.find((e) => e.type === 'ScheduleTask')!;
    expect(again.type === 'ScheduleTask' && again.input).toEqual({ n: 1 });
    await step(machine, state, { type: 'TaskSucceeded', at: 3, seq: again.seq, output: 'hello' });
    expect(state.output).toBe('hello ada');
  });

  it('refuses to redrive a succeeded or running execution', async () => {
    const { step } = await import('./step.js');
    const machine = compile({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const run = await drive(machine, {});
    expect((await step(machine, run.state, { type: 'Redrive', at: 5 })).applied).toBe(false);
  });
});
