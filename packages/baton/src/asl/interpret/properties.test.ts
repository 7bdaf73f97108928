/**
 * Properties of the compiler and interpreter (fast-check): validation never throws on arbitrary
 * JSON; generated valid machines run to an end without crashing; history ids strictly increase;
 * size bounds cover the values they bound; replaying the same signals gives the same state and
 * history.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../kernel/index.js';
import { compileDefinitionValue } from '../compile/index.js';
import { jsonByteLength, storedBound } from '../payload-size.js';
import { step } from './step.js';
import { compile, drive, newExecution } from './test-support/drive.js';

const TASK = 'arn:aws:states:::lambda:invoke';

/** A random scope (chain of states) of depth ≤ `depth`, always valid by construction. */
function scopeArb(depth: number, prefix: string): fc.Arbitrary<JsonObject> {
  const kinds =
    depth > 0
      ? ['Pass', 'PassResult', 'Choice', 'Wait', 'Task', 'Parallel', 'Map', 'Fail']
      : ['Pass', 'PassResult', 'Choice', 'Wait', 'Task', 'Fail'];
  // A Fail state ends its chain, so it is drawn only for the last state (the others stay reachable).
  const stateArb = (name: string, next: string | undefined): fc.Arbitrary<JsonObject> =>
    fc
      .constantFrom(...kinds.filter((k) => k !== 'Fail' || next === undefined))
      .chain((kind): fc.Arbitrary<JsonObject> => {
        const end: JsonObject = next === undefined ? { End: true } : { Next: next };
        switch (kind) {
          case 'Pass':
            return fc.constant({ Type: 'Pass', Parameters: { 'v.$': '$', k: name }, ResultPath: `$.${name}`, ...end });
          case 'PassResult':
            return fc.jsonValue().map((r) => ({ Type: 'Pass', Result: r as Json, ...end }));
          case 'Choice':
            return fc.integer({ min: -2, max: 2 }).map((n) => ({
              Type: 'Choice',
              Choices: [{ Variable: '$.n', NumericGreaterThan: n, Next: next ?? `${name}_end` }],
              Default: next ?? `${name}_end`,
            }));
          case 'Wait':
            return fc.integer({ min: 0, max: 100 }).map((s) => ({ Type: 'Wait', Seconds: s, ...end }));
          case 'Task':
            return fc.boolean().map((retry) => ({
              Type: 'Task',
              Resource: TASK,
              TimeoutSeconds: 30,
              ...(retry
                ? {
                    Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
                    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: next ?? `${name}_end` }],
                  }
                : {}),
              ...end,
            }));
          case 'Parallel':
            return fc
              .array(scopeArb(depth - 1, `${name}b`), { minLength: 1, maxLength: 2 })
              .map((branches) => ({ Type: 'Parallel', Branches: branches, ...end }));
          case 'Map':
            return fc.tuple(scopeArb(depth - 1, `${name}m`), fc.integer({ min: 0, max: 3 })).map(([proc, max]) => ({
              Type: 'Map',
              ItemsPath: '$.items',
              MaxConcurrency: max,
              ItemProcessor: proc,
              ResultPath: `$.${name}`,
              ...end,
            }));
          default:
            return fc.constant({ Type: 'Fail', Error: 'Generated', Cause: name });
        }
      });
  return fc.integer({ min: 1, max: 4 }).chain((n) => {
    const names = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    return fc.tuple(...names.map((name, i) => stateArb(name, names[i + 1]))).map((states) => {
      const out: JsonObject = {};
      states.forEach((s, i) => {
        out[names[i]!] = s;
        if (s.Type === 'Choice' || (s.Type === 'Task' && s.Catch)) {
          const target = `${names[i]}_end`;
          if (!names[i + 1]) out[target] = { Type: 'Succeed' };
        }
      });
      return { StartAt: names[0]!, States: out };
    });
  });
}

const inputArb = fc.record({ n: fc.integer({ min: -3, max: 3 }), items: fc.array(fc.integer(), { maxLength: 3 }) });
const outcomeArb = fc.array(fc.constantFrom('ok', 'fail', 'never'), { minLength: 1, maxLength: 8 });

describe('properties', () => {
  it('validation never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = compileDefinitionValue(v as Json);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('validation never throws on arbitrary machine-shaped JSON', () => {
    const stateish = fc.dictionary(
      fc.constantFrom(
        'Type',
        'Next',
        'End',
        'Parameters',
        'Choices',
        'Branches',
        'Retry',
        'Catch',
        'ItemsPath',
        'ResultPath',
        'Seconds',
      ),
      fc.jsonValue(),
    );
    fc.assert(
      fc.property(fc.record({ StartAt: fc.jsonValue(), States: fc.dictionary(fc.string(), stateish) }), (v) => {
        const r = compileDefinitionValue(v as Json);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('generated valid machines run to an end without crashing, with increasing event ids', async () => {
    await fc.assert(
      fc.asyncProperty(scopeArb(2, 'S'), inputArb, outcomeArb, async (def, input, outcomes) => {
        const compiled = compileDefinitionValue(def);
        expect(compiled.ok, JSON.stringify(compiled.ok ? '' : compiled.error)).toBe(true);
        if (!compiled.ok) return;
        let i = 0;
        const run = await drive(compiled.value, input, () => {
          const o = outcomes[i++ % outcomes.length];
          return o === 'ok'
            ? { output: { done: i } }
            : o === 'fail'
              ? { error: 'Boom', cause: 'generated' }
              : undefined;
        });
        expect(['SUCCEEDED', 'FAILED', 'RUNNING', 'TIMED_OUT']).toContain(run.state.status);
        run.history.forEach((e, k) => {
          expect(e.id).toBe(k + 1);
          expect(e.previousEventId).toBeLessThan(e.id);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("every flow's input bound covers its input (the payload quota's bounds never under-report)", async () => {
    await fc.assert(
      fc.asyncProperty(scopeArb(2, 'B'), inputArb, async (def, input) => {
        await drive(compile(def), input, (task, state) => {
          for (const flow of Object.values(state.flows))
            expect(jsonByteLength(flow.input)).toBeLessThanOrEqual(storedBound(flow.inputBytes));
          return { output: { seq: task.seq, input: task.input } };
        });
      }),
      { numRuns: 200 },
    );
  });

  it('replaying the same signals gives the same state and history', async () => {
    await fc.assert(
      fc.asyncProperty(scopeArb(2, 'R'), inputArb, async (def, input) => {
        const machine = compile(def);
        const first = await drive(machine, input, (t) =>
          t.seq % 3 === 0 ? { error: 'Odd' } : { output: { seq: t.seq } },
        );
        // Re-apply exactly the signals the first run applied, in order, to a fresh state.
        expect(first.signals.length).toBeGreaterThan(0);
        const replayState = newExecution(input);
        const replayEvents = [];
        for (const signal of first.signals) replayEvents.push(...(await step(machine, replayState, signal)).events);
        expect(replayEvents).toEqual(first.history);
        expect(replayState).toEqual(first.state);
      }),
      { numRuns: 200 },
    );
  });
});
