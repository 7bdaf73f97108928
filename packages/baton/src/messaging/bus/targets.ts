/**
 * Targets: what a rule delivers to, told apart by ARN (user guide, "Event bus targets"), and the
 * port through which deliveries reach them. Other event buses are delivered to by the bus itself
 * (the event is matched against the target bus's rules in the transaction that completes the
 * delivery); everything else goes through a TargetDispatcher wired in main.ts.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { readPathText, type TargetInputSpec } from './transform.js';

export type TargetKind =
  | 'stateMachine'
  | 'function'
  | 'queue'
  | 'topic'
  | 'stream'
  | 'eventBus'
  | 'apiDestination'
  | 'archive'
  | 'other';

const KINDS: readonly [RegExp, TargetKind][] = [
  [/^arn:aws[\w-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/, 'stateMachine'],
  [/^arn:aws[\w-]*:lambda:[a-z0-9-]+:\d{12}:function:[^:]+(:[^:]+)?$/, 'function'],
  [/^arn:aws[\w-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]+$/, 'queue'],
  [/^arn:aws[\w-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+(\.fifo)?$/, 'topic'],
  [/^arn:aws[\w-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[A-Za-z0-9_.-]+$/, 'stream'],
  [/^arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[/.\-_A-Za-z0-9]+$/, 'eventBus'],
  [/^arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:api-destination\/.+$/, 'apiDestination'],
  // Only archives' managed rules target archives (archives.ts).
  [/^arn:aws[\w-]*:events:[a-z0-9-]+:\d{12}:archive\/.+$/, 'archive'],
];

const ARN = /^arn:aws[\w-]*:[a-z0-9-]+:[a-z0-9-]*:\d*:.+$/;

export function targetKind(arn: string): TargetKind | undefined {
  if (!ARN.test(arn)) return undefined;
  return KINDS.find(([re]) => re.test(arn))?.[1] ?? 'other';
}

/** A target's settings as PutTargets stored them (API reference, Target), read back for delivery. */
export interface TargetSettings extends TargetInputSpec {
  readonly id: string;
  readonly arn: string;
  readonly retryPolicy: RetryPolicy;
  readonly deadLetterArn?: string;
  /** SqsParameters.MessageGroupId (FIFO queues). */
  readonly messageGroupId?: string;
  /** KinesisParameters.PartitionKeyPath (streams; without it, the event's id is the key). */
  readonly partitionKeyPath?: string;
  /** API destination targets: the endpoint's path wildcards, and headers and query parameters to add. */
  readonly httpParameters?: HttpParameters;
}

export interface HttpParameters {
  readonly pathParameterValues: readonly string[];
  readonly headerParameters: Readonly<Record<string, string>>;
  readonly queryStringParameters: Readonly<Record<string, string>>;
}

export function targetSettings(target: JsonObject): TargetSettings {
  const t = target as Record<string, unknown>;
  const retry = (t.RetryPolicy ?? {}) as Record<string, unknown>;
  const transformer = t.InputTransformer as Record<string, unknown> | undefined;
  const dlq = (t.DeadLetterConfig as Record<string, unknown> | undefined)?.Arn;
  const group = (t.SqsParameters as Record<string, unknown> | undefined)?.MessageGroupId;
  const partitionKeyPath = (t.KinesisParameters as Record<string, unknown> | undefined)?.PartitionKeyPath;
  const http = t.HttpParameters as Record<string, unknown> | undefined;
  return {
    id: t.Id as string,
    arn: t.Arn as string,
    ...(typeof t.Input === 'string' ? { input: t.Input } : {}),
    ...(typeof t.InputPath === 'string' ? { inputPath: t.InputPath } : {}),
    ...(transformer
      ? {
          inputTransformer: {
            inputTemplate: String(transformer.InputTemplate ?? ''),
            ...(transformer.InputPathsMap
              ? { inputPathsMap: transformer.InputPathsMap as Record<string, string> }
              : {}),
          },
        }
      : {}),
    retryPolicy: {
      maximumRetryAttempts:
        typeof retry.MaximumRetryAttempts === 'number'
          ? retry.MaximumRetryAttempts
          : DEFAULT_RETRY_POLICY.maximumRetryAttempts,
      maximumEventAgeSeconds:
        typeof retry.MaximumEventAgeInSeconds === 'number'
          ? retry.MaximumEventAgeInSeconds
          : DEFAULT_RETRY_POLICY.maximumEventAgeSeconds,
    },
    ...(typeof dlq === 'string' ? { deadLetterArn: dlq } : {}),
    ...(typeof group === 'string' ? { messageGroupId: group } : {}),
    ...(typeof partitionKeyPath === 'string' ? { partitionKeyPath } : {}),
    ...(http
      ? {
          httpParameters: {
            pathParameterValues: (http.PathParameterValues ?? []) as string[],
            headerParameters: (http.HeaderParameters ?? {}) as Record<string, string>,
            queryStringParameters: (http.QueryStringParameters ?? {}) as Record<string, string>,
          },
        }
      : {}),
  };
}

/** One delivery attempt handed to a dispatcher. */
export interface Dispatch {
  readonly kind: TargetKind;
  readonly target: TargetSettings;
  /** What the target receives: the event, or its transformation. */
  readonly input: string;
  /** The event the input was rendered from, for parameters read from it (a bus's deliveries only). */
  readonly event?: string;
  /** The delivery's id: an idempotency key (a state machine execution's name). */
  readonly deliveryId: string;
  readonly ruleArn: string;
  readonly signal: AbortSignal;
}

/**
 * How an attempt ended. `completed`: delivered, and the outbox row deleted in the same
 * transaction (an archive's append, a forward to another bus), so the worker need not delete it.
 * `fatal` failures cannot succeed by retrying (the target does not exist, the input is not what
 * it accepts): they give up at once, as EventBridge does.
 */
export type DispatchOutcome =
  | { readonly kind: 'delivered' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'failed'; readonly fatal: boolean; readonly code: string; readonly message: string };

export interface DeadLetter {
  readonly queueArn: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

/** The port to everything a bus delivers to (wired in main.ts: integrations/events.ts). */
export interface TargetDispatcher {
  /** Why targets of this kind cannot be used here, or undefined when they can. */
  unsupported(kind: TargetKind, arn: string): string | undefined;
  deliver(dispatch: Dispatch): Promise<DispatchOutcome>;
  /** Sends a given-up delivery to its dead-letter queue; throws when it cannot. */
  deadLetter(message: DeadLetter): Promise<void>;
}

/**
 * The partition key of a stream target's record (API reference, KinesisParameters): what
 * PartitionKeyPath selects in the event, as text (a value that is not a string as its JSON); the
 * event's id when the target has no path. Undefined when the path selects nothing.
 */
export function partitionKeyOf(target: TargetSettings, eventText: string): string | undefined {
  const event = JSON.parse(eventText) as Json;
  const path = target.partitionKeyPath;
  if (path === undefined) return String((event as JsonObject).id);
  const key = readPathText(path, event);
  return key ?? undefined;
}
