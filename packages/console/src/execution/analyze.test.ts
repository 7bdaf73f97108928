import { describe, expect, it } from 'vitest';
import parallelMapFail from '../test-support/histories/parallel-map-fail.json' with { type: 'json' };
import retryCatchFail from '../test-support/histories/retry-catch-fail.json' with { type: 'json' };
import { event, toWire } from '../test-support/wire.js';
import { analyzeHistory } from './analyze.js';
import { buildTimeline } from './timeline.js';

const outcomes = (history: Parameters<typeof analyzeHistory>[0]) =>
  Object.fromEntries([...analyzeHistory(history).byState.values()].map((s) => [s.name, s.outcome]));

describe('analyzeHistory', () => {
  it('colours retried, caught and failed states, and a Parallel whose branch failed (recorded by baton run)', () => {
    const analysis = analyzeHistory(toWire(retryCatchFail.history));
    expect(outcomes(toWire(retryCatchFail.history))).toEqual({
      Work: 'retried', // Transient once, then succeeded
      Fan: 'caught', // its branch Bad failed; Catch sent it to Recover
      Ok: 'succeeded',
      Bad: 'failed',
      Recover: 'failed', // uncaught: the execution failed here
    });
    expect(analysis.status).toBe('FAILED');
    expect(analysis.error).toBe('CustomError');
    const work = analysis.byState.get('Work')!.visits[0]!;
    expect(work.attempts.map((a) => [a.status, a.error ?? ''])).toEqual([
      ['failed', 'Transient'],
      ['succeeded', ''],
    ]);
    expect(work.input).toBe('{}');
    const fan = analysis.byState.get('Fan')!.visits[0]!;
    expect(fan.error).toBe('CustomError');
    expect(fan.lanes.map((l) => [l.kind, l.index, l.status, l.visits.map((v) => v.name)])).toEqual([
      ['branch', 0, 'succeeded', ['Ok']],
      ['branch', 1, 'failed', ['Bad']],
    ]);
    const recover = analysis.byState.get('Recover')!.visits[0]!;
    expect([recover.error, recover.cause]).toEqual(['CustomError', 'nope']);
  });

  it('follows Map iterations and Parallel branches, and a Fail state ends it (recorded by baton run)', () => {
    const analysis = analyzeHistory(toWire(parallelMapFail.history));
    expect(outcomes(toWire(parallelMapFail.history))).toEqual({
      P: 'succeeded',
      A: 'succeeded',
      B: 'caught', // retried once, then caught to BC
      BC: 'succeeded',
      M: 'succeeded',
      L: 'succeeded',
      F: 'failed',
    });
    const m = analysis.byState.get('M')!.visits[0]!;
    expect(m.lanes.map((l) => [l.kind, l.index, l.status, l.visits.length])).toEqual([
      ['iteration', 0, 'succeeded', 1],
      ['iteration', 1, 'succeeded', 1],
    ]);
    expect(analysis.byState.get('L')!.visits.map((v) => v.input)).toEqual(['1', '2']);
    expect(analysis.byState.get('B')!.visits[0]!.attempts).toHaveLength(2);
    expect(analysis.byState.get('F')!.visits[0]).toMatchObject({ error: 'Boom', cause: 'because' });
  });

  it('shows a state waiting on an activity worker as running, with the attempt waiting', () => {
    const activity = 'arn:aws:states:us-east-1:123456789012:activity:manager-approval';
    const history = [
      event(1, 0, 'ExecutionStarted', { input: '{"limit":9000}' }),
      event(2, 1, 'ChoiceStateEntered', { name: 'CheckLimit', input: '{"limit":9000}' }),
      event(3, 2, 'ChoiceStateExited', { name: 'CheckLimit', output: '{"limit":9000}' }),
      event(4, 3, 'TaskStateEntered', { name: 'ManagerApproval', input: '{"limit":9000}' }),
      event(5, 4, 'ActivityScheduled', { resource: activity, input: '{"limit":9000}', heartbeatInSeconds: 3600 }),
    ];
    const waiting = analyzeHistory(history);
    expect(waiting.status).toBe('RUNNING');
    expect(outcomes(history)).toEqual({ CheckLimit: 'succeeded', ManagerApproval: 'running' });
    expect(waiting.waiting.map((w) => [w.visit.name, w.attempt.family, w.attempt.resource])).toEqual([
      ['ManagerApproval', 'Activity', activity],
    ]);
    // A worker takes it, answers, and the execution goes on to succeed.
    const done = [
      ...history,
      event(6, 5, 'ActivityStarted', { workerName: 'baton-console-1' }),
      event(7, 6, 'ActivitySucceeded', { output: '{"approved":true}' }),
      event(8, 7, 'TaskStateExited', { name: 'ManagerApproval', output: '{"approved":true}' }),
      event(9, 8, 'SucceedStateEntered', { name: 'Approved', input: '{}' }),
      event(10, 9, 'SucceedStateExited', { name: 'Approved', output: '{}' }),
      event(11, 10, 'ExecutionSucceeded', { output: '{}' }),
    ];
    const analysis = analyzeHistory(done);
    expect(analysis.waiting).toEqual([]);
    expect(analysis.byState.get('ManagerApproval')!.visits[0]!.attempts[0]).toMatchObject({
      status: 'succeeded',
      workerName: 'baton-console-1',
      startedAt: 1_700_000_006_000,
    });
    expect(outcomes(done)).toEqual({ CheckLimit: 'succeeded', ManagerApproval: 'succeeded', Approved: 'succeeded' });
  });

  it('cancels what was running when the execution is stopped, and a redrive supersedes the failure', () => {
    const stopped = [
      event(1, 0, 'ExecutionStarted', { input: '{}' }),
      event(2, 1, 'WaitStateEntered', { name: 'Sleep', input: '{}' }),
      event(3, 2, 'ExecutionAborted', { error: 'Manual', cause: 'stopped from the console' }),
    ];
    expect(outcomes(stopped)).toEqual({ Sleep: 'cancelled' });
    expect(analyzeHistory(stopped).status).toBe('ABORTED');

    const redriven = [
      event(1, 0, 'ExecutionStarted', { input: '{}' }),
      event(2, 1, 'TaskStateEntered', { name: 'Call', input: '{}' }),
      event(3, 2, 'LambdaFunctionScheduled', { resource: 'f', input: '{}' }),
      event(4, 3, 'LambdaFunctionFailed', { error: 'Boom', cause: 'down' }),
      event(5, 4, 'ExecutionFailed', { error: 'Boom', cause: 'down' }),
    ];
    expect(outcomes(redriven)).toEqual({ Call: 'failed' });
    const again = [
      ...redriven,
      event(6, 5, 'ExecutionRedriven', { redriveCount: 1 }),
      event(7, 6, 'TaskStateEntered', { name: 'Call', input: '{}' }),
      event(8, 7, 'LambdaFunctionScheduled', { resource: 'f', input: '{}' }),
    ];
    const analysis = analyzeHistory(again);
    expect(analysis.status).toBe('RUNNING');
    expect(analysis.byState.get('Call')!.outcome).toBe('running');
  });
});

describe('buildTimeline', () => {
  it('lists visits in order with Parallel branches and Map iterations nested under their state', () => {
    const analysis = analyzeHistory(toWire(parallelMapFail.history));
    const timeline = buildTimeline(analysis, Date.now());
    expect(timeline.rows.map((r) => `${'  '.repeat(r.depth)}${r.label}:${r.outcome}`)).toEqual([
      'P:succeeded',
      '  Branch 1:succeeded',
      '    A:succeeded',
      '  Branch 2:succeeded',
      '    B:caught',
      '    BC:succeeded',
      'M:succeeded',
      '  Iteration 0:succeeded',
      '    L:succeeded',
      '  Iteration 1:succeeded',
      '    L:succeeded',
      'F:failed',
    ]);
    // B waited one second before its retry; times are relative to the execution's start.
    const b = timeline.rows.find((r) => r.label === 'B')!;
    expect(b.retries).toBe(1);
    expect(b.start).toBe(0);
    expect(b.end).toBeCloseTo(1000, -1);
    expect(timeline.span).toBeCloseTo(1000, -1);
  });

  it('runs open rows up to now and caps huge Maps', () => {
    const history = [
      event(1, 0, 'ExecutionStarted', { input: '{}' }, 0),
      event(2, 1, 'MapStateEntered', { name: 'Each', input: '[]' }, 0),
      event(3, 2, 'MapStateStarted', { length: 3 }, 0),
      ...[0, 1, 2].flatMap((i) => [
        event(4 + i * 2, 3, 'MapIterationStarted', { name: 'Each', index: i }, 1),
        event(5 + i * 2, 4 + i * 2, 'PassStateEntered', { name: 'Item', input: `${i}` }, 1),
      ]),
    ];
    const timeline = buildTimeline(analyzeHistory(history), 1_700_000_005_000, 4);
    expect(timeline.rows.map((r) => [r.label, r.running, r.end])).toEqual([
      ['Each', true, 5000],
      ['Iteration 0', true, 5000],
      ['Item', true, 5000],
      ['Iteration 1', true, 5000],
    ]);
    expect(timeline.hidden).toBe(3);
  });
});
