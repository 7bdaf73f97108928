/**
 * The AWS-recorded Choice cases of the conformance corpus: the 240 choice_operators cases (a
 * Choice routing to Pass states whose Result names the branch) and the other recorded machines
 * made of Choice, Pass and Fail states, in both query languages. A tiny runner evaluates the
 * Choices in order (first match, else Default), then follows Pass `Result` and Fail `Cause`;
 * the expected output therefore pins which branch AWS took.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type Json, type JsonObject, seedRandom } from '../../kernel/index.js';
import { DiagnosticSink, pointerTo } from '../diagnostics.js';
import type { EvalEnv } from '../query/env.js';
import { compileJsonataTemplate } from '../query/jsonata/index.js';
import { compileChoiceCondition, compileChoiceRule } from './index.js';

const CASES = new URL('../../../../../../shared/conformance/asl/cases/', import.meta.url);

interface RecordedCase {
  id: string;
  definition?: JsonObject;
  input?: Json;
  expected: { status?: string; output?: Json; error?: string; cause?: string };
}

type Outcome = { status: 'SUCCEEDED'; output: Json } | { status: 'FAILED'; error?: string; cause?: string };

const RUNNABLE: Record<string, readonly string[]> = {
  Choice: ['Choices', 'Default', 'Output'],
  Pass: ['Result'],
  Fail: ['Error', 'Cause'],
};

function runnable(definition: JsonObject): boolean {
  const states = Object.values(definition.States as JsonObject) as JsonObject[];
  return (
    states.some((s) => s.Type === 'Choice') &&
    states.every((s) => {
      const allowed = RUNNABLE[s.Type as string];
      const fields = Object.keys(s).filter((k) => !['Type', 'Next', 'End', 'Comment', 'QueryLanguage'].includes(k));
      const rules = s.Type === 'Choice' ? (s.Choices as JsonObject[]) : [];
      return allowed !== undefined && fields.every((f) => allowed.includes(f)) && rules.every((r) => !('Assign' in r));
    })
  );
}

async function run(definition: JsonObject, input: Json): Promise<Outcome> {
  const env: EvalEnv = {
    context: { Execution: { Input: input } },
    variable: () => undefined,
    random: seedRandom(1, 2, 3, 4),
  };
  const sink = new DiagnosticSink();
  let name = definition.StartAt as string;
  let value = input;
  for (;;) {
    const state = (definition.States as JsonObject)[name] as JsonObject;
    const pointer = `/States/${name}`;
    if (state.Type === 'Fail') return { status: 'FAILED', error: state.Error as string, cause: state.Cause as string };
    if (state.Type === 'Pass') {
      const output = state.Result ?? value;
      if (state.End === true) return { status: 'SUCCEEDED', output };
      value = output;
      name = state.Next as string;
      continue;
    }
    const jsonata = (state.QueryLanguage ?? definition.QueryLanguage) === 'JSONata';
    const states: JsonObject = { input: value, context: env.context };
    const rules = state.Choices as JsonObject[];
    let chosen: JsonObject | undefined;
    for (const [i, rule] of rules.entries()) {
      const at = pointerTo(pointerTo(pointer, 'Choices'), i);
      const matched = jsonata
        ? await compileChoiceCondition(rule.Condition!, i, pointerTo(at, 'Condition'), sink)(states, env, 0)
        : compileChoiceRule(rule, at, sink)(value, env);
      if (matched) {
        chosen = rule;
        break;
      }
    }
    expect(sink.all).toEqual([]);
    const output = chosen?.Output ?? state.Output;
    if (output !== undefined) value = await compileJsonataTemplate(output, 'Output', pointer, sink)(states, env, 0);
    name = (chosen?.Next ?? state.Default) as string;
  }
}

function recordedCases(): RecordedCase[] {
  if (!existsSync(CASES)) return [];
  return readdirSync(CASES)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(new URL(f, CASES), 'utf8')) as { cases: RecordedCase[] }).cases)
    .filter((c) => isJsonObject(c.definition) && runnable(c.definition));
}

const cases = recordedCases();

describe.skipIf(cases.length === 0)(
  'recorded AWS Choice cases (shared/conformance/asl/cases; skipped when the corpus is absent)',
  () => {
    it('covers the 240 choice_operators cases and the other Choice machines', () => {
      expect(cases.filter((c) => c.id.startsWith('choice_operators/')).length).toBe(240);
      expect(cases.length).toBeGreaterThan(240);
    });

    it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
      const outcome = await run(c.definition!, c.input ?? {});
      expect(outcome.status).toBe(c.expected.status);
      if (outcome.status === 'SUCCEEDED') expect(outcome.output).toEqual(c.expected.output);
      else if (c.expected.cause !== undefined) expect(outcome.cause).toBe(c.expected.cause);
    });
  },
);
