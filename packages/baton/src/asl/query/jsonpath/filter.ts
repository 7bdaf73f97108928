/**
 * Filter predicates `[?( … )]` with Jayway JsonPath's evaluator semantics (its EvaluatorFactory):
 * `==` treats a number and a numeric string as equal, ordering compares only two numbers or two
 * strings, an absent operand is unequal to everything (so `!=` holds), `=~` matches the whole text,
 * and `in`/`nin`/`subsetof`/`anyof`/`noneof`/`contains`/`size`/`empty` work on JSON arrays.
 */
import { type Json, jsonEquals } from '../../../kernel/index.js';
import type { Filter, FilterOperator, Operand } from './model.js';
import { type ReadContext, readSteps } from './read.js';

type Value = Json | undefined;

export function testFilter(f: Filter, node: Json, ctx: ReadContext): boolean {
  switch (f.kind) {
    case 'or':
      return testFilter(f.left, node, ctx) || testFilter(f.right, node, ctx);
    case 'and':
      return testFilter(f.left, node, ctx) && testFilter(f.right, node, ctx);
    case 'not':
      return !testFilter(f.operand, node, ctx);
    case 'exists': {
      const v = operandValue(f.path, node, ctx);
      return f.path.definite ? v !== undefined : Array.isArray(v) && v.length > 0;
    }
    case 'compare':
      if (f.op === '=~') return matchRegex(f.left, f.right, node, ctx);
      return compare(f.op, operandValue(f.left, node, ctx), operandValue(f.right, node, ctx));
  }
}

function operandValue(o: Operand, node: Json, ctx: ReadContext): Value {
  if (o.kind === 'literal') return o.value;
  if (o.kind === 'regex') return undefined;
  return readSteps(o.relative ? node : ctx.root, o.steps, o.definite, ctx);
}

function matchRegex(left: Operand, right: Operand, node: Json, ctx: ReadContext): boolean {
  const [pattern, other] = left.kind === 'regex' ? [left, right] : [right, left];
  if (pattern.kind !== 'regex' || other.kind === 'regex') return false;
  const v = operandValue(other, node, ctx);
  const text = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  return pattern.regex.test(text);
}

function compare(op: Exclude<FilterOperator, '=~'>, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return valueEquals(a, b);
    case '!=':
      return !valueEquals(a, b);
    case '<':
      return order(a, b, (x) => x < 0);
    case '<=':
      return order(a, b, (x) => x <= 0);
    case '>':
      return order(a, b, (x) => x > 0);
    case '>=':
      return order(a, b, (x) => x >= 0);
    case 'in':
      return Array.isArray(b) && b.some((e) => valueEquals(a, e));
    case 'nin':
      return !(Array.isArray(b) && b.some((e) => valueEquals(a, e)));
    case 'subsetof':
      return Array.isArray(a) && Array.isArray(b) && a.every((x) => b.some((y) => valueEquals(x, y)));
    case 'anyof':
      return Array.isArray(a) && Array.isArray(b) && a.some((x) => b.some((y) => valueEquals(x, y)));
    case 'noneof':
      return Array.isArray(a) && Array.isArray(b) && !a.some((x) => b.some((y) => valueEquals(x, y)));
    case 'contains':
      if (typeof a === 'string') return typeof b === 'string' && a.includes(b);
      return Array.isArray(a) && a.some((e) => valueEquals(e, b));
    case 'size':
      return (typeof a === 'string' || Array.isArray(a)) && a.length === b;
    case 'empty':
      return (typeof a === 'string' || Array.isArray(a)) && typeof b === 'boolean' && (a.length === 0) === b;
  }
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function valueEquals(a: Value, b: Value): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'string') return NUMERIC_TEXT.test(b) && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return NUMERIC_TEXT.test(a) && Number(a) === b;
  return jsonEquals(a, b);
}

function order(a: Value, b: Value, holds: (sign: number) => boolean): boolean {
  if (typeof a === 'number' && typeof b === 'number') return holds(a - b);
  if (typeof a === 'string' && typeof b === 'string') return holds(a < b ? -1 : a > b ? 1 : 0);
  return false;
}
