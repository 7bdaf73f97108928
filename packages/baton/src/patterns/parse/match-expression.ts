/**
 * One match expression — the object form of a value-list element, `{"prefix": "x"}` — read
 * token by token with event-ruler's checks, in its order and with its messages
 * (JsonRuleCompiler.processMatchExpression). Every check here is a rule AWS applies; the
 * odd ones are AWS's own words: a non-string `cidr` operand is reported as "prefix match
 * pattern must be a string", and extra keys after an `anything-but` as "Too many elements
 * in numeric expression".
 */

import { parseCidr } from '../ip.js';
import type { Bound, Matcher } from '../ir.js';
import type { Token, TokenSource } from '../json-tokens.js';
import { encodeNumber, type NumberKey, numberErrorMessage } from '../number.js';
import { parseWildcard, type Wildcard } from '../wildcard.js';

/** A rule violation found while reading; caught by the parser's public entry point. */
export class RuleError extends Error {
  override readonly name = 'RuleError';
}

export function barf(message: string): never {
  throw new RuleError(message);
}

/** Operators a dialect refuses, as event-ruler's parser would report them. */
export interface OperatorPolicy {
  readonly matchTypes: ReadonlySet<string>;
  readonly anythingBut: ReadonlySet<string>;
}

const ONE_KEY = 'Only one key allowed in match expression';
const TOO_MANY = 'Too many elements in numeric expression';

/** Reads the expression after its `{`, through its closing `}`. */
export function readMatchExpression(tokens: TokenSource, policy: OperatorPolicy): Matcher {
  const nameToken = tokens.next();
  if (nameToken.type !== 'name') barf('Match expression name not found');
  const op = nameToken.text;
  if (!policy.matchTypes.has(op)) barf(`Unrecognized match type ${op}`);
  switch (op) {
    case 'exactly': {
      const value = expectString(tokens, 'exact match pattern must be a string');
      endObject(tokens, ONE_KEY);
      return { kind: 'exact', value };
    }
    case 'prefix':
    case 'suffix':
      return readAffix(tokens, op);
    case 'equals-ignore-case': {
      const value = expectString(tokens, 'equals-ignore-case match pattern must be a string');
      endObject(tokens, ONE_KEY);
      return { kind: 'equals-ignore-case', value };
    }
    case 'numeric': {
      if (tokens.next().type !== 'start-array') barf('Value of numeric must be an array.');
      const range = readNumeric(tokens);
      endObject(tokens, TOO_MANY);
      return range;
    }
    case 'exists': {
      const t = tokens.next();
      if (t.type !== 'true' && t.type !== 'false') barf('exists match pattern must be either true or false.');
      endObject(tokens, ONE_KEY);
      return { kind: 'exists', value: t.type === 'true' };
    }
    case 'cidr': {
      const text = expectString(tokens, 'prefix match pattern must be a string');
      const range = parseCidr(text);
      if (!range.ok) barf(range.error);
      endObject(tokens, ONE_KEY);
      return { kind: 'cidr', range: range.value };
    }
    case 'wildcard': {
      const text = expectString(tokens, 'wildcard match pattern must be a string');
      const pattern = wildcardOrBarf(text);
      endObject(tokens, ONE_KEY);
      return { kind: 'wildcard', pattern };
    }
    case 'anything-but':
      return readAnythingBut(tokens, policy);
    default:
      return barf(`Unrecognized match type ${op}`);
  }
}

function readAffix(tokens: TokenSource, op: 'prefix' | 'suffix'): Matcher {
  const t = tokens.next();
  if (t.type === 'start-object') {
    const inner = tokens.next();
    const Op = op === 'prefix' ? 'Prefix' : 'Suffix';
    if (inner.type !== 'name') barf(`${Op} expression name not found`);
    if (inner.text !== 'equals-ignore-case') barf(`Unsupported ${op} pattern: ${inner.text}`);
    const value = expectString(tokens, 'equals-ignore-case match pattern must be a string');
    endObject(tokens, ONE_KEY);
    endObject(tokens, ONE_KEY);
    return { kind: op, value, ignoreCase: true };
  }
  if (t.type !== 'string') barf(`${op} match pattern must be a string`);
  endObject(tokens, ONE_KEY);
  return { kind: op, value: t.text, ignoreCase: false };
}

type SetKind = 'equals-ignore-case' | 'prefix' | 'suffix' | 'wildcard';

function readAnythingBut(tokens: TokenSource, policy: OperatorPolicy): Matcher {
  let set: SetKind | undefined;
  let t = tokens.next();
  if (t.type === 'start-object') {
    const inner = tokens.next();
    if (inner.type !== 'name') barf('Anything-But expression name not found');
    const op = inner.text;
    if (
      (op !== 'equals-ignore-case' && op !== 'prefix' && op !== 'suffix' && op !== 'wildcard') ||
      !policy.anythingBut.has(op)
    ) {
      barf(`Unsupported anything-but pattern: ${op}`);
    }
    set = op;
    t = tokens.next();
  }
  if (t.type !== 'start-array' && t.type !== 'string' && t.type !== 'number') {
    barf('Value of anything-but must be an array or single string/number value.');
  }
  const matcher = set === undefined ? readPlainAnythingBut(tokens, t) : readAnythingButSet(tokens, t, set);
  endObject(tokens, TOO_MANY);
  if (set !== undefined) endObject(tokens, TOO_MANY);
  return matcher;
}

function readPlainAnythingBut(tokens: TokenSource, first: Token): Matcher {
  const strings: string[] = [];
  const numbers: NumberKey[] = [];
  if (first.type === 'string') strings.push(first.text);
  else if (first.type === 'number') numbers.push(numberOrBarf(first.text));
  else {
    for (let t = tokens.next(); t.type !== 'end-array'; t = tokens.next()) {
      if (t.type === 'string') strings.push(t.text);
      else if (t.type === 'number') numbers.push(numberOrBarf(t.text));
      else barf('Inside anything but list, start|null|boolean is not supported.');
    }
    if (strings.length > 0 === numbers.length > 0) {
      barf('Inside anything but list, either all values are number or string, mixed type is not supported');
    }
  }
  return { kind: 'anything-but', strings: strings.slice(), numbers: numbers.slice() };
}

function readAnythingButSet(tokens: TokenSource, first: Token, set: SetKind): Matcher {
  const values: string[] = [];
  const take = (t: Token): void => {
    if (t.type !== 'string') {
      if (set === 'equals-ignore-case') {
        barf('Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.');
      }
      barf(
        set === 'wildcard' ? 'wildcard match pattern must be a string' : 'prefix/suffix match pattern must be a string',
      );
    }
    if ((set === 'prefix' || set === 'suffix') && t.text === '') barf('Null prefix/suffix not allowed');
    values.push(t.text);
  };
  if (first.type === 'start-array') {
    for (let t = tokens.next(); t.type !== 'end-array'; t = tokens.next()) take(t);
  } else {
    take(first);
  }
  switch (set) {
    case 'equals-ignore-case':
      return { kind: 'anything-but-ignore-case', values: values.slice() };
    case 'prefix':
      return { kind: 'anything-but-prefix', values: values.slice() };
    case 'suffix':
      return { kind: 'anything-but-suffix', values: values.slice() };
    case 'wildcard':
      return { kind: 'anything-but-wildcard', patterns: values.map(wildcardOrBarf) };
  }
}

/** Reads `numeric`'s operand list after its `[`, through its `]`. */
function readNumeric(tokens: TokenSource): Matcher {
  const opToken = tokens.next();
  if (opToken.type !== 'string') barf(`Invalid member in numeric match: ${tokenText(opToken)}`);
  const op = opToken.text;
  const operand = (label: string): string => {
    const t = tokens.next();
    if (t.type !== 'number') barf(`Value of ${label} must be numeric`);
    return t.text;
  };
  switch (op) {
    case '=': {
      const text = operand('equals');
      if (tokens.next().type !== 'end-array') barf(TOO_MANY);
      const key = numberOrBarf(text);
      return { kind: 'numeric', lower: { key, inclusive: true }, upper: { key, inclusive: true } };
    }
    case '>=':
    case '>': {
      const bottom = operand(op);
      const next = tokens.next();
      const inclusive = op === '>=';
      if (next.type === 'end-array')
        return { kind: 'numeric', lower: { key: numberOrBarf(bottom), inclusive }, upper: undefined };
      return completeRange(tokens, next, bottom, inclusive);
    }
    case '<=':
    case '<': {
      const top = operand(op);
      if (tokens.next().type !== 'end-array') barf(TOO_MANY);
      return { kind: 'numeric', lower: undefined, upper: { key: numberOrBarf(top), inclusive: op === '<=' } };
    }
    default:
      return barf(`Unrecognized numeric range operator: ${op}`);
  }
}

function completeRange(tokens: TokenSource, opToken: Token, bottom: string, inclusive: boolean): Matcher {
  if (opToken.type !== 'string') barf(`Bad value in numeric range: ${tokenText(opToken)}`);
  const op = opToken.text;
  if (op !== '<' && op !== '<=') barf(`Bad numeric range operator: ${op}`);
  const t = tokens.next();
  if (t.type !== 'number') barf(`Value of ${op} must be numeric`);
  if (tokens.next().type !== 'end-array') barf('Too many terms in numeric range expression');
  // event-ruler encodes both operands only once the whole list has been read.
  const lower: Bound = { key: numberOrBarf(bottom), inclusive };
  const upper: Bound = { key: numberOrBarf(t.text), inclusive: op === '<=' };
  if (lower.key >= upper.key) barf('Bottom must be less than top');
  return { kind: 'numeric', lower, upper };
}

function numberOrBarf(text: string): NumberKey {
  const r = encodeNumber(text);
  return r.ok ? r.key : barf(numberErrorMessage(r.reason));
}

function wildcardOrBarf(text: string): Wildcard {
  const r = parseWildcard(text);
  return r.ok ? r.value : barf(r.error);
}

function expectString(tokens: TokenSource, message: string): string {
  const t = tokens.next();
  return t.type === 'string' ? t.text : barf(message);
}

function endObject(tokens: TokenSource, message: string): void {
  if (tokens.next().type !== 'end-object') barf(message);
}

/** What Jackson's `getText()` shows for a token in a message. */
export function tokenText(t: Token): string {
  switch (t.type) {
    case 'start-object':
      return '{';
    case 'end-object':
      return '}';
    case 'start-array':
      return '[';
    case 'end-array':
      return ']';
    case 'end':
      return 'null';
    case 'true':
    case 'false':
    case 'null':
      return t.type;
    default:
      return t.text;
  }
}
