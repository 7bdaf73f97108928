/**
 * Whole templates (Arguments, Output, Assign, ItemSelector): literals kept as they are, every
 * `{% %}` string evaluated, causes naming the field as AWS does (`Output/result`,
 * `Arguments/a[0]`), definition-time refusals located by JSON pointer. Developer guide,
 * "Transforming data with JSONata in Step Functions" and "Passing data between states with variables".
 */
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, nextUuid, seedRandom } from '../../../kernel/index.js';
import { DiagnosticSink } from '../../diagnostics.js';
import { StatesError } from '../../errors.js';
import type { EvalEnv } from '../env.js';
import { compileJsonataTemplate } from './index.js';

function env(variables: JsonObject = {}): EvalEnv {
  return { context: {}, variable: (name) => variables[name], random: seedRandom(3, 1, 4, 1) };
}

function compile(template: Json, field = 'Output') {
  const sink = new DiagnosticSink();
  const evaluate = compileJsonataTemplate(template, field, '/States/S/Output', sink);
  return { evaluate, sink };
}

describe('compileJsonataTemplate', () => {
  it('converts the guide sample from JSONPath Parameters to JSONata Arguments', async () => {
    // Guide: input {"title": "Doctor"} and variable customerName = "María" give the same result in both languages.
    const { evaluate } = compile({
      static: 'Hello',
      title: '{% $states.input.title %}',
      name: '{% $customerName %}',
      'not-evaluated': '$customerName',
    });
    expect(await evaluate({ input: { title: 'Doctor' }, context: {} }, env({ customerName: 'María' }), 0)).toEqual({
      static: 'Hello',
      title: 'Doctor',
      name: 'María',
      'not-evaluated': '$customerName',
    });
  });

  it('returns a template without expressions itself, uncopied', async () => {
    const template = { a: [1, { b: 'x' }], c: ' {% not an expression %} ' };
    const { evaluate } = compile(template);
    expect(await evaluate({ input: {}, context: {} }, env(), 0)).toBe(template);
  });

  it('shares the literal subtrees of a template that has expressions', async () => {
    const literal = { deep: [1, 2, 3] };
    const { evaluate } = compile({ literal, value: '{% $states.input %}' });
    const out = (await evaluate({ input: 5, context: {} }, env(), 0)) as JsonObject;
    expect(out).toEqual({ literal, value: 5 });
    expect(out.literal).toBe(literal);
  });

  it('evaluates any JSON shape: a bare expression, an array, nested objects (recorded: outputdecl LIST_RICH)', async () => {
    const { evaluate } = compile([
      null,
      0,
      0.1,
      true,
      'string',
      [],
      '$nosuchvar',
      '$.no.such.path',
      '{% $states.input %}',
      { key: '{% true %}' },
    ]);
    expect(await evaluate({ input: { input_value: 'stringliteral' }, context: {} }, env(), 0)).toEqual([
      null,
      0,
      0.1,
      true,
      'string',
      [],
      '$nosuchvar',
      '$.no.such.path',
      { input_value: 'stringliteral' },
      { key: true },
    ]);
    expect(await compile('{% 1 + 1 %}').evaluate({ input: {}, context: {} }, env(), 0)).toBe(2);
  });

  it('names the field of a failing expression by key and index', async () => {
    const { evaluate } = compile({ a: { b: [1, '{% $nothing %}'] } }, 'Arguments');
    await expect(evaluate({ input: {}, context: {} }, env(), 0)).rejects.toThrow(
      new StatesError(
        'States.QueryEvaluationError',
        "The JSONata expression '$nothing' specified for the field 'Arguments/a/b[1]' returned nothing (undefined).",
      ),
    );
  });

  it('evaluates in document order, so random draws replay identically', async () => {
    const { evaluate } = compile({ first: '{% $uuid() %}', second: '{% $uuid() %}' });
    const random = seedRandom(9, 9, 9, 9);
    const expected = seedRandom(9, 9, 9, 9);
    const out = await evaluate({ input: {}, context: {} }, { context: {}, variable: () => undefined, random }, 0);
    expect(out).toEqual({ first: nextUuid(expected), second: nextUuid(expected) });
  });

  it('sees variables as they were before the state: Assign evaluates every value from the same scope', async () => {
    // Guide, "Passing data between states with variables": assignments in one Assign do not see each other.
    const { evaluate } = compile({ x: '{% $y %}', y: '{% $x %}' }, 'Assign');
    expect(await evaluate({ input: {}, context: {} }, env({ x: 1, y: 2 }), 0)).toEqual({ x: 2, y: 1 });
  });

  it('reports every expression AWS refuses, at its pointer, with its code', () => {
    const { sink } = compile({ ok: '{% 1 %}', bad: '{% 1 + %}', list: ['{% phone %}'] });
    expect(sink.all).toEqual([
      {
        severity: 'ERROR',
        code: 'INVALID_JSONATA_EXPRESSION',
        message: 'Unexpected end of expression',
        location: '/States/S/Output/bad',
      },
      {
        severity: 'ERROR',
        code: 'UNSUPPORTED_JSONATA_EXPRESSION',
        message: "Reference to 'phone' at the top level is not supported.",
        location: '/States/S/Output/list/0',
      },
    ]);
  });

  it('escapes pointer segments as RFC 6901 asks', () => {
    const { sink } = compile({ 'a/b': '{% ( %}' });
    expect(sink.all[0]?.location).toBe('/States/S/Output/a~1b');
  });
});
