/**
 * Validation as CreateStateMachine / ValidateStateMachineDefinition do it. Expected codes,
 * messages and locations are AWS's, as recorded with `aws stepfunctions
 * validate-state-machine-definition` (floci-io/floci issues #2735 and #2968, localstack #11978).
 */
import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../kernel/index.js';
import { compileDefinition, compileDefinitionValue } from '../compile/index.js';
import { formatInvalidDefinition } from '../diagnostics.js';

function diagnostics(def: Json, machineType: 'STANDARD' | 'EXPRESS' = 'STANDARD') {
  const r = compileDefinitionValue(def, { machineType });
  return r.ok
    ? []
    : r.error.map(({ code, message, location }) => ({
        code,
        message,
        ...(location !== undefined ? { location } : {}),
      }));
}

describe('transitions', () => {
  it('reports a missing Next target and the unreachable state, both (localstack#11978, measured on AWS)', () => {
    const def = {
      StartAt: 'pass1',
      States: { pass1: { Type: 'Pass', Next: 'pass3' }, pass2: { Type: 'Pass', End: true } },
    };
    expect(diagnostics(def)).toEqual([
      { code: 'MISSING_TRANSITION_TARGET', message: "Missing 'Next' target: pass3", location: '/States/pass1/Next' },
      { code: 'MISSING_TRANSITION_TARGET', message: 'State "pass2" is not reachable.', location: '/States/pass2' },
    ]);
    const r = compileDefinitionValue(def);
    expect(r.ok ? '' : formatInvalidDefinition(r.error)).toBe(
      "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: pass3 at /States/pass1/Next, MISSING_TRANSITION_TARGET: State \"pass2\" is not reachable. at /States/pass2'",
    );
  });

  it('reports a workflow without a terminal state alone, with no location (floci#2735)', () => {
    const def = {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' }, C: { Type: 'Pass', Next: 'A' } },
    };
    expect(diagnostics(def)).toEqual([{ code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' }]);
    const r = compileDefinitionValue(def);
    expect(r.ok ? '' : formatInvalidDefinition(r.error)).toBe(
      "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null'",
    );
  });

  it("names Choice, Default and Catch targets with AWS's pointer style (floci#2786)", () => {
    const def = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'Nope1' }], Default: 'Nope2' },
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Nope3' }],
          End: true,
        },
      },
    };
    const locations = diagnostics(def).map((d) => d.location);
    expect(locations).toEqual(
      expect.arrayContaining(['/States/C/Choices[0]/Next', '/States/C/Default', '/States/T/Catch[0]/Next']),
    );
  });
});

describe('fields', () => {
  it("refuses fields a state type does not support: 'Field 'X' is not supported' at the state (floci#2735)", () => {
    const cases: [string, JsonObject][] = [
      ['Pass', { Catch: [] }],
      ['Wait', { Retry: [], Seconds: 1 }],
      ['Map', { TimeoutSeconds: 5, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } }],
    ];
    for (const [type, extra] of cases) {
      const field = Object.keys(extra)[0]!;
      const def = { StartAt: 'S', States: { S: { Type: type, End: true, ...extra } } };
      expect(diagnostics(def)).toContainEqual({
        code: 'SCHEMA_VALIDATION_FAILED',
        message: `Field '${field}' is not supported`,
        location: '/States/S',
      });
    }
  });

  it('enforces the query language of each field (floci#2968)', () => {
    expect(diagnostics({ StartAt: 'P', States: { P: { Type: 'Pass', Output: {}, End: true } } })).toContainEqual({
      code: 'SCHEMA_VALIDATION_FAILED',
      message:
        "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage",
      location: '/States/P',
    });
    expect(
      diagnostics({
        QueryLanguage: 'JSONata',
        StartAt: 'P',
        States: { P: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } },
      }),
    ).toContainEqual({
      code: 'SCHEMA_VALIDATION_FAILED',
      message: "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
      location: '/States/P',
    });
  });

  it('refuses .sync and .waitForTaskToken in EXPRESS machines (recorded case test_illegal_callbacks)', () => {
    const def = {
      StartAt: 'S',
      States: { S: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync', End: true } },
    };
    expect(diagnostics(def, 'EXPRESS')).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        message: "Express state machine does not support '.sync' service integration",
        location: '/States/S/Resource',
      },
    ]);
    expect(diagnostics(def, 'STANDARD')).toEqual([]);
  });

  it('requires States.ALL to stand alone and last (ASL spec, "Error names")', () => {
    const def = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Retry: [{ ErrorEquals: ['States.ALL', 'X'] }, { ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['Y'] }],
          End: true,
        },
      },
    };
    expect(diagnostics(def).map((d) => d.location)).toEqual([
      '/States/T/Retry/0/ErrorEquals',
      '/States/T/Retry/1/ErrorEquals',
    ]);
  });

  it('reports every problem, not the first', () => {
    const def = {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Bogus: 1, End: true }, B: { Type: 'Wait', End: true }, C: { Type: 'Nope' } },
    };
    expect(diagnostics(def).length).toBeGreaterThanOrEqual(3);
  });

  it('reads YAML-free JSON text, and unparseable text is INVALID_JSON_DESCRIPTION', () => {
    const r = compileDefinition('not a definition');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error[0]!.code).toBe('INVALID_JSON_DESCRIPTION');
  });
});
