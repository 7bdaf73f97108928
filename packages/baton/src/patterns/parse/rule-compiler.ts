/**
 * Reads a pattern's objects, `$or` arrays and value lists into branches, following
 * event-ruler's JsonRuleCompiler step for step (its checks, messages and order):
 *
 * - nested objects extend the dot-joined path; `{"a": {"b.c": [..]}}` is the field `a.b.c`;
 * - each `$or` forks every branch built so far into one copy per alternative;
 * - a path given twice in one branch keeps its last value list (AWS documents this);
 * - a string literal that is an IP address matches any spelling of that address.
 */

import { ipLiteralRange } from '../ip.js';
import type { Matcher } from '../ir.js';
import type { TokenSource } from '../json-tokens.js';
import { numberKey } from '../number.js';
import { barf, type OperatorPolicy, readMatchExpression } from './match-expression.js';

/** One branch while reading: path → value list, later definitions replacing earlier ones. */
export type RawBranch = Map<string, readonly Matcher[]>;

/**
 * Baton's guard against `$or` explosion: each `$or` multiplies the branches, so a short
 * pattern could otherwise describe billions of them. AWS documents no number for this.
 */
export const MAX_BRANCHES = 4096;

/** Field names event-ruler reserves inside `$or` (its Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const RESERVED_IN_OR = new Set([
  'exactly',
  'equals-ignore-case',
  'prefix',
  'suffix',
  'anything-but',
  'exists',
  'wildcard',
  'numeric',
  'cidr',
  '=',
  '<',
  '<=',
  '>',
  '>=',
  'regex',
  'not-wildcard',
  'not-equals-ignore-case',
  'date-after',
  'date-on-or-after',
  'date-before',
  'date-on-or-before',
  'in-date-range',
  'ip-address-in-range',
  'ip-address-not-in-range',
]);

export function readBranches(tokens: TokenSource, policy: OperatorPolicy): RawBranch[] {
  if (tokens.next().type !== 'start-object') barf('Filter is not an object');
  const branches: RawBranch[] = [];
  readObject(tokens, policy, branches, [], false);
  return branches;
}

function readObject(
  tokens: TokenSource,
  policy: OperatorPolicy,
  branches: RawBranch[],
  path: string[],
  inOr: boolean,
): void {
  let fieldsPresent = false;
  for (let t = tokens.next(); t.type !== 'end-object'; t = tokens.next()) {
    if (t.type !== 'name') barf('Match expression name not found');
    fieldsPresent = true;
    const step = t.text;
    if (step === '$or') {
      readOr(tokens, policy, branches, path);
      continue;
    }
    if (inOr && RESERVED_IN_OR.has(step)) barf(`${step} is Ruler reserved fieldName which cannot be used inside $or.`);
    const value = tokens.next();
    if (value.type === 'start-object') {
      path.push(step);
      readObject(tokens, policy, branches, path, inOr);
      path.pop();
    } else if (value.type === 'start-array') {
      readValueList(tokens, policy, branches, [...path, step].join('.'));
    } else {
      barf(`"${step}" must be an object or an array`);
    }
  }
  if (!fieldsPresent) barf('Empty objects are not allowed');
}

function readOr(tokens: TokenSource, policy: OperatorPolicy, branches: RawBranch[], path: string[]): void {
  const before = branches.map((b) => new Map(b));
  branches.length = 0;
  if (tokens.next().type !== 'start-array') barf('It must be an Array followed with $or.');
  let alternatives = 0;
  for (let t = tokens.next(); t.type !== 'end-array'; t = tokens.next()) {
    alternatives++;
    if (t.type !== 'start-object') barf('Only JSON object is allowed in array of $or relationship.');
    const forked = before.length === 0 ? [new Map()] : before.map((b) => new Map(b));
    readObject(tokens, policy, forked, path, true);
    branches.push(...forked);
    if (branches.length > MAX_BRANCHES) barf(`Too many $or combinations: at most ${MAX_BRANCHES} are allowed`);
  }
  if (alternatives < 2) barf('There must have at least 2 Objects in $or relationship.');
}

function readValueList(tokens: TokenSource, policy: OperatorPolicy, branches: RawBranch[], path: string): void {
  const values: Matcher[] = [];
  for (let t = tokens.next(); t.type !== 'end-array'; t = tokens.next()) {
    switch (t.type) {
      case 'start-object':
        values.push(readMatchExpression(tokens, policy));
        break;
      case 'string': {
        const range = ipLiteralRange(t.text);
        values.push(range === undefined ? { kind: 'exact', value: t.text } : { kind: 'ip', range });
        break;
      }
      case 'number':
        values.push({ kind: 'number', text: t.text, key: numberKey(t.text) });
        break;
      case 'true':
      case 'false':
      case 'null':
        values.push({ kind: 'literal', value: t.type });
        break;
      default:
        barf('Match value must be String, number, true, false, or null');
    }
  }
  if (values.length === 0) barf('Empty arrays are not allowed');
  if (branches.length === 0) branches.push(new Map());
  // slice(): an exact-size copy; a bus keeps these lists for as long as the rule lives.
  const list = values.slice();
  for (const b of branches) b.set(path, list);
}
