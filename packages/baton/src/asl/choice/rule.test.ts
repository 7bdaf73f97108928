/**
 * JSONPath Choice Rules: the examples of the ASL specification ("Choice State") and the developer
 * guide ("Choice workflow state" → "Choice Rules (JSONPath)"), AWS's runtime semantics and the
 * definition diagnostics.
 */
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, seedRandom } from '../../kernel/index.js';
import { DiagnosticSink } from '../diagnostics.js';
import { StatesError } from '../errors.js';
import type { EvalEnv } from '../query/env.js';
import { compileChoiceRule } from './index.js';

function env(variables: JsonObject = {}, context: Json = {}): EvalEnv {
  return { context, variable: (name) => variables[name], random: seedRandom(1, 2, 3, 4) };
}

/** Compiles a rule that must be valid. */
function rule(raw: JsonObject, placement: 'top' | 'nested' = 'nested') {
  const sink = new DiagnosticSink();
  const predicate = compileChoiceRule(raw, '/States/Check/Choices/0', sink, placement);
  expect(sink.all).toEqual([]);
  return predicate;
}

/** The first rule of `choices` that matches `input`, or the Default, as a Choice State picks. */
function choose(choices: JsonObject[], input: Json, fallback: string, at: EvalEnv = env()): string {
  const sink = new DiagnosticSink();
  const compiled = choices.map(
    (c, i) => [compileChoiceRule(c, `/States/X/Choices/${i}`, sink), c.Next as string] as const,
  );
  expect(sink.all).toEqual([]);
  return compiled.find(([matches]) => matches(input, at))?.[1] ?? fallback;
}

function diagnostics(raw: Json, placement: 'top' | 'nested' = 'top') {
  const sink = new DiagnosticSink();
  compileChoiceRule(raw, '/States/Check/Choices/0', sink, placement);
  return sink.all.map((d) => [d.message, d.location]);
}

describe('examples', () => {
  it('developer guide, "Choice state example": value 22 goes to ValueInTwenties', () => {
    const choices: JsonObject[] = [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
      {
        And: [
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
    ];
    expect(choose(choices, { type: 'Private', value: 22 }, 'DefaultState')).toBe('ValueInTwenties');
    expect(choose(choices, { type: 'Public', value: 22 }, 'DefaultState')).toBe('Public');
    expect(choose(choices, { type: 'Private', value: 0 }, 'DefaultState')).toBe('ValueIsZero');
    expect(choose(choices, { type: 'Private', value: 30 }, 'DefaultState')).toBe('DefaultState');
  });

  it('ASL spec, "Choice State" (DispatchEvent): IsPresent guards, Path operands', () => {
    const choices: JsonObject[] = [
      { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
      {
        And: [
          { Variable: '$.value', IsPresent: true },
          { Variable: '$.value', IsNumeric: true },
          { Variable: '$.value', NumericGreaterThanEquals: 20 },
          { Variable: '$.value', NumericLessThan: 30 },
        ],
        Next: 'ValueInTwenties',
      },
      { Variable: '$.rating', NumericGreaterThanPath: '$.auditThreshold', Next: 'StartAudit' },
    ];
    expect(choose(choices, { type: 'Private', value: 22 }, 'RecordEvent')).toBe('ValueInTwenties');
    // And stops at the first false operand, so the missing value never reaches NumericGreaterThanEquals.
    expect(choose(choices, { type: 'Private', rating: 9, auditThreshold: 5 }, 'RecordEvent')).toBe('StartAudit');
    expect(choose(choices, { type: 'Private', value: 'x', rating: 1, auditThreshold: 5 }, 'RecordEvent')).toBe(
      'RecordEvent',
    );
  });

  it.each([
    [{ Variable: '$.foo', NumericEquals: 1 }, { foo: 1 }],
    [{ Variable: '$.foo', StringEquals: 'MyString' }, { foo: 'MyString' }],
    [{ Variable: '$.foo', StringGreaterThan: 'MyStringABC' }, { foo: 'MyStringABD' }],
    [{ Variable: '$.foo', TimestampEquals: '2001-01-01T12:00:00Z' }, { foo: '2001-01-01T13:00:00+01:00' }],
  ])('developer guide, "Choice Rules (JSONPath)": %j', (raw, input) => {
    expect(rule(raw)(input, env())).toBe(true);
  });

  it.each([
    ['foo*.log', 'foo23.log', true],
    ['*.log', 'zebra.log', true],
    ['foo*.*', 'foobar.zebra', true],
    ['foo*.log', 'foo23.txt', false],
    ['log-\\*.txt', 'log-*.txt', true],
    ['log-\\*.txt', 'log-1.txt', false],
    ['C:\\\\temp\\\\*', 'C:\\temp\\file', true],
  ])('ASL spec, StringMatches: %s against %s is %s', (pattern, value, expected) => {
    expect(rule({ Variable: '$.v', StringMatches: pattern })({ v: value }, env())).toBe(expected);
  });
});

describe('runtime semantics', () => {
  it('compares across types as false, never as an error', () => {
    expect(rule({ Variable: '$.v', NumericEquals: 1 })({ v: '1' }, env())).toBe(false);
    expect(rule({ Variable: '$.v', StringEquals: '1' })({ v: 1 }, env())).toBe(false);
    expect(rule({ Variable: '$.v', BooleanEquals: true })({ v: 'true' }, env())).toBe(false);
    expect(rule({ Variable: '$.v', TimestampEquals: '2001-01-01T12:00:00Z' })({ v: 'soon' }, env())).toBe(false);
    expect(rule({ Variable: '$.v', StringLessThanPath: '$.w' })({ v: 'a', w: 1 }, env())).toBe(false);
  });

  it('fails with States.Runtime when the Variable or a Path operand selects nothing', () => {
    const missing = (raw: JsonObject, input: Json) => () => rule(raw)(input, env());
    expect(missing({ Variable: '$.absent', StringEquals: 'x' }, {})).toThrow(
      new StatesError(
        'States.Runtime',
        "Invalid path '$.absent': The choice state's condition path references an invalid value.",
      ),
    );
    expect(missing({ Variable: '$.absent', IsNull: true }, {})).toThrow(StatesError);
    expect(missing({ Variable: '$.v', NumericEqualsPath: '$.w' }, { v: 1 })).toThrow(
      "Invalid path '$.w': The choice state's condition path references an invalid value.",
    );
  });

  it('IsPresent answers for a missing Variable instead of failing', () => {
    expect(rule({ Variable: '$.absent', IsPresent: false })({}, env())).toBe(true);
    expect(rule({ Variable: '$.absent', IsPresent: true })({}, env())).toBe(false);
    expect(rule({ Not: { Variable: '$.absent', IsPresent: true } })({}, env())).toBe(true);
    expect(rule({ Variable: '$.v', IsPresent: true })({ v: null }, env())).toBe(true);
  });

  it('compares numbers by value: an integer equals the same float', () => {
    expect(rule({ Variable: '$.v', NumericEquals: 2 })({ v: 2.0 }, env())).toBe(true);
    expect(rule({ Variable: '$.v', NumericLessThan: 2.5 })({ v: 2 }, env())).toBe(true);
    expect(rule({ Variable: '$.v', NumericGreaterThanEqualsPath: '$.w' })({ v: -0.5, w: -1 }, env())).toBe(true);
  });

  it('orders strings by UTF-16 code units, as Java compareTo does', () => {
    // U+1F600 is the surrogate pair D83D DE00, below U+FFFF by code units though above it by code points.
    expect(rule({ Variable: '$.v', StringLessThan: '\uffff' })({ v: '😀' }, env())).toBe(true);
    expect(rule({ Variable: '$.v', StringLessThan: 'a' })({ v: 'B' }, env())).toBe(true);
    expect(rule({ Variable: '$.v', StringGreaterThanEquals: 'AB' })({ v: 'A' }, env())).toBe(false);
  });

  it('compares timestamps as instants, offsets and fractions included', () => {
    expect(
      rule({ Variable: '$.v', TimestampEquals: '2016-03-14T01:59:00Z' })({ v: '2016-03-14T02:59:00+01:00' }, env()),
    ).toBe(true);
    expect(
      rule({ Variable: '$.v', TimestampLessThan: '2016-03-14T01:59:00.0002Z' })(
        { v: '2016-03-14T01:59:00.0001Z' },
        env(),
      ),
    ).toBe(true);
    expect(
      rule({ Variable: '$.v', TimestampGreaterThanPath: '$.w' })(
        { v: '2016-03-14T01:59:01Z', w: '2016-03-14T01:59:00Z' },
        env(),
      ),
    ).toBe(true);
  });

  it('type tests look at JSON types; IsTimestamp parses', () => {
    const input = { n: 1.5, s: 's', b: false, z: null, t: '2016-03-14T01:59:00Z', d: '2016-03-14' };
    expect(rule({ Variable: '$.n', IsNumeric: true })(input, env())).toBe(true);
    expect(rule({ Variable: '$.s', IsString: true })(input, env())).toBe(true);
    expect(rule({ Variable: '$.b', IsBoolean: true })(input, env())).toBe(true);
    expect(rule({ Variable: '$.z', IsNull: true })(input, env())).toBe(true);
    expect(rule({ Variable: '$.t', IsTimestamp: true })(input, env())).toBe(true);
    expect(rule({ Variable: '$.d', IsTimestamp: false })(input, env())).toBe(true);
  });

  it('reads workflow variables ($name) and the context object ($$)', () => {
    expect(rule({ Variable: '$limit', NumericGreaterThan: 10 })({}, env({ limit: 11 }))).toBe(true);
    expect(
      rule({ Variable: '$$.Execution.Input.n', NumericLessThanEquals: 0 })(
        {},
        env({}, { Execution: { Input: { n: 0 } } }),
      ),
    ).toBe(true);
    expect(rule({ Variable: '$.n', NumericEqualsPath: '$limit' })({ n: 3 }, env({ limit: 3 }))).toBe(true);
  });

  it('Or stops at the first true operand', () => {
    const either = rule({
      Or: [
        { Variable: '$.a', BooleanEquals: true },
        { Variable: '$.absent', BooleanEquals: true },
      ],
    });
    expect(either({ a: true }, env())).toBe(true);
    expect(() => either({ a: false }, env())).toThrow(StatesError);
  });

  it('an open escape in StringMatches is a runtime error (ASL spec)', () => {
    expect(() => rule({ Variable: '$.v', StringMatches: 'abc\\' })({ v: 'abc' }, env())).toThrow(StatesError);
  });
});

describe('definition diagnostics (SCHEMA_VALIDATION_FAILED)', () => {
  const at = '/States/Check/Choices/0';

  it('operands of the wrong type', () => {
    expect(diagnostics({ Variable: '$.v', NumericEquals: '1', Next: 'A' })).toEqual([
      ['Expected value of type Number', `${at}/NumericEquals`],
    ]);
    expect(diagnostics({ Variable: '$.v', StringEquals: 1, Next: 'A' })).toEqual([
      ['Expected value of type String', `${at}/StringEquals`],
    ]);
    expect(diagnostics({ Variable: '$.v', IsNull: 'yes', Next: 'A' })).toEqual([
      ['Expected value of type Boolean', `${at}/IsNull`],
    ]);
    expect(diagnostics({ Variable: '$.v', TimestampEquals: '2016-03-14', Next: 'A' })).toEqual([
      ['String does not match RFC3339 timestamp', `${at}/TimestampEquals`],
    ]);
  });

  it('Next: required at the top, refused when nested', () => {
    expect(diagnostics({ Variable: '$.v', IsNull: true })).toEqual([['These fields are required: [Next]', at]]);
    expect(diagnostics({ Not: { Variable: '$.v', IsNull: true, Next: 'A' }, Next: 'A' })).toEqual([
      ["Field 'Next' is not supported", `${at}/Not`],
    ]);
  });

  it('exactly one of And, Or, Not, Variable (Condition belongs to JSONata)', () => {
    const message = 'The object must have only one of the following fields, [And, Or, Not, Variable, Condition]';
    expect(diagnostics({ Next: 'A' })).toEqual([[message, at]]);
    expect(diagnostics({ And: [], Not: {}, Next: 'A' })).toEqual([[message, at]]);
    expect(diagnostics({ Condition: '{% true %}', Next: 'A' })).toEqual([
      [
        "The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage",
        at,
      ],
    ]);
  });

  it('exactly one comparison operator', () => {
    const [[message, location]] = diagnostics({ Variable: '$.v', IsNull: true, IsString: true, Next: 'A' }) as [
      [string, string],
    ];
    expect(location).toBe(at);
    expect(message).toMatch(
      /^There should only be one of the following fields: \[StringEquals, StringEqualsPath, .*, IsTimestamp\]$/,
    );
    expect(diagnostics({ Variable: '$.v', Next: 'A' })).toHaveLength(1);
  });

  it('And/Or take a non-empty array; unknown fields are refused', () => {
    expect(diagnostics({ And: [], Next: 'A' })).toEqual([['Value cannot be empty', `${at}/And`]]);
    expect(diagnostics({ Or: {}, Next: 'A' })).toEqual([['Expected value of type Array', `${at}/Or`]]);
    expect(diagnostics({ Variable: '$.v', IsNull: true, Next: 'A', Default: 'B' })).toEqual([
      ["Field 'Default' is not supported", at],
    ]);
    expect(diagnostics({ Variable: '$.v', IsNull: true, Assign: {} }, 'nested')).toEqual([
      ["Field 'Assign' is not supported", at],
    ]);
  });

  it('reports nested problems at their own pointer', () => {
    expect(
      diagnostics({
        And: [
          { Variable: '$.v', IsNull: true },
          { Variable: '$.v', NumericEquals: 'x' },
        ],
        Next: 'A',
      }),
    ).toEqual([['Expected value of type Number', `${at}/And/1/NumericEquals`]]);
  });

  it('Variable and Path operands must be reference paths', () => {
    expect(diagnostics({ Variable: 1, IsNull: true, Next: 'A' })).toEqual([
      ['Expected value of type String', `${at}/Variable`],
    ]);
    expect(diagnostics({ Variable: '$.a[*]', IsNull: true, Next: 'A' })).toEqual([
      ['Value is not a Reference Path', `${at}/Variable`],
    ]);
    expect(diagnostics({ Variable: '$.v', StringEqualsPath: '$..x', Next: 'A' })).toEqual([
      ['Value is not a Reference Path', `${at}/StringEqualsPath`],
    ]);
  });
});
