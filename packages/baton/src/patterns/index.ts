/**
 * @module patterns
 * EventBridge event patterns and SNS filter policies: parsing and validation with AWS's
 * errors, one compiled matcher for all the rules of a bus or topic, and a naive reference
 * matcher kept as the test oracle.
 *
 * PURE: imports only `../kernel`; no `node:*`, clock, randomness or I/O (Biome enforces it).
 *
 * Entry points:
 * - `parseEventPattern(text | value)` → `Result<PatternIR, PatternError>` (InvalidEventPatternException)
 * - `parseFilterPolicy(text | value, { scope, api })` → `Result<PatternIR, PatternError>` (InvalidParameter)
 * - `createMatcher<Id>()` → `PatternMatcher<Id>`: `add(id, ir)`, `remove(id)`, `match(event) → Id[]`
 * - `parseEventText(text)` → an event that keeps number spellings and repeated keys
 * - `attributesEvent(attributes)`, `bodyEvent(body)`: SNS messages as events
 * - `testEventPattern(pattern, event)`: TestEventPattern in one call
 * - `referenceMatches(ir, event)`: the oracle, for tests only
 */
import type { Json, Result } from '../kernel/index.js';
import { err, ok } from '../kernel/index.js';
import { type ParsedEvent, parseEventText } from './event/parse-event.js';
import type { PatternError } from './ir.js';
import { createMatcher } from './matcher.js';
import { parseEventPattern } from './parse/event-pattern.js';

export { ParsedEvent, parseEventText } from './event/parse-event.js';
export type { Bound, Branch, Field, Matcher, MatcherKind, PatternDialect, PatternError, PatternIR } from './ir.js';
export { createMatcher, type PatternMatcher } from './matcher.js';
export { type NumberKey, numberKey } from './number.js';
export { type EventPatternOptions, MAX_EVENT_PATTERN_LENGTH, parseEventPattern } from './parse/event-pattern.js';
export {
  type FilterPolicyApi,
  type FilterPolicyOptions,
  type FilterPolicyScope,
  MAX_FILTER_POLICY_COMBINATIONS,
  MAX_FILTER_POLICY_KEYS,
  parseFilterPolicy,
} from './parse/filter-policy.js';
export { referenceMatches } from './reference.js';
export { attributesEvent, bodyEvent, type MessageAttribute } from './sns-message.js';

/**
 * EventBridge's TestEventPattern: validates the pattern, then the event (text events are
 * read as AWS reads them), then matches.
 */
export function testEventPattern(pattern: string | Json, event: string | Json): Result<boolean, PatternError> {
  const ir = parseEventPattern(pattern);
  if (!ir.ok) return ir;
  let subject: Json | ParsedEvent = event;
  if (typeof event === 'string') {
    const parsed = parseEventText(event);
    if (!parsed.ok) return parsed;
    subject = parsed.value;
  } else if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    return err({ code: 'ValidationException', message: 'Parameter Event is not valid.' });
  }
  const matcher = createMatcher<number>();
  matcher.add(0, ir.value);
  return ok(matcher.match(subject).length > 0);
}
