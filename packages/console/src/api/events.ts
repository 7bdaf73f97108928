/**
 * A small typed client for the EventBridge API (AWS JSON 1.1, `X-Amz-Target: AWSEvents.*`):
 * buses, rules, targets, TestEventPattern, PutEvents, and archives and replays when the server
 * has them. Member names are AWS's (PascalCase); timestamps are epoch seconds.
 */
import { allPages, awsJson, page } from './http.js';
import type { EpochSeconds } from './sfn.js';

const call = awsJson('AWSEvents', '1.1');

export interface EventBus {
  readonly Name: string;
  readonly Arn: string;
  readonly Description?: string;
  readonly CreationTime?: EpochSeconds;
}

export interface Rule {
  readonly Name: string;
  readonly Arn: string;
  readonly EventBusName: string;
  readonly EventPattern?: string;
  readonly ScheduleExpression?: string;
  readonly State: 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';
  readonly Description?: string;
}

export interface Target {
  readonly Id: string;
  readonly Arn: string;
  readonly Input?: string;
  readonly InputPath?: string;
  readonly InputTransformer?: { readonly InputPathsMap?: Record<string, string>; readonly InputTemplate: string };
  readonly DeadLetterConfig?: { readonly Arn?: string };
  readonly RetryPolicy?: { readonly MaximumRetryAttempts?: number; readonly MaximumEventAgeInSeconds?: number };
}

/** A rule with its targets: what the console shows and the sandbox tests. */
export interface RuleWithTargets extends Rule {
  readonly targets: Target[];
}

export interface PutEventsEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName: string;
  readonly Resources?: string[];
  readonly Time?: EpochSeconds;
}

export type PutEventsResult =
  | { readonly EventId: string }
  | { readonly ErrorCode: string; readonly ErrorMessage: string };

export interface Archive {
  readonly ArchiveName: string;
  readonly EventSourceArn?: string;
  readonly State: string;
  readonly StateReason?: string;
  readonly RetentionDays?: number;
  readonly SizeBytes?: number;
  readonly EventCount?: number;
  readonly CreationTime?: EpochSeconds;
}

export interface Replay {
  readonly ReplayName: string;
  readonly EventSourceArn?: string;
  readonly State: string;
  readonly StateReason?: string;
  readonly EventStartTime?: EpochSeconds;
  readonly EventEndTime?: EpochSeconds;
  readonly ReplayStartTime?: EpochSeconds;
  readonly ReplayEndTime?: EpochSeconds;
}

const token = (nextToken?: string) => (nextToken ? { NextToken: nextToken } : {});

export const events = {
  buses: () =>
    allPages(async (nextToken) => {
      const out = await call<{ EventBuses?: EventBus[]; NextToken?: string }>('ListEventBuses', {
        Limit: 100,
        ...token(nextToken),
      });
      return page(out.EventBuses, out.NextToken);
    }),

  rules: (busName: string) =>
    allPages(async (nextToken) => {
      const out = await call<{ Rules?: Rule[]; NextToken?: string }>('ListRules', {
        EventBusName: busName,
        Limit: 100,
        ...token(nextToken),
      });
      return page(out.Rules, out.NextToken);
    }),

  targets: (busName: string, rule: string) =>
    allPages(async (nextToken) => {
      const out = await call<{ Targets?: Target[]; NextToken?: string }>('ListTargetsByRule', {
        EventBusName: busName,
        Rule: rule,
        Limit: 100,
        ...token(nextToken),
      });
      return page(out.Targets, out.NextToken);
    }),

  /** The bus's rules, each with its targets. */
  async rulesWithTargets(busName: string): Promise<RuleWithTargets[]> {
    const rules = await events.rules(busName);
    return Promise.all(rules.map(async (r) => ({ ...r, targets: await events.targets(busName, r.Name) })));
  },

  async testEventPattern(eventPattern: string, event: string): Promise<boolean> {
    const out = await call<{ Result: boolean }>('TestEventPattern', { EventPattern: eventPattern, Event: event });
    return out.Result;
  },

  async putEvents(entries: PutEventsEntry[]): Promise<PutEventsResult[]> {
    const out = await call<{ Entries: PutEventsResult[] }>('PutEvents', { Entries: entries });
    return out.Entries;
  },

  archives: (busArn: string) =>
    allPages(async (nextToken) => {
      const out = await call<{ Archives?: Archive[]; NextToken?: string }>('ListArchives', {
        EventSourceArn: busArn,
        Limit: 100,
        ...token(nextToken),
      });
      return page(out.Archives, out.NextToken);
    }),

  /** Every replay; a replay's EventSourceArn is the ARN of the archive it replays. */
  replays: () =>
    allPages(async (nextToken) => {
      const out = await call<{ Replays?: Replay[]; NextToken?: string }>('ListReplays', {
        Limit: 100,
        ...token(nextToken),
      });
      return page(out.Replays, out.NextToken);
    }),
};

/** An archive's ARN (ListArchives names archives; replays refer to them by ARN). */
export function archiveArn(busArn: string, archiveName: string): string {
  const [partition, service, region, account] = busArn.split(':').slice(1, 5);
  return `arn:${partition}:${service}:${region}:${account}:archive/${archiveName}`;
}

/** What kind of resource a target ARN names, for labels and links. */
export type TargetKind = 'workflow' | 'queue' | 'topic' | 'stream' | 'function' | 'bus' | 'archive' | 'other';

export function targetKind(arn: string): TargetKind {
  const [, , service, , , resource = ''] = arn.split(':');
  if (service === 'states' && resource.startsWith('stateMachine')) return 'workflow';
  if (service === 'sqs') return 'queue';
  if (service === 'sns') return 'topic';
  if (service === 'kinesis' && /^stream\/[^/]+$/.test(resource)) return 'stream';
  if (service === 'lambda') return 'function';
  if (service === 'events' && resource.startsWith('event-bus/')) return 'bus';
  // An archive's managed rule targets the archive.
  if (service === 'events' && resource.startsWith('archive/')) return 'archive';
  return 'other';
}
