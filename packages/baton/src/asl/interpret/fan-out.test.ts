/**
 * Parallel and Map (ASL spec "Parallel State", "Map State"; developer guide "Map state",
 * "Parallel workflow state", "Passing data between states with variables": scopes).
 */
import { describe, expect, it } from 'vitest';
import { compile, drive } from './test-support/drive.js';

const TASK = 'arn:aws:states:::lambda:invoke';

describe('Parallel', () => {
  it('gives each branch the same input and outputs the branch results in order', async () => {
    const machine = compile({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'a.$': '$.v' }, End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Task', Resource: TASK, End: true } } },
          ],
          End: true,
        },
      },
    });
    const run = await drive(machine, { v: 1 }, (t) => ({ output: { b: t.input } }));
    expect(run.state.output).toEqual([{ a: 1 }, { b: { v: 1 } }]);
  });

  it('fails with the branch error and cancels the other branches', async () => {
    const machine = compile({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: TASK, End: true } } },
            { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'BranchBroke', Cause: 'x' } } },
          ],
          End: true,
        },
      },
    });
    const run = await drive(machine, {}, () => 'never');
    expect(run.state.status).toBe('FAILED');
    expect(run.state.error).toBe('BranchBroke');
    expect(run.effects.map((e) => e.type)).toContain('CancelTask');
    expect(run.types.slice(-2)).toEqual(['ParallelStateFailed', 'ExecutionFailed']);
  });
});

describe('Map', () => {
  it('starts at most MaxConcurrency iterations at a time', async () => {
    const machine = compile({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          MaxConcurrency: 2,
          ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: TASK, End: true } } },
          End: true,
        },
      },
    });
    const run = await drive(machine, [1, 2, 3, 4, 5], () => 'never');
    expect(run.effects.filter((e) => e.type === 'ScheduleTask')).toHaveLength(2);
    const done = await drive(machine, [1, 2, 3, 4, 5], (t) => ({ output: (t.input as number) * 10 }));
    expect(done.state.output).toEqual([10, 20, 30, 40, 50]);
  });

  it('builds iteration input with ItemSelector from $$.Map.Item and the outer input', async () => {
    const machine = compile({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'index.$': '$$.Map.Item.Index', 'value.$': '$$.Map.Item.Value', 'tag.$': '$.tag' },
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    const run = await drive(machine, { items: ['a', 'b'], tag: 't' });
    expect(run.state.output).toEqual([
      { index: 0, value: 'a', tag: 't' },
      { index: 1, value: 'b', tag: 't' },
    ]);
  });

  it('tolerates failures up to ToleratedFailureCount, then fails with States.ExceedToleratedFailureThreshold', async () => {
    const def = (count: number) =>
      compile({
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ToleratedFailureCount: count,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
              StartAt: 'T',
              States: { T: { Type: 'Task', Resource: TASK, End: true } },
            },
            End: true,
          },
        },
      });
    const respond = (t: { input: unknown }) =>
      (t.input as number) % 2 === 0 ? { error: 'Odd' } : { output: t.input as number };
    const tolerated = await drive(def(2), [1, 2, 3, 4], respond);
    expect(tolerated.state.status).toBe('SUCCEEDED');
    expect(tolerated.types).toContain('MapRunSucceeded');
    expect(tolerated.types).not.toContain('MapIterationStarted');
    const exceeded = await drive(def(1), [1, 2, 3, 4], respond);
    expect(exceeded.state.error).toBe('States.ExceedToleratedFailureThreshold');
  });

  it('isolates variables: iterations read outer variables, their assignments stay inside', async () => {
    const machine = compile({
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { prefix: 'item-', count: 0 }, Next: 'M' },
        M: {
          Type: 'Map',
          Items: '{% [1, 2] %}',
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: {
                Type: 'Pass',
                Assign: { local: '{% $states.input %}' },
                Output: '{% $prefix & $string($states.input) %}',
                End: true,
              },
            },
          },
          Output: { results: '{% $states.result %}', local: '{% $exists($local) %}', count: '{% $count %}' },
          End: true,
        },
      },
    });
    const run = await drive(machine, {});
    expect(run.state.output).toEqual({ results: ['item-1', 'item-2'], local: false, count: 0 });
  });
});
