/**
 * The AWS-recorded conformance corpus (shared/conformance/events): EventBridge
 * TestEventPattern cases and SNS filter-policy cases, each checked against the compiled
 * matcher and the reference matcher, and each rejection against AWS's code and message.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Json } from '../kernel/index.js';
import {
  attributesEvent,
  bodyEvent,
  createMatcher,
  type FilterPolicyApi,
  type FilterPolicyScope,
  type MessageAttribute,
  type ParsedEvent,
  type PatternIR,
  parseEventPattern,
  parseEventText,
  parseFilterPolicy,
  referenceMatches,
} from './index.js';

interface Case {
  readonly id: string;
  readonly kind: 'event-pattern' | 'sns-filter-policy';
  readonly pattern: Json;
  readonly patternRaw?: string;
  readonly event: Json;
  readonly eventRaw?: string;
  readonly expected: boolean | { error?: string; message?: string; api?: string; valid?: boolean };
}

const dir = new URL('../../../../../shared/conformance/events/cases/', import.meta.url);
const cases: Case[] = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .flatMap((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Case[])
  : [];

const firstLine = (s: string): string => s.split('\n')[0]!;

function matchBoth(ir: PatternIR, event: Json | ParsedEvent): { compiled: boolean; reference: boolean } {
  const m = createMatcher<string>();
  m.add('rule', ir);
  return { compiled: m.match(event).length > 0, reference: referenceMatches(ir, event) };
}

function eventPatternCase(c: Case): void {
  const patternText = c.patternRaw ?? JSON.stringify(c.pattern);
  const eventText = c.eventRaw ?? JSON.stringify(c.event);
  const ir = parseEventPattern(patternText);
  const exp = c.expected;
  if (typeof exp === 'object' && exp.error === 'InvalidEventPatternException') {
    expect(ir.ok).toBe(false);
    if (!ir.ok) {
      expect(ir.error.code).toBe('InvalidEventPatternException');
      if (exp.message !== undefined) expect(firstLine(ir.error.message)).toBe(exp.message);
    }
    return;
  }
  if (!ir.ok) throw new Error(`pattern rejected: ${ir.error.message}`);
  const event = parseEventText(eventText);
  if (typeof exp === 'object') {
    expect(exp.error).toBe('ValidationException');
    expect(event.ok).toBe(false);
    if (!event.ok && exp.message !== undefined) expect(event.error.message).toBe(exp.message);
    return;
  }
  if (!event.ok) throw new Error(`event rejected: ${event.error.message}`);
  expect(matchBoth(ir.value, event.value)).toEqual({ compiled: exp, reference: exp });
  // The same case given as values (where the text carries nothing a value loses).
  if (c.patternRaw === undefined && c.eventRaw === undefined) {
    const fromValue = parseEventPattern(c.pattern);
    if (!fromValue.ok) throw new Error(`pattern value rejected: ${fromValue.error.message}`);
    expect(matchBoth(fromValue.value, c.event)).toEqual({ compiled: exp, reference: exp });
  }
}

interface SnsEvent {
  readonly filterPolicyScope?: FilterPolicyScope;
  readonly message?: string;
  readonly messageAttributes?: Record<string, MessageAttribute>;
}

function filterPolicyCase(c: Case): void {
  const ev = (c.event ?? {}) as SnsEvent;
  const scope = ev.filterPolicyScope ?? 'MessageAttributes';
  const exp = c.expected;
  const api = typeof exp === 'object' ? (exp.api as FilterPolicyApi | undefined) : undefined;
  const ir = parseFilterPolicy(c.patternRaw ?? JSON.stringify(c.pattern), { scope, api });
  if (typeof exp === 'object') {
    if (exp.valid) {
      expect(ir.ok ? 'accepted' : ir.error.message).toBe('accepted');
      return;
    }
    expect(ir.ok).toBe(false);
    if (!ir.ok) {
      expect(ir.error.code).toBe(exp.error);
      if (exp.message !== undefined) expect(firstLine(ir.error.message)).toBe(exp.message);
    }
    return;
  }
  if (!ir.ok) throw new Error(`policy rejected: ${ir.error.message}`);
  const event = scope === 'MessageBody' ? bodyEvent(ev.message ?? '') : attributesEvent(ev.messageAttributes ?? {});
  if (event === undefined) {
    expect(exp).toBe(false);
    return;
  }
  expect(matchBoth(ir.value, event)).toEqual({ compiled: exp, reference: exp });
}

describe.skipIf(cases.length === 0)('AWS-recorded conformance cases (shared/conformance/events)', () => {
  it('has the whole corpus', () => expect(cases.length).toBe(504));
  for (const c of cases) {
    it(c.id, () => (c.kind === 'event-pattern' ? eventPatternCase(c) : filterPolicyCase(c)));
  }
});
