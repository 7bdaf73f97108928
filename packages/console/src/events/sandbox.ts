/**
 * The pattern sandbox's logic: a sample event to start from, the verdict of each rule of a bus on
 * a pasted event (TestEventPattern per rule, as AWS has it; for a miss, the native explanation of
 * the first field that failed), and the PutEvents entry that puts the same event on the bus.
 */
import type { PutEventsEntry, RuleWithTargets } from '../api/events.js';
import type { Explanation } from '../api/native.js';

export type Verdict =
  | { readonly kind: 'matches'; readonly rule: RuleWithTargets }
  | { readonly kind: 'misses'; readonly rule: RuleWithTargets; readonly explanation?: Explanation }
  /** A scheduled rule has no pattern: events never reach it. */
  | { readonly kind: 'scheduled'; readonly rule: RuleWithTargets };

export interface SandboxApi {
  testEventPattern(pattern: string, event: string): Promise<boolean>;
  explain(pattern: string, event: string): Promise<Explanation>;
}

/** Each rule's verdict, matches first, in the rules' order otherwise. Invalid input throws the API's error. */
export async function evaluate(rules: readonly RuleWithTargets[], event: string, api: SandboxApi): Promise<Verdict[]> {
  const verdicts = await Promise.all(
    rules.map(async (rule): Promise<Verdict> => {
      const pattern = rule.EventPattern;
      if (pattern === undefined) return { kind: 'scheduled', rule };
      if (await api.testEventPattern(pattern, event)) return { kind: 'matches', rule };
      return { kind: 'misses', rule, explanation: await api.explain(pattern, event) };
    }),
  );
  const rank = { matches: 0, misses: 1, scheduled: 2 } as const;
  return verdicts
    .map((v, i) => ({ v, i }))
    .sort((a, b) => rank[a.v.kind] - rank[b.v.kind] || a.i - b.i)
    .map((x) => x.v);
}

/** An event in EventBridge's envelope to start from (the fields TestEventPattern requires). */
export function sampleEvent(at: { readonly region: string; readonly account: string }, now = new Date()): string {
  return JSON.stringify(
    {
      version: '0',
      id: '11111111-2222-3333-4444-555555555555',
      'detail-type': 'OrderPlaced',
      source: 'shop.orders',
      account: at.account,
      time: `${now.toISOString().slice(0, 19)}Z`,
      region: at.region,
      resources: [],
      detail: { orderId: 'o-1', total: 120, country: 'NL' },
    },
    null,
    2,
  );
}

/**
 * The PutEvents entry for a pasted envelope: its source, detail-type, detail and resources.
 * EventBridge gives the event put a new id and time, and the bus's account and region.
 */
export function putEntryOf(
  eventText: string,
  busName: string,
): { readonly entry: PutEventsEntry } | { readonly error: string } {
  let event: unknown;
  try {
    event = JSON.parse(eventText);
  } catch (e) {
    return { error: `The event is not JSON: ${(e as Error).message}` };
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    return { error: 'The event must be a JSON object.' };
  const e = event as Record<string, unknown>;
  if (typeof e.source !== 'string' || !e.source) return { error: 'The event needs a "source" (a string).' };
  if (typeof e['detail-type'] !== 'string' || !e['detail-type'])
    return { error: 'The event needs a "detail-type" (a string).' };
  const detail = e.detail ?? {};
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail))
    return { error: 'The event\'s "detail" must be a JSON object.' };
  const resources = Array.isArray(e.resources) ? e.resources.filter((r): r is string => typeof r === 'string') : [];
  return {
    entry: {
      Source: e.source,
      DetailType: e['detail-type'],
      Detail: JSON.stringify(detail),
      EventBusName: busName,
      ...(resources.length > 0 ? { Resources: resources } : {}),
    },
  };
}

/** The region and account of an ARN (`arn:aws:events:us-east-1:123456789012:event-bus/default`). */
export function locationOf(arn: string): { region: string; account: string } {
  const [, , , region = 'us-east-1', account = '123456789012'] = arn.split(':');
  return { region, account };
}
