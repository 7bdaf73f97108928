/**
 * The native API's calls for what AWS has no call for (packages/baton/src/api/native): why an
 * event misses a pattern, a read-only queue peek, and event counts for the event map.
 */
import { request } from './http.js';

export interface FieldFailure {
  readonly field: string;
  readonly problem: 'missing' | 'value' | 'present' | 'sameElement';
  readonly expected: string[];
  readonly found: string[];
}

export type Explanation =
  | { readonly matches: true }
  | {
      readonly matches: false;
      readonly alternatives: number;
      readonly failure: FieldFailure;
      readonly message: string;
    };

export interface PeekedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  /** Epoch milliseconds, like the rest of this answer's times. */
  readonly sentTimestamp: number;
  readonly receiveCount: number;
  readonly state: 'visible' | 'inFlight' | 'delayed';
  readonly visibleTimestamp: number;
  readonly firstReceiveTimestamp?: number;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  readonly deadLetterSourceArn?: string;
}

export interface EventCount {
  readonly busArn: string;
  readonly source: string;
  readonly detailType: string;
  /** The state machine whose execution the events are about (Step Functions status changes). */
  readonly workflowArn?: string;
  readonly count: number;
  readonly lastSeen: number;
}

export interface RuleCount {
  readonly ruleArn: string;
  readonly matched: number;
  readonly lastMatched: number;
}

export interface EventMapCounts {
  readonly windowSeconds: number;
  readonly since: number;
  readonly until: number;
  /** When this server node started counting (counts live in its memory). */
  readonly countingSince: number;
  readonly events: EventCount[];
  readonly rules: RuleCount[];
  readonly uncounted: number;
}

export const native = {
  explain: (pattern: string, event: string) =>
    request<Explanation>('/baton/patterns/explain', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pattern, event }),
    }),

  async peek(queueArn: string, max = 10): Promise<PeekedMessage[]> {
    const out = await request<{ messages: PeekedMessage[] }>(
      `/baton/queues/peek?${new URLSearchParams({ queueArn, max: String(max) })}`,
      { method: 'GET' },
    );
    return out.messages;
  },

  eventMap: (windowSeconds: number) =>
    request<EventMapCounts>(`/baton/event-map?windowSeconds=${windowSeconds}`, { method: 'GET' }),
};
