/**
 * Queue attributes (API reference: CreateQueue, SetQueueAttributes, GetQueueAttributes): which
 * names exist, their ranges and defaults, and how the read-only ones are computed. Values travel
 * as strings, as on the wire; the checked and defaulted map is what the store keeps.
 */
import type { QueueCounts, QueueRecord } from '../../store/port.js';
import { queueErrors } from './errors.js';
import { parseQueueArn } from './names.js';

interface IntegerRule {
  readonly kind: 'integer';
  readonly min: number;
  readonly max: number;
  readonly default?: number;
}
interface ChoiceRule {
  readonly kind: 'choice';
  readonly values: readonly string[];
  readonly default?: string;
}
interface TextRule {
  readonly kind: 'text';
}
type Rule = (IntegerRule | ChoiceRule | TextRule) & { readonly fifoOnly?: boolean; readonly createOnly?: boolean };

const BOOLEAN = ['true', 'false'] as const;

/** The settable attributes, with the ranges of the API reference. */
const SETTABLE: Readonly<Record<string, Rule>> = {
  DelaySeconds: { kind: 'integer', min: 0, max: 900, default: 0 },
  MaximumMessageSize: { kind: 'integer', min: 1024, max: 1_048_576, default: 262_144 },
  MessageRetentionPeriod: { kind: 'integer', min: 60, max: 1_209_600, default: 345_600 },
  ReceiveMessageWaitTimeSeconds: { kind: 'integer', min: 0, max: 20, default: 0 },
  VisibilityTimeout: { kind: 'integer', min: 0, max: 43_200, default: 30 },
  Policy: { kind: 'text' },
  RedrivePolicy: { kind: 'text' },
  RedriveAllowPolicy: { kind: 'text' },
  KmsMasterKeyId: { kind: 'text' },
  KmsDataKeyReusePeriodSeconds: { kind: 'integer', min: 60, max: 86_400 },
  SqsManagedSseEnabled: { kind: 'choice', values: BOOLEAN, default: 'true' },
  FifoQueue: { kind: 'choice', values: BOOLEAN, createOnly: true },
  ContentBasedDeduplication: { kind: 'choice', values: BOOLEAN, default: 'false', fifoOnly: true },
  DeduplicationScope: { kind: 'choice', values: ['messageGroup', 'queue'], default: 'queue', fifoOnly: true },
  FifoThroughputLimit: {
    kind: 'choice',
    values: ['perQueue', 'perMessageGroupId'],
    default: 'perQueue',
    fifoOnly: true,
  },
};

const COMPUTED = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;

/** Every name GetQueueAttributes accepts, `All` included. */
const READABLE = new Set<string>(['All', ...Object.keys(SETTABLE), ...COMPUTED]);

export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/** The attributes a new queue starts with. */
export function defaultAttributes(fifo: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, rule] of Object.entries(SETTABLE)) {
    if (rule.fifoOnly && !fifo) continue;
    if (rule.kind !== 'text' && rule.default !== undefined) out[name] = String(rule.default);
  }
  if (fifo) out.FifoQueue = 'true';
  return out;
}

/**
 * Checks attributes given to CreateQueue or SetQueueAttributes and returns them normalized
 * (booleans lower-case). The RedrivePolicy's target is checked by the caller, which can look it up.
 */
export function checkAttributes(
  given: Readonly<Record<string, string>>,
  fifo: boolean,
  mode: 'create' | 'set',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(given)) {
    const rule = SETTABLE[name];
    if (!rule || (rule.fifoOnly && !fifo) || (rule.createOnly && mode === 'set')) {
      throw queueErrors.unknownAttribute(name);
    }
    out[name] = checkValue(name, rule, raw);
  }
  if (mode === 'create' && out.FifoQueue === 'false' && fifo) throw queueErrors.invalidAttributeValue('FifoQueue');
  if (out.RedrivePolicy) out.RedrivePolicy = JSON.stringify(parseRedrivePolicy(out.RedrivePolicy));
  if (out.RedriveAllowPolicy) checkRedriveAllowPolicy(out.RedriveAllowPolicy);
  return out;
}

function checkValue(name: string, rule: Rule, raw: string): string {
  if (rule.kind === 'integer') {
    const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < rule.min || n > rule.max) throw queueErrors.invalidAttributeValue(name);
    return String(n);
  }
  if (rule.kind === 'choice') {
    const value = rule.values === BOOLEAN ? raw.toLowerCase() : raw;
    if (!rule.values.includes(value)) throw queueErrors.invalidAttributeValue(name);
    return value;
  }
  return raw;
}

/** Settings that only make sense together (API reference, high throughput for FIFO queues). */
export function checkCombination(attributes: Readonly<Record<string, string>>): void {
  if (attributes.FifoThroughputLimit === 'perMessageGroupId' && attributes.DeduplicationScope === 'queue') {
    throw queueErrors.invalidAttributeValue(
      'FifoThroughputLimit',
      'The queue attribute FifoThroughputLimit can be set to perMessageGroupId only when the queue attribute DeduplicationScope is set to messageGroup.',
    );
  }
}

function invalidRedrive(raw: string, reason: string) {
  return queueErrors.invalidParameter('RedrivePolicy', raw, reason);
}

/** RedrivePolicy: `{"deadLetterTargetArn": "<queue ARN>", "maxReceiveCount": 1..1000}` (number or numeric string). */
export function parseRedrivePolicy(raw: string): RedrivePolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidRedrive(raw, 'Redrive policy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidRedrive(raw, 'Redrive policy is not a valid JSON map.');
  }
  const { deadLetterTargetArn, maxReceiveCount } = parsed as Record<string, unknown>;
  if (typeof deadLetterTargetArn !== 'string' || !parseQueueArn(deadLetterTargetArn)) {
    throw invalidRedrive(raw, 'Invalid value for deadLetterTargetArn.');
  }
  const count = typeof maxReceiveCount === 'string' ? Number(maxReceiveCount) : maxReceiveCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalidRedrive(
      raw,
      `Invalid value for maxReceiveCount: ${String(maxReceiveCount)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  return { deadLetterTargetArn, maxReceiveCount: count };
}

function checkRedriveAllowPolicy(raw: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const fail = (reason: string) => queueErrors.invalidParameter('RedriveAllowPolicy', raw, reason);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw fail('Not a valid JSON map.');
  const { redrivePermission, sourceQueueArns } = parsed as Record<string, unknown>;
  if (redrivePermission !== 'allowAll' && redrivePermission !== 'denyAll' && redrivePermission !== 'byQueue') {
    throw fail('Invalid value for redrivePermission. Valid values are allowAll, denyAll and byQueue.');
  }
  if (redrivePermission === 'byQueue') {
    if (
      !Array.isArray(sourceQueueArns) ||
      sourceQueueArns.length < 1 ||
      sourceQueueArns.length > 10 ||
      !sourceQueueArns.every((a) => typeof a === 'string')
    ) {
      throw fail('sourceQueueArns must list 1 to 10 queue ARNs when redrivePermission is byQueue.');
    }
  } else if (sourceQueueArns !== undefined) {
    throw fail('sourceQueueArns can only be given when redrivePermission is byQueue.');
  }
}

/** Whether the dead-letter queue's RedriveAllowPolicy lets `sourceArn` use it (allowAll when unset). */
export function allowsSource(deadLetterQueue: QueueRecord, sourceArn: string): boolean {
  const raw = deadLetterQueue.attributes.RedriveAllowPolicy;
  if (!raw) return true;
  const policy = JSON.parse(raw) as { redrivePermission: string; sourceQueueArns?: string[] };
  if (policy.redrivePermission === 'denyAll') return false;
  return policy.redrivePermission === 'allowAll' || (policy.sourceQueueArns ?? []).includes(sourceArn);
}

/**
 * RedrivePolicies already parsed, by queue record (null: none). Records are immutable (a change
 * stores a new one) and the service keeps a queue's record for a second, so every receive in that
 * second, and every poll of a long one, reuses one parse.
 */
const redrivePolicies = new WeakMap<QueueRecord, RedrivePolicy | null>();

/** The RedrivePolicy of a queue, if it has one. */
export function redrivePolicyOf(queue: QueueRecord): RedrivePolicy | undefined {
  let policy = redrivePolicies.get(queue);
  if (policy === undefined) {
    const raw = queue.attributes.RedrivePolicy;
    policy = raw ? (JSON.parse(raw) as RedrivePolicy) : null;
    redrivePolicies.set(queue, policy);
  }
  return policy ?? undefined;
}

/** Checks GetQueueAttributes' AttributeNames. */
export function checkAttributeNames(names: readonly string[]): void {
  for (const name of names) if (!READABLE.has(name)) throw queueErrors.unknownAttribute(name);
}

/** Whether any of `names` needs the message counts (a store query). */
export function needsCounts(names: readonly string[]): boolean {
  return names.some((n) => n === 'All' || n.startsWith('ApproximateNumberOf'));
}

/** GetQueueAttributes' answer: the names asked for (`All` for every one), the read-only ones computed. */
export function readAttributes(
  queue: QueueRecord,
  names: readonly string[],
  counts: QueueCounts | undefined,
): Record<string, string> {
  const all: Record<string, string> = {
    QueueArn: queue.arn,
    ...(counts
      ? {
          ApproximateNumberOfMessages: String(counts.visible),
          ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
          ApproximateNumberOfMessagesDelayed: String(counts.delayed),
        }
      : {}),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
    ...queue.attributes,
  };
  if (names.includes('All')) return all;
  const out: Record<string, string> = {};
  for (const name of names) if (all[name] !== undefined) out[name] = all[name];
  return out;
}

/** A settable attribute as an integer (the store keeps checked values). */
export function integerAttribute(queue: QueueRecord, name: keyof typeof SETTABLE): number {
  return Number(queue.attributes[name] ?? (SETTABLE[name] as IntegerRule).default ?? 0);
}
