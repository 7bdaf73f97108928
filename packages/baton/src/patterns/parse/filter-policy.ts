/**
 * SNS subscription filter policies: text or value → IR, or SNS's InvalidParameter.
 *
 * SNS reads a policy with the same event-ruler compiler as EventBridge (its messages are
 * event-ruler's, behind "FilterPolicy: "), accepts fewer operators, and adds its own
 * limits: at most five top-level keys, no nesting in the MessageAttributes scope, and at
 * most 150 value combinations, counted as SNS counts them (each value list multiplies the
 * total by its length times its nesting depth; `$or` alternatives add up).
 * @see https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
 */
import type { Json, Result } from '../../kernel/index.js';
import { err, ok, utf8Length } from '../../kernel/index.js';
import { type EventNode, EventObject } from '../event/flatten.js';
import { parseJsonNode } from '../event/parse-event.js';
import type { PatternError, PatternIR } from '../ir.js';
import { JsonSyntaxError, textTokens, valueTokens } from '../json-tokens.js';
import { type OperatorPolicy, RuleError } from './match-expression.js';
import { readBranches } from './rule-compiler.js';
import { toBranches } from './to-ir.js';

export type FilterPolicyScope = 'MessageAttributes' | 'MessageBody';

/** The API call that carries the policy; SNS words its errors differently for each. */
export type FilterPolicyApi = 'Subscribe' | 'SetSubscriptionAttributes';

export interface FilterPolicyOptions {
  readonly scope?: FilterPolicyScope;
  readonly api?: FilterPolicyApi;
}

export const MAX_FILTER_POLICY_KEYS = 5;
export const MAX_FILTER_POLICY_COMBINATIONS = 150;
export const MAX_FILTER_POLICY_BYTES = 256 * 1024;

const SNS_OPERATORS: OperatorPolicy = {
  matchTypes: new Set(['prefix', 'suffix', 'equals-ignore-case', 'numeric', 'anything-but', 'exists', 'cidr']),
  anythingBut: new Set(['prefix']),
};

export function parseFilterPolicy(
  policy: string | Json,
  options: FilterPolicyOptions = {},
): Result<PatternIR, PatternError> {
  const scope = options.scope ?? 'MessageAttributes';
  const prefix =
    options.api === 'SetSubscriptionAttributes' ? 'Invalid parameter: ' : 'Invalid parameter: Attributes Reason: ';
  const fail = (reason: string): Result<PatternIR, PatternError> =>
    err({ code: 'InvalidParameter', message: prefix + reason });
  const text = typeof policy === 'string' ? policy : undefined;
  if (text !== undefined && utf8Length(text) > MAX_FILTER_POLICY_BYTES) {
    return fail('FilterPolicy: Filter policy is too large');
  }
  let branches: PatternIR['branches'];
  try {
    branches = toBranches(readBranches(text === undefined ? valueTokens(policy) : textTokens(text), SNS_OPERATORS));
  } catch (e) {
    if (e instanceof JsonSyntaxError) return fail(`FilterPolicy: failed to parse JSON. ${e.message}`);
    if (e instanceof RuleError) return fail(`FilterPolicy: ${e.message}`);
    throw e;
  }
  // The policy parsed, so it is an object; its tree drives SNS's structural limits.
  const tree = text === undefined ? nodeOf(policy) : parseJsonNode(text);
  if (!(tree instanceof EventObject)) return fail('FilterPolicy: Filter is not an object');
  const top = lastWins(tree);
  if (top.size > MAX_FILTER_POLICY_KEYS) {
    return fail(`FilterPolicy: Filter policy can not have more than ${MAX_FILTER_POLICY_KEYS} keys`);
  }
  if (scope === 'MessageAttributes' && isNested(top)) {
    return fail('Filter policy scope MessageAttributes does not support nested filter policy');
  }
  if (combinations(top, 1, 1) > MAX_FILTER_POLICY_COMBINATIONS)
    return fail('FilterPolicy: Filter policy is too complex');
  return ok({ dialect: 'filter-policy', branches });
}

function lastWins(o: EventObject): Map<string, EventNode> {
  return new Map(o.entries);
}

function isNested(o: Map<string, EventNode>): boolean {
  for (const [key, v] of o) {
    if (key === '$or' && Array.isArray(v)) {
      if (v.some((alt) => alt instanceof EventObject && isNested(lastWins(alt)))) return true;
    } else if (v instanceof EventObject) return true;
  }
  return false;
}

/** SNS's count: value lists multiply by length × depth, `$or` alternatives add. */
function combinations(o: Map<string, EventNode>, depth: number, so: number): number {
  let total = so;
  for (const [key, v] of o) {
    if (v instanceof EventObject) total = combinations(lastWins(v), depth + 1, total);
    else if (Array.isArray(v)) {
      if (key === '$or') {
        let sum = 0;
        for (const alt of v) if (alt instanceof EventObject) sum += combinations(lastWins(alt), depth, total);
        total = sum;
      } else total = total * v.length * depth;
    }
  }
  return total;
}

/** A JSON value in the event-tree shape the structural checks read. */
function nodeOf(v: Json): EventNode {
  if (Array.isArray(v)) return v.map(nodeOf);
  if (v !== null && typeof v === 'object') {
    return new EventObject(Object.entries(v).map(([k, x]): [string, EventNode] => [k, nodeOf(x)]));
  }
  return typeof v === 'number' ? String(v) : v;
}
