/**
 * JSONPath Choice Rules compiled into predicates (ASL spec, "Choice State": Boolean and Data-test
 * expressions; developer guide, "Choice workflow state" → "Choice Rules (JSONPath)").
 *
 * Semantics AWS holds to, all decided here once per rule:
 * - a value of the wrong type makes a comparison false, never an error;
 * - a Variable (or `…Path` operand) that selects nothing fails the state with States.Runtime,
 *   except under IsPresent, which exists to ask exactly that;
 * - strings compare by UTF-16 code units (Java's compareTo), numbers by value (1 equals 1.0),
 *   timestamps by the instants they denote, to the nanosecond.
 *
 * Definition problems go to the DiagnosticSink as SCHEMA_VALIDATION_FAILED in AWS's words: the
 * Next, selector, operator-count and empty-array messages as measured with
 * ValidateStateMachineDefinition; `Expected value of type …` as AWS words type errors elsewhere
 * ("Expected value of type Integer"); path errors in the JSONPath module's words.
 */
import { isJsonObject, type Json, type JsonObject } from '../../kernel/index.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { StatesError, StatesErrorName } from '../errors.js';
import type { EvalEnv } from '../query/env.js';
import { type JsonPath, parseReferencePath } from '../query/jsonpath/index.js';
import { compareTimestamps, parseExactTimestamp } from '../timestamp.js';
import { type Comparison, type Family, OPERATORS, type Operator, type TypeTest } from './operators.js';
import { compileStringMatches } from './string-matches.js';

/** Whether a Choice Rule matches the state's effective input. Throws StatesError (States.Runtime) for a missing path. */
export type ChoicePredicate = (input: Json, env: EvalEnv) => boolean;

/** Where a rule sits: a member of `Choices` (carries Next) or inside And/Or/Not (must not). */
export type RulePlacement = 'top' | 'nested';

const SELECTORS = ['And', 'Or', 'Not', 'Variable', 'Condition'] as const;
const SELECTOR_MESSAGE = `The object must have only one of the following fields, [${SELECTORS.join(', ')}]`;
const OPERATOR_MESSAGE = `There should only be one of the following fields: [${[...OPERATORS.keys()].join(', ')}]`;

/** Stands in for a rule the definition is refused for; never evaluated. */
const REFUSED: ChoicePredicate = () => false;

/**
 * Compiles one rule, the raw JSON of a `Choices` entry (or, with placement 'nested', of an
 * And/Or/Not operand) found at `pointer`. Fields that belong to the state machinery of a
 * top-level rule (Next, Assign, Comment) are checked for presence only.
 */
export function compileChoiceRule(
  rule: Json | undefined,
  pointer: string,
  sink: DiagnosticSink,
  placement: RulePlacement = 'top',
): ChoicePredicate {
  if (!isJsonObject(rule)) {
    sink.schema('Expected value of type Object', pointer);
    return REFUSED;
  }
  const selectors = SELECTORS.filter((s) => s in rule);
  if (selectors.length !== 1) {
    sink.schema(SELECTOR_MESSAGE, pointer);
    return REFUSED;
  }
  const selector = selectors[0]!;
  if (placement === 'top' && !('Next' in rule)) sink.schema('These fields are required: [Next]', pointer);
  for (const key of Object.keys(rule)) {
    if (key === 'Next' && placement === 'nested') sink.schema("Field 'Next' is not supported", pointer);
    else if (!isAllowed(key, selector, placement)) sink.schema(`Field '${key}' is not supported`, pointer);
  }
  switch (selector) {
    case 'And':
    case 'Or':
      return compileJunction(selector, rule[selector], pointerTo(pointer, selector), sink);
    case 'Not': {
      const operand = compileChoiceRule(rule.Not, pointerTo(pointer, 'Not'), sink, 'nested');
      return (input, env) => !operand(input, env);
    }
    case 'Condition':
      sink.schema(
        "The QueryLanguage is set to 'JSONPath', but field 'Condition' is only supported for the 'JSONata' QueryLanguage",
        pointer,
      );
      return REFUSED;
    case 'Variable':
      return compileDataTest(rule, pointer, sink);
  }
}

function isAllowed(key: string, selector: (typeof SELECTORS)[number], placement: RulePlacement): boolean {
  if (key === selector || key === 'Comment') return true;
  if (placement === 'top' && (key === 'Next' || key === 'Assign')) return true;
  return selector === 'Variable' && OPERATORS.has(key);
}

/** And/Or: evaluated in order, stopping as soon as the outcome is known (ASL spec, "Boolean expression"). */
function compileJunction(
  kind: 'And' | 'Or',
  operands: Json | undefined,
  pointer: string,
  sink: DiagnosticSink,
): ChoicePredicate {
  if (!Array.isArray(operands)) {
    sink.schema('Expected value of type Array', pointer);
    return REFUSED;
  }
  if (operands.length === 0) {
    sink.schema('Value cannot be empty', pointer);
    return REFUSED;
  }
  const rules = operands.map((r, i) => compileChoiceRule(r, pointerTo(pointer, i), sink, 'nested'));
  if (kind === 'And') return (input, env) => rules.every((r) => r(input, env));
  return (input, env) => rules.some((r) => r(input, env));
}

function compileDataTest(rule: JsonObject, pointer: string, sink: DiagnosticSink): ChoicePredicate {
  const variable = compilePath(rule.Variable, pointerTo(pointer, 'Variable'), sink);
  const names = Object.keys(rule).filter((k) => OPERATORS.has(k));
  if (names.length !== 1) {
    sink.schema(OPERATOR_MESSAGE, pointer);
    return REFUSED;
  }
  const name = names[0]!;
  const operator = OPERATORS.get(name)!;
  const test = compileOperator(operator, rule[name]!, pointerTo(pointer, name), sink);
  if (variable === undefined || test === undefined) return REFUSED;
  if (operator.kind === 'test' && operator.test === 'IsPresent') {
    const expected = rule[name] === true;
    return (input, env) => (variable.read(input, env) !== undefined) === expected;
  }
  return (input, env) => test(select(variable, input, env), input, env);
}

/** A test of the Variable's value; `input` and `env` serve `…Path` operands. */
type ValueTest = (value: Json, input: Json, env: EvalEnv) => boolean;

function compileOperator(
  operator: Operator,
  operand: Json,
  pointer: string,
  sink: DiagnosticSink,
): ValueTest | undefined {
  switch (operator.kind) {
    case 'test': {
      if (typeof operand !== 'boolean') return refuse(sink, 'Expected value of type Boolean', pointer);
      const is = TYPE_TESTS[operator.test];
      return (value) => is(value) === operand;
    }
    case 'matches': {
      if (typeof operand !== 'string') return refuse(sink, 'Expected value of type String', pointer);
      const matches = compileStringMatches(operand);
      if (matches === undefined) {
        // The spec makes an open escape a runtime error, not a definition one.
        return () => {
          throw new StatesError(
            StatesErrorName.Runtime,
            `The StringMatches pattern '${operand}' ends with an open escape character '\\'.`,
          );
        };
      }
      return (value) => typeof value === 'string' && matches(value);
    }
    case 'compare':
      return compileComparison(operator.family, operator.comparison, operator.path, operand, pointer, sink);
  }
}

function compileComparison(
  family: Family,
  comparison: Comparison,
  path: boolean,
  operand: Json,
  pointer: string,
  sink: DiagnosticSink,
): ValueTest | undefined {
  const holds = HOLDS[comparison];
  const compare = COMPARE[family];
  if (path) {
    const other = compilePath(operand, pointer, sink);
    if (other === undefined) return undefined;
    return (value, input, env) => {
      const order = compare(value, select(other, input, env));
      return order !== undefined && holds(order);
    };
  }
  const expected = EXPECTED_TYPE[family];
  if (typeof operand !== expected.toLowerCase()) return refuse(sink, `Expected value of type ${expected}`, pointer);
  if (family === 'Timestamp') {
    // Read the literal instant once, not at every evaluation.
    const instant = parseExactTimestamp(operand as string);
    if (instant === undefined) return refuse(sink, 'String does not match RFC3339 timestamp', pointer);
    return (value) => {
      const read = typeof value === 'string' ? parseExactTimestamp(value) : undefined;
      return read !== undefined && holds(compareTimestamps(read, instant));
    };
  }
  return (value) => {
    const order = compare(value, operand);
    return order !== undefined && holds(order);
  };
}

function compilePath(text: Json | undefined, pointer: string, sink: DiagnosticSink): JsonPath | undefined {
  if (typeof text !== 'string') return refuse(sink, 'Expected value of type String', pointer);
  const parsed = parseReferencePath(text);
  if (!parsed.ok) return refuse(sink, parsed.error, pointer);
  return parsed.value;
}

function refuse(sink: DiagnosticSink, message: string, pointer: string): undefined {
  sink.schema(message, pointer);
  return undefined;
}

/** The value a path selects, or the States.Runtime failure AWS raises when it selects nothing. */
function select(path: JsonPath, input: Json, env: EvalEnv): Json {
  const value = path.read(input, env);
  if (value === undefined) {
    throw new StatesError(
      StatesErrorName.Runtime,
      `Invalid path '${path.text}': The choice state's condition path references an invalid value.`,
    );
  }
  return value;
}

const EXPECTED_TYPE: Record<Family, 'String' | 'Number' | 'Boolean'> = {
  String: 'String',
  Numeric: 'Number',
  Boolean: 'Boolean',
  Timestamp: 'String',
};

const HOLDS: Record<Comparison, (order: number) => boolean> = {
  Equals: (o) => o === 0,
  LessThan: (o) => o < 0,
  GreaterThan: (o) => o > 0,
  LessThanEquals: (o) => o <= 0,
  GreaterThanEquals: (o) => o >= 0,
};

/** The order of two values of a family, or `undefined` when either is not of it (the comparison is then false). */
const COMPARE: Record<Family, (a: Json, b: Json) => number | undefined> = {
  String: (a, b) => (typeof a === 'string' && typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : undefined),
  Numeric: (a, b) => (typeof a === 'number' && typeof b === 'number' ? Math.sign(a - b) : undefined),
  // Only BooleanEquals exists: any non-zero order means "different".
  Boolean: (a, b) => (typeof a === 'boolean' && typeof b === 'boolean' ? (a === b ? 0 : 1) : undefined),
  Timestamp: (a, b) => {
    const x = typeof a === 'string' ? parseExactTimestamp(a) : undefined;
    const y = x && typeof b === 'string' ? parseExactTimestamp(b) : undefined;
    return x && y ? compareTimestamps(x, y) : undefined;
  },
};

const TYPE_TESTS: Record<TypeTest, (value: Json) => boolean> = {
  IsNull: (v) => v === null,
  // Decided before the value is read (see compileDataTest); a value that was read is present.
  IsPresent: () => true,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => typeof v === 'string' && parseExactTimestamp(v) !== undefined,
};
