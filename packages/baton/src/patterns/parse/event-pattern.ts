/**
 * EventBridge event patterns: text or value → IR, or AWS's InvalidEventPatternException.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
import type { Json, Result } from '../../kernel/index.js';
import { err, ok } from '../../kernel/index.js';
import type { PatternError, PatternIR } from '../ir.js';
import { JsonSyntaxError, textTokens, valueTokens } from '../json-tokens.js';
import { type OperatorPolicy, RuleError } from './match-expression.js';
import { readBranches } from './rule-compiler.js';
import { TOO_COMPLEX, toBranches, tooComplex } from './to-ir.js';

/** The PutRule / TestEventPattern length constraint on `EventPattern`. */
export const MAX_EVENT_PATTERN_LENGTH = 4096;

export interface EventPatternOptions {
  /** Longest pattern text accepted (the API's constraint; the default quota is lower, 2048). */
  readonly maxLength?: number;
}

const EVENTBRIDGE_OPERATORS: OperatorPolicy = {
  matchTypes: new Set([
    'exactly',
    'prefix',
    'suffix',
    'equals-ignore-case',
    'numeric',
    'anything-but',
    'exists',
    'cidr',
    'wildcard',
  ]),
  anythingBut: new Set(['equals-ignore-case', 'prefix', 'suffix', 'wildcard']),
};

const REASON = 'Event pattern is not valid. Reason: ';

/**
 * Parses and validates an event pattern. Text is read as AWS reads it (repeated keys,
 * number spellings and the order of checks all matter); a value is read as its JSON text.
 */
export function parseEventPattern(
  pattern: string | Json,
  options: EventPatternOptions = {},
): Result<PatternIR, PatternError> {
  const maxLength = options.maxLength ?? MAX_EVENT_PATTERN_LENGTH;
  if (typeof pattern === 'string' && pattern.length > maxLength) {
    return err({
      code: 'ValidationException',
      message: `1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
    });
  }
  try {
    const tokens = typeof pattern === 'string' ? textTokens(pattern) : valueTokens(pattern);
    const branches = toBranches(readBranches(tokens, EVENTBRIDGE_OPERATORS));
    if (tooComplex(branches)) return invalid(TOO_COMPLEX);
    return ok({ dialect: 'event-pattern', branches });
  } catch (e) {
    if (e instanceof RuleError || e instanceof JsonSyntaxError) return invalid(e.message);
    throw e;
  }
}

function invalid(reason: string): Result<PatternIR, PatternError> {
  return err({ code: 'InvalidEventPatternException', message: REASON + reason });
}
