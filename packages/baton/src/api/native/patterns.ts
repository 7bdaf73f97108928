/**
 * `POST /baton/patterns/explain`: why an event does not match an event pattern — what
 * TestEventPattern cannot say (it answers only true or false). For the console's pattern sandbox.
 *
 *   body {pattern: string, event: string}   (as TestEventPattern's EventPattern and Event)
 *   → 200 {matches: true}
 *   → 200 {matches: false, alternatives, failure: {field, problem, expected, found}, message}
 *   → 400 {__type, message}: the pattern or event is invalid, with TestEventPattern's error
 *
 * How: a pattern is a disjunction of alternatives (one per `$or` combination), each a conjunction
 * of fields sorted by path. For each alternative, matchers over growing prefixes of its fields
 * (the same compiled matcher the bus uses) find the first field the event fails; the alternative
 * that gets furthest is reported. `problem` is `missing` (no value at that path), `value` (values
 * there, none allowed), `present` (the field must be absent) or `sameElement` (the field matches
 * on its own, but not within the same array element as the fields before it). Nothing is guessed:
 * every verdict comes from the matcher.
 */
import type { FastifyInstance } from 'fastify';
import {
  type Branch,
  createMatcher,
  type Matcher,
  type NumberKey,
  type ParsedEvent,
  parseEventPattern,
  parseEventText,
} from '../../patterns/index.js';
import type { AccessKeys } from '../auth.js';
import { AwsError } from '../errors.js';
import { nativeRoute } from './route.js';

export type FieldProblem = 'missing' | 'value' | 'present' | 'sameElement';

export interface FieldFailure {
  /** The field's dot-joined path, as EventBridge names it (`detail.amount`). */
  readonly field: string;
  readonly problem: FieldProblem;
  /** What the pattern allows there, one entry per value of its list (`"shipped"`, `prefix "ord-"`). */
  readonly expected: string[];
  /** The event's values at that path (JSON text), at most MAX_FOUND. */
  readonly found: string[];
}

export type Explanation =
  | { readonly matches: true }
  | {
      readonly matches: false;
      /** How many alternatives the pattern has (`$or` combinations); the failure is the closest one's. */
      readonly alternatives: number;
      readonly failure: FieldFailure;
      readonly message: string;
    };

const MAX_FOUND = 5;
/** Alternatives examined; a pattern with more is explained by its first ones (the matcher still decides `matches`). */
const MAX_ALTERNATIVES = 64;

/** Explains the match of one pattern and event, or the error TestEventPattern gives for them. */
export function explainMatch(patternText: string, eventText: string): Explanation {
  const ir = parseEventPattern(patternText);
  if (!ir.ok) throw new AwsError(ir.error.code, ir.error.message);
  const event = parseEventText(eventText);
  if (!event.ok) throw new AwsError(event.error.code, event.error.message);
  if (matches(ir.value.branches, event.value)) return { matches: true };
  // The alternative that satisfies the most fields before failing is the one the user meant.
  let closest: { reached: number; failure: FieldFailure } | undefined;
  for (const branch of ir.value.branches.slice(0, MAX_ALTERNATIVES)) {
    const reached = satisfiedPrefix(branch, event.value);
    if (closest && reached <= closest.reached) continue;
    closest = { reached, failure: describeFailure(branch, reached, event.value) };
  }
  const failure = closest!.failure;
  return { matches: false, alternatives: ir.value.branches.length, failure, message: sentence(failure) };
}

function matches(branches: readonly Branch[], event: ParsedEvent): boolean {
  const matcher = createMatcher<number>();
  matcher.add(0, { dialect: 'event-pattern', branches });
  return matcher.match(event).length > 0;
}

/** How many of the branch's first fields the event satisfies together (fields are sorted by path). */
function satisfiedPrefix(branch: Branch, event: ParsedEvent): number {
  for (let k = 1; k <= branch.length; k++) if (!matches([branch.slice(0, k)], event)) return k - 1;
  return branch.length;
}

function describeFailure(branch: Branch, reached: number, event: ParsedEvent): FieldFailure {
  const field = branch[reached]!;
  const found = leavesAt(event.root, field.path);
  const expected = field.matchers.map(describeMatcher);
  const shown = found.slice(0, MAX_FOUND);
  let problem: FieldProblem;
  if (reached > 0 && matches([[field]], event)) problem = 'sameElement';
  else if (found.length === 0) problem = 'missing';
  else if (field.matchers.every((m) => m.kind === 'exists' && !m.value)) problem = 'present';
  else problem = 'value';
  return { field: field.path, problem, expected, found: shown };
}

function sentence(f: FieldFailure): string {
  const wants = f.expected.join(' or ');
  switch (f.problem) {
    case 'missing':
      return `The event has no ${f.field}; the pattern wants ${wants}.`;
    case 'present':
      return `The event has ${f.field} (${f.found.join(', ')}); the pattern wants it absent.`;
    case 'value':
      return `${f.field} is ${f.found.join(', ')}; the pattern wants ${wants}.`;
    case 'sameElement':
      return `${f.field} matches ${wants} on its own, but not in the same array element as the fields before it.`;
  }
}

// --- the event's values at a path -------------------------------------------------------------

type EventNode = ParsedEvent['root'];

/** The scalars whose dot-joined path is `path` (array elements keep their parent's path), as JSON text. */
function leavesAt(root: EventNode, path: string): string[] {
  const out: string[] = [];
  const visit = (node: EventNode, at: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, at);
    } else if (node !== null && typeof node === 'object' && 'entries' in node) {
      for (const [key, child] of node.entries) {
        const next = at === '' ? key : `${at}.${key}`;
        if (next === path || path.startsWith(`${next}.`)) visit(child, next);
      }
    } else if (at === path) {
      out.push(node !== null && typeof node === 'object' ? node.text : JSON.stringify(node));
    }
  };
  visit(root, '');
  return out;
}

// --- what a matcher allows, in the pattern's own words --------------------------------------

function describeMatcher(m: Matcher): string {
  switch (m.kind) {
    case 'exact':
      return JSON.stringify(m.value);
    case 'literal':
      return m.value;
    case 'number':
      return m.text;
    case 'ip':
      return `the IP address ${ipText(m.range.low)}`;
    case 'prefix':
      return `prefix ${JSON.stringify(m.value)}${m.ignoreCase ? ' (ignoring case)' : ''}`;
    case 'suffix':
      return `suffix ${JSON.stringify(m.value)}${m.ignoreCase ? ' (ignoring case)' : ''}`;
    case 'equals-ignore-case':
      return `${JSON.stringify(m.value)} ignoring case`;
    case 'wildcard':
      return `wildcard ${JSON.stringify(m.pattern.source)}`;
    case 'numeric': {
      const parts = [
        ...(m.lower ? [`${m.lower.inclusive ? '>=' : '>'} ${numberText(m.lower.key)}`] : []),
        ...(m.upper ? [`${m.upper.inclusive ? '<=' : '<'} ${numberText(m.upper.key)}`] : []),
      ];
      return m.lower && m.upper && m.lower.key === m.upper.key
        ? `a number = ${numberText(m.lower.key)}`
        : `a number ${parts.join(' and ')}`;
    }
    case 'cidr':
      return `an IP address in ${ipText(m.range.low)}–${ipText(m.range.high)}`;
    case 'exists':
      return m.value ? 'any value (exists)' : 'no value (exists: false)';
    case 'anything-but':
      return `anything but ${[...m.strings.map((s) => JSON.stringify(s)), ...m.numbers.map(numberText)].join(', ')}`;
    case 'anything-but-ignore-case':
      return `anything but ${m.values.map((v) => JSON.stringify(v)).join(', ')} (ignoring case)`;
    case 'anything-but-prefix':
      return `anything but prefix ${m.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anything-but-suffix':
      return `anything but suffix ${m.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'anything-but-wildcard':
      return `anything but wildcard ${m.patterns.map((p) => JSON.stringify(p.source)).join(', ')}`;
  }
}

/**
 * A number key (patterns/number.ts: a sign mark, ten integer digits, six fraction digits; negative
 * numbers as nines' complement) back as decimal text.
 */
function numberText(key: NumberKey): string {
  const negative = key[0] === 'N';
  const digits = negative
    ? [...key.slice(1)].map((c) => String.fromCharCode(0x69 - c.charCodeAt(0))).join('')
    : key.slice(1);
  const integer = digits.slice(0, 10).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(10).replace(/0+$/, '');
  return `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`;
}

/** An address held as hex (patterns/ip.ts) in its usual spelling. */
function ipText(hex: string): string {
  if (hex.length === 8) return (hex.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)).join('.');
  return (hex.match(/.{4}/g) ?? []).map((g) => g.replace(/^0+(?=.)/, '')).join(':');
}

// --- the route -------------------------------------------------------------------------------

export interface PatternExplainOptions {
  readonly accessKeys?: AccessKeys;
}

export function registerPatternExplain(app: FastifyInstance, options: PatternExplainOptions = {}): void {
  app.post(
    '/baton/patterns/explain',
    nativeRoute({ accessKeys: options.accessKeys }, async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const pattern = body.pattern;
      const event = body.event;
      if (typeof pattern !== 'string') throw new AwsError('ValidationException', 'pattern must be a string.');
      if (typeof event !== 'string') throw new AwsError('ValidationException', 'event must be a string.');
      return reply.code(200).send(explainMatch(pattern, event));
    }),
  );
}
