/**
 * Subscription attributes (API reference, Subscribe and SetSubscriptionAttributes): FilterPolicy
 * (compiled by the patterns module, with SNS's errors), FilterPolicyScope, RawMessageDelivery,
 * RedrivePolicy (an SQS dead-letter queue), DeliveryPolicy (HTTP/S retries and content type) and
 * SubscriptionRoleArn; and what GetSubscriptionAttributes answers. Subscribe words its errors
 * `Invalid parameter: Attributes Reason: …`, SetSubscriptionAttributes `Invalid parameter: …`.
 */
import { type FilterPolicyScope, parseFilterPolicy } from '../../patterns/index.js';
import type { SubscriptionRecord, TopicRecord } from '../../store/port.js';
import { TopicError, topicErrors } from './errors.js';
import { type Protocol, RAW_DELIVERY } from './protocols.js';
import { mergeRetryPolicy, type RetryPolicy } from './retry.js';
import { type HttpDeliverySettings, httpSettings } from './topic-attributes.js';

const SETTABLE: ReadonlySet<string> = new Set([
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
]);

const QUEUE_ARN = /^arn:aws[\w-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,80}$/;

export interface SubscriptionContext {
  readonly protocol: Protocol;
  readonly endpoint: string;
  readonly topic: TopicRecord;
}

/**
 * Checks `changes` against a subscription's current attributes; returns the attributes after them
 * (an empty value removes an attribute). `api` decides the wording of errors.
 */
export function applyAttributes(
  current: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string>>,
  ctx: SubscriptionContext,
  api: 'Subscribe' | 'SetSubscriptionAttributes',
): Record<string, string> {
  const prefix = api === 'Subscribe' ? 'Attributes Reason: ' : '';
  const out: Record<string, string> = { ...current };
  for (const [name, raw] of Object.entries(changes)) {
    if (!SETTABLE.has(name)) throw topicErrors.attributeName(api === 'Subscribe');
    const reason = (why: string) => topicErrors.attributeValue(prefix, name, why);
    let value = raw;
    switch (name) {
      case 'RawMessageDelivery':
        value = raw.toLowerCase();
        if (value !== 'true' && value !== 'false') throw reason(`Invalid value [${raw}]. Must be true or false.`);
        if (value === 'true' && !RAW_DELIVERY.has(ctx.protocol)) {
          throw topicErrors.rawDelivery(ctx.protocol, api === 'Subscribe');
        }
        break;
      case 'FilterPolicyScope':
        if (raw !== 'MessageAttributes' && raw !== 'MessageBody') {
          throw reason(`Invalid value [${raw}]. Please use either MessageBody or MessageAttributes`);
        }
        break;
      case 'RedrivePolicy':
        if (raw !== '') checkRedrive(raw, ctx, reason);
        break;
      case 'DeliveryPolicy':
        if (raw !== '') {
          const checked = subscriptionPolicy(raw, httpSettings(ctx.topic));
          if (typeof checked === 'string') throw reason(checked);
        }
        break;
    }
    if (value === '') delete out[name];
    else out[name] = value;
  }
  // The policy is checked in the scope it will be matched in (a scope change re-checks it).
  if (out.FilterPolicy !== undefined && ('FilterPolicy' in changes || 'FilterPolicyScope' in changes)) {
    const parsed = parseFilterPolicy(out.FilterPolicy, { scope: scopeOf(out), api });
    if (!parsed.ok) throw new TopicError('InvalidParameter', parsed.error.message);
  }
  return out;
}

function checkRedrive(raw: string, ctx: SubscriptionContext, reason: (why: string) => Error): void {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw reason('failed to parse JSON.');
  }
  const target = (doc as { deadLetterTargetArn?: unknown } | null)?.deadLetterTargetArn;
  if (typeof target !== 'string' || !QUEUE_ARN.test(target)) throw reason('deadLetterTargetArn is an invalid arn');
  if (ctx.topic.fifo && ctx.endpoint.endsWith('.fifo') && !target.endsWith('.fifo')) {
    throw reason('must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.');
  }
}

export function scopeOf(attributes: Readonly<Record<string, string>>): FilterPolicyScope {
  return attributes.FilterPolicyScope === 'MessageBody' ? 'MessageBody' : 'MessageAttributes';
}

/** The dead-letter queue of a subscription's RedrivePolicy, if any. */
export function deadLetterQueueOf(attributes: Readonly<Record<string, string>>): string | undefined {
  if (!attributes.RedrivePolicy) return undefined;
  try {
    const target = (JSON.parse(attributes.RedrivePolicy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn;
    return typeof target === 'string' ? target : undefined;
  } catch {
    return undefined;
  }
}

/** A subscription's DeliveryPolicy over its topic's HTTP settings (unless the topic disables overrides). */
function subscriptionPolicy(text: string, topic: HttpDeliverySettings): HttpDeliverySettings | string {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'failed to parse JSON.';
  }
  if (doc === null || typeof doc !== 'object') return 'failed to parse JSON.';
  const retry = mergeRetryPolicy(topic.retry, doc.healthyRetryPolicy);
  if (typeof retry === 'string') return retry;
  const request = doc.requestPolicy as { headerContentType?: unknown } | undefined;
  return {
    retry,
    contentType: typeof request?.headerContentType === 'string' ? request.headerContentType : topic.contentType,
    disableSubscriptionOverrides: topic.disableSubscriptionOverrides,
  };
}

/** How an HTTP/S subscription is delivered to: its retry policy and content type. */
export function effectiveHttp(
  subscription: SubscriptionRecord,
  topic: TopicRecord,
): { retry: RetryPolicy; contentType: string } {
  const base = httpSettings(topic);
  const own = subscription.attributes.DeliveryPolicy;
  if (!own || base.disableSubscriptionOverrides) return base;
  const merged = subscriptionPolicy(own, base);
  return typeof merged === 'string' ? base : merged;
}

/** GetSubscriptionAttributes. */
export function readSubscriptionAttributes(
  subscription: SubscriptionRecord,
  topic: TopicRecord | undefined,
): Record<string, string> {
  const a = subscription.attributes;
  const out: Record<string, string> = {
    ConfirmationWasAuthenticated: String(subscription.confirmationWasAuthenticated),
    Endpoint: subscription.endpoint,
    Owner: subscription.owner,
    PendingConfirmation: String(subscription.pendingConfirmation),
    Protocol: subscription.protocol,
    RawMessageDelivery: a.RawMessageDelivery ?? 'false',
    SubscriptionArn: subscription.arn,
    SubscriptionPrincipal: `arn:aws:iam::${subscription.owner}:root`,
    TopicArn: subscription.topicArn,
    ...a,
  };
  if (a.FilterPolicy !== undefined) out.FilterPolicyScope = scopeOf(a);
  else delete out.FilterPolicyScope;
  if ((subscription.protocol === 'http' || subscription.protocol === 'https') && topic) {
    const { retry, contentType } = effectiveHttp(subscription, topic);
    out.EffectiveDeliveryPolicy = JSON.stringify({
      healthyRetryPolicy: retry,
      sicklyRetryPolicy: null,
      throttlePolicy: null,
      requestPolicy: { headerContentType: contentType },
      guaranteed: false,
    });
  }
  return out;
}
