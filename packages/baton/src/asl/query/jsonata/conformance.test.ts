/**
 * The AWS-recorded cases of the conformance corpus whose JSONata can be evaluated without the
 * interpreter: machines of JSONata Pass, Fail and Map states (the Map's processor a bare Pass).
 * A deliberately tiny runner walks them (Assign after Output, Map items in order, the
 * interpreter's cause prefix) so the expected outputs and causes check this module end to end.
 * Cases using anything else are left to the interpreter's conformance runner.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type Json, type JsonObject, seedRandom } from '../../../kernel/index.js';
import { DiagnosticSink } from '../../diagnostics.js';
import { StatesError } from '../../errors.js';
import type { EvalEnv } from '../env.js';
import { compileJsonataTemplate, isJsonataString, jsonataBody, unexpectedTypeMessage } from './index.js';

const CASES = new URL('../../../../../../../shared/conformance/asl/cases/', import.meta.url);

interface RecordedCase {
  id: string;
  definition?: JsonObject;
  input?: Json;
  expected: { status?: string; output?: Json; error?: string; cause?: string };
  dynamic?: string[];
}

type Outcome = { status: 'SUCCEEDED'; output: Json } | { status: 'FAILED'; error?: string; cause?: string };

const STATE_FIELDS: Record<string, readonly string[]> = {
  Pass: ['Output', 'Assign'],
  Fail: ['Error', 'Cause'],
  Map: ['Items', 'ItemSelector', 'ItemProcessor', 'MaxConcurrency', 'ToleratedFailureCount'],
};

/** Whether the tiny runner below can run this machine. */
function runnable(definition: JsonObject): boolean {
  const states = Object.values(definition.States as JsonObject) as JsonObject[];
  return states.every((s) => {
    const language = s.QueryLanguage ?? definition.QueryLanguage;
    const allowed = STATE_FIELDS[s.Type as string];
    const fields = Object.keys(s).filter((k) => !['Type', 'Next', 'End', 'Comment', 'QueryLanguage'].includes(k));
    if (language !== 'JSONata' || allowed === undefined || !fields.every((f) => allowed.includes(f))) return false;
    if (s.Type !== 'Map') return true;
    const inner = Object.values((s.ItemProcessor as JsonObject).States as JsonObject) as JsonObject[];
    return (
      inner.length === 1 &&
      inner.every((p) => p.Type === 'Pass' && Object.keys(p).every((k) => k === 'Type' || k === 'End'))
    );
  });
}

async function run(definition: JsonObject, input: Json): Promise<Outcome> {
  const variables: JsonObject = {};
  const env: EvalEnv = { context: {}, variable: (name) => variables[name], random: seedRandom(1, 2, 3, 4) };
  const template = (value: Json, field: string) => compileJsonataTemplate(value, field, '', new DiagnosticSink());
  let name = definition.StartAt as string;
  let value = input;
  for (let step = 0; ; step++) {
    const state = (definition.States as JsonObject)[name] as JsonObject;
    const states: JsonObject = { input: value, context: {} };
    try {
      if (state.Type === 'Fail') {
        const error = state.Error === undefined ? undefined : await template(state.Error, 'Error')(states, env, 0);
        const cause = state.Cause === undefined ? undefined : await template(state.Cause, 'Cause')(states, env, 0);
        return {
          status: 'FAILED',
          ...(error === undefined ? {} : { error: error as string }),
          ...(cause === undefined ? {} : { cause: cause as string }),
        };
      }
      let output = value;
      if (state.Type === 'Map') {
        const items = state.Items === undefined ? value : await template(state.Items, 'Items')(states, env, 0);
        if (!Array.isArray(items)) {
          const message = isJsonataString(state.Items)
            ? unexpectedTypeMessage(jsonataBody(state.Items), 'Items', 'array', items)
            : `Map state input must be an array but was: ${JSON.stringify(items)}`;
          throw new StatesError('States.QueryEvaluationError', message);
        }
        if (state.ToleratedFailureCount !== undefined)
          await template(state.ToleratedFailureCount, 'ToleratedFailureCount')(states, env, 0);
        const selector = state.ItemSelector === undefined ? undefined : template(state.ItemSelector, 'ItemSelector');
        output = [];
        for (const [index, item] of items.entries()) {
          const context = { Map: { Item: { Index: index, Value: item } } };
          output.push(selector ? await selector({ input: value, context }, env, 0) : item);
        }
      } else if (state.Output !== undefined) {
        output = await template(state.Output, 'Output')(states, env, 0);
      }
      if (state.Assign !== undefined) Object.assign(variables, await template(state.Assign, 'Assign')(states, env, 0));
      if (state.End === true) return { status: 'SUCCEEDED', output };
      value = output;
      name = state.Next as string;
    } catch (e) {
      if (!(e instanceof StatesError)) throw e;
      const prefix = `An error occurred while executing the state '${name}' (entered at the event id #${2 + 2 * step}). `;
      return { status: 'FAILED', error: e.error, cause: prefix + e.message };
    }
  }
}

function recordedCases(): RecordedCase[] {
  if (!existsSync(CASES)) return [];
  return readdirSync(CASES)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(new URL(f, CASES), 'utf8')) as { cases: RecordedCase[] }).cases)
    .filter((c) => isJsonObject(c.definition) && JSON.stringify(c.definition).includes('{%') && runnable(c.definition));
}

const cases = recordedCases();

describe.skipIf(cases.length === 0)(
  'recorded AWS cases (shared/conformance/asl/cases; skipped when the corpus is absent)',
  () => {
    it('covers the stand-alone JSONata cases', () => {
      expect(cases.length).toBeGreaterThanOrEqual(30);
    });

    it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
      const outcome = await run(c.definition!, c.input ?? {});
      const { expected } = c;
      expect(outcome.status).toBe(expected.status);
      if (outcome.status === 'SUCCEEDED') {
        expect(outcome.output).toEqual(expected.output);
        return;
      }
      if (expected.error !== undefined) expect(outcome.error).toBe(expected.error);
      if (expected.cause !== undefined && !c.dynamic?.includes('/cause')) expect(outcome.cause).toBe(expected.cause);
    });
  },
);
