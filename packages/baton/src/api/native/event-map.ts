/**
 * `GET /baton/event-map?windowSeconds=900`: how many events each producer put on each bus, and how
 * many each rule matched, over a recent window — the counts the console's event map draws on the
 * live system's buses, rules and targets (which it reads through the EventBridge API).
 *
 *   → 200 {windowSeconds, since, until, countingSince,
 *          events: [{busArn, source, detailType, workflowArn?, count, lastSeen}],
 *          rules: [{ruleArn, matched, lastMatched}]}
 *   → 400 {__type: 'ValidationException', message}: windowSeconds is not 1..3600
 *
 * Counts live in this node's memory (`EventMapCounts`, fed by the bus's `onEvent` hook): they start
 * at zero when the server starts (`countingSince`), and each node of a cluster counts what it saw.
 * A rule counts the events it matched (what its targets were given), not deliveries. `workflowArn`
 * names the state machine whose execution an event is about (an ARN of an execution in its
 * `resources`, as the status-change events of Step Functions carry). Times are epoch milliseconds;
 * the window is counted in 10-second buckets.
 */
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../kernel/index.js';
import type { EventEnvelope } from '../../messaging/bus/index.js';
import type { AccessKeys } from '../auth.js';
import { AwsError } from '../errors.js';
import { nativeRoute } from './route.js';

const BUCKET_MS = 10_000;
/** The longest window asked for; older buckets are dropped. */
const MAX_WINDOW_SECONDS = 3600;
const DEFAULT_WINDOW_SECONDS = 900;
/**
 * Keys (bus, source, detail-type, workflow) held at most. Sources and detail types are the
 * producers' to choose: past this, keys without an event in the window are dropped, and events of
 * new keys are counted under `overflow` until room frees up.
 */
const MAX_KEYS = 10_000;

/** Counts per key in fixed-width time buckets, newest last; only buckets with events exist. */
class WindowedCounts<Meta> {
  private readonly series = new Map<string, { meta: Meta; buckets: number[]; counts: number[]; lastAt: number }>();
  overflow = 0;

  add(key: string, at: number, meta: () => Meta): void {
    const bucket = Math.floor(at / BUCKET_MS);
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= MAX_KEYS) this.prune(at);
      if (this.series.size >= MAX_KEYS) {
        this.overflow++;
        return;
      }
      s = { meta: meta(), buckets: [], counts: [], lastAt: at };
      this.series.set(key, s);
    }
    s.lastAt = Math.max(s.lastAt, at);
    const last = s.buckets.length - 1;
    if (last >= 0 && s.buckets[last] === bucket) s.counts[last]!++;
    else {
      s.buckets.push(bucket);
      s.counts.push(1);
      // Buckets older than the longest window are never read again.
      const oldest = bucket - MAX_WINDOW_SECONDS / (BUCKET_MS / 1000);
      if (s.buckets[0]! < oldest) {
        const keep = s.buckets.findIndex((b) => b >= oldest);
        s.buckets.splice(0, keep);
        s.counts.splice(0, keep);
      }
    }
  }

  /** Each key's count since `since`, to the bucket (keys with none are left out), and its latest event. */
  read(since: number, now: number): { meta: Meta; count: number; last: number }[] {
    this.prune(now);
    const first = Math.floor(since / BUCKET_MS);
    const out: { meta: Meta; count: number; last: number }[] = [];
    for (const s of this.series.values()) {
      let count = 0;
      for (let i = s.buckets.length - 1; i >= 0 && s.buckets[i]! >= first; i--) count += s.counts[i]!;
      if (count > 0) out.push({ meta: s.meta, count, last: s.lastAt });
    }
    return out;
  }

  /** Forgets keys without an event in the longest window. */
  private prune(now: number): void {
    const oldest = Math.floor((now - MAX_WINDOW_SECONDS * 1000) / BUCKET_MS);
    for (const [key, s] of this.series) if (s.buckets.at(-1)! < oldest) this.series.delete(key);
  }
}

interface EventKey {
  readonly busArn: string;
  readonly source: string;
  readonly detailType: string;
  readonly workflowArn?: string;
}

export interface EventMapSnapshot {
  readonly windowSeconds: number;
  readonly since: number;
  readonly until: number;
  readonly countingSince: number;
  readonly events: (EventKey & { readonly count: number; readonly lastSeen: number })[];
  readonly rules: { readonly ruleArn: string; readonly matched: number; readonly lastMatched: number }[];
  /** Events not counted because too many distinct producers were seen (see MAX_KEYS). */
  readonly uncounted: number;
}

/** The bus's `onEvent` observer: counts events per producer and matches per rule, in memory. */
export class EventMapCounts {
  private readonly events = new WindowedCounts<EventKey>();
  private readonly rules = new WindowedCounts<string>();
  private readonly countingSince: number;

  constructor(private readonly clock: Clock) {
    this.countingSince = clock.now();
  }

  /** For `EventBusServiceOptions.onEvent`. */
  readonly onEvent = (busArn: string, event: EventEnvelope, matchedRuleArns: readonly string[]): void => {
    const at = this.clock.now();
    const { source, detailType } = event;
    const workflowArn = workflowOf(event.resources);
    const key = `${busArn}\n${source}\n${detailType}\n${workflowArn ?? ''}`;
    this.events.add(key, at, () => ({ busArn, source, detailType, ...(workflowArn ? { workflowArn } : {}) }));
    for (const ruleArn of matchedRuleArns) this.rules.add(ruleArn, at, () => ruleArn);
  };

  snapshot(windowSeconds: number): EventMapSnapshot {
    const until = this.clock.now();
    const since = until - windowSeconds * 1000;
    return {
      windowSeconds,
      since,
      until,
      countingSince: this.countingSince,
      events: this.events
        .read(since, until)
        .map(({ meta, count, last }) => ({ ...meta, count, lastSeen: last }))
        .sort((a, b) => b.count - a.count),
      rules: this.rules
        .read(since, until)
        .map(({ meta, count, last }) => ({ ruleArn: meta, matched: count, lastMatched: last })),
      uncounted: this.events.overflow,
    };
  }
}

/** A top-level member of the envelope (`source`, `detail-type`, `resources`), read without a parse. */
const EXECUTION = /^arn:([^:]+):states:([^:]+):([^:]+):(?:express|execution):([^:]+):/;

/** The state machine of the first execution ARN in `resources`. */
function workflowOf(resources: readonly string[]): string | undefined {
  for (const r of resources) {
    const m = EXECUTION.exec(r);
    if (m) return `arn:${m[1]}:states:${m[2]}:${m[3]}:stateMachine:${m[4]}`;
  }
  return undefined;
}

export interface EventMapOptions {
  readonly counts: EventMapCounts;
  readonly accessKeys?: AccessKeys;
}

export function registerEventMap(app: FastifyInstance, options: EventMapOptions): void {
  app.get(
    '/baton/event-map',
    nativeRoute({ accessKeys: options.accessKeys }, async (request, reply) => {
      const given = (request.query as Record<string, string | undefined>).windowSeconds;
      const windowSeconds = given === undefined ? DEFAULT_WINDOW_SECONDS : Number(given);
      if (!Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
        throw new AwsError(
          'ValidationException',
          `windowSeconds must be an integer from 1 to ${MAX_WINDOW_SECONDS}; got ${given}.`,
        );
      }
      return reply.code(200).send(options.counts.snapshot(windowSeconds));
    }),
  );
}
