/**
 * Topic attributes (API reference, CreateTopic and SetTopicAttributes): which may be given, how
 * their values are checked, and what GetTopicAttributes answers — the stored ones plus the
 * computed Owner, Policy (the default policy until one is set), TopicArn, subscription counts and
 * EffectiveDeliveryPolicy (the default HTTP policy merged with the topic's DeliveryPolicy).
 * Attributes Baton stores without acting on them: Policy, KmsMasterKeyId, TracingConfig,
 * ArchivePolicy, FifoThroughputScope and the delivery-status logging ones.
 */
import type { SubscriptionCounts, TopicRecord } from '../../store/port.js';
import { topicErrors } from './errors.js';
import { HTTP_RETRY_POLICY, mergeRetryPolicy, type RetryPolicy } from './retry.js';

const FEEDBACK = ['Application', 'HTTP', 'Lambda', 'SQS', 'Firehose'].flatMap((p) => [
  `${p}SuccessFeedbackRoleArn`,
  `${p}SuccessFeedbackSampleRate`,
  `${p}FailureFeedbackRoleArn`,
]);

/** Attributes SetTopicAttributes accepts (FifoTopic only at creation). */
const SETTABLE: ReadonlySet<string> = new Set([
  'DeliveryPolicy',
  'DisplayName',
  'Policy',
  'SignatureVersion',
  'TracingConfig',
  'KmsMasterKeyId',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
  ...FEEDBACK,
]);

const FIFO_ONLY: ReadonlySet<string> = new Set(['ContentBasedDeduplication', 'ArchivePolicy', 'FifoThroughputScope']);

const CHOICES: Readonly<Record<string, readonly string[]>> = {
  SignatureVersion: ['1', '2'],
  TracingConfig: ['PassThrough', 'Active'],
  ContentBasedDeduplication: ['true', 'false'],
  FifoThroughputScope: ['Topic', 'MessageGroup'],
};

const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

/** Checks one attribute for a topic of this kind; returns the value to store ('' removes it). */
function checkAttribute(name: string, value: string, fifo: boolean, prefix: string): string {
  if (!SETTABLE.has(name)) throw topicErrors.attributeName(prefix !== '');
  const reason = (why: string) => topicErrors.attributeValue(prefix, name, why);
  if (FIFO_ONLY.has(name) && !fifo) throw reason(`the attribute applies to FIFO topics only`);
  const choices = CHOICES[name];
  if (choices && !choices.includes(value)) throw reason(`Invalid value [${value}]. Must be ${choices.join(' or ')}.`);
  if (name === 'DeliveryPolicy' && value !== '') {
    const checked = httpPolicy(value);
    if (typeof checked === 'string') throw reason(checked);
  }
  if ((name === 'Policy' || name === 'ArchivePolicy') && value !== '') {
    try {
      JSON.parse(value);
    } catch {
      throw reason('failed to parse JSON.');
    }
  }
  return value;
}

/** The attributes of a new topic: FifoTopic decides the kind; the rest are checked as settable. */
export function createAttributes(given: Readonly<Record<string, string>>): {
  fifo: boolean;
  attributes: Record<string, string>;
} {
  const fifo = given.FifoTopic?.toLowerCase() === 'true';
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    if (key === 'FifoTopic') continue;
    const checked = checkAttribute(key, value, fifo, 'Attributes Reason: ');
    if (checked !== '') attributes[key] = checked;
  }
  if (fifo && attributes.ContentBasedDeduplication === undefined) attributes.ContentBasedDeduplication = 'false';
  return { fifo, attributes };
}

/** SetTopicAttributes: the record with one attribute changed (an empty value removes it). */
export function setAttribute(topic: TopicRecord, name: string, value: string): TopicRecord {
  if (name === 'FifoTopic') throw topicErrors.attributeName();
  const checked = checkAttribute(name, value, topic.fifo, '');
  const attributes: Record<string, string> = { ...topic.attributes };
  if (checked === '' && name !== 'DisplayName') delete attributes[name];
  else attributes[name] = checked;
  return { ...topic, attributes };
}

export function defaultPolicy(arn: string, account: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  });
}

/** A topic's HTTP delivery settings, from its DeliveryPolicy's `http` member. */
export interface HttpDeliverySettings {
  readonly retry: RetryPolicy;
  readonly contentType: string;
  readonly disableSubscriptionOverrides: boolean;
}

function httpPolicy(text: string): HttpDeliverySettings | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'failed to parse JSON.';
  }
  const http = (doc as { http?: Record<string, unknown> } | null)?.http ?? {};
  const retry = mergeRetryPolicy(HTTP_RETRY_POLICY, http.defaultHealthyRetryPolicy);
  if (typeof retry === 'string') return retry;
  const request = http.defaultRequestPolicy as { headerContentType?: unknown } | undefined;
  return {
    retry,
    contentType: typeof request?.headerContentType === 'string' ? request.headerContentType : DEFAULT_CONTENT_TYPE,
    disableSubscriptionOverrides: http.disableSubscriptionOverrides === true,
  };
}

export function httpSettings(topic: TopicRecord): HttpDeliverySettings {
  const policy = topic.attributes.DeliveryPolicy ? httpPolicy(topic.attributes.DeliveryPolicy) : undefined;
  return policy && typeof policy !== 'string'
    ? policy
    : { retry: HTTP_RETRY_POLICY, contentType: DEFAULT_CONTENT_TYPE, disableSubscriptionOverrides: false };
}

/** GetTopicAttributes: stored attributes with the computed ones. */
export function readAttributes(
  topic: TopicRecord,
  account: string,
  counts: SubscriptionCounts,
): Record<string, string> {
  const http = httpSettings(topic);
  const { retry } = http;
  const effective = {
    http: {
      defaultHealthyRetryPolicy: {
        minDelayTarget: retry.minDelayTarget,
        maxDelayTarget: retry.maxDelayTarget,
        numRetries: retry.numRetries,
        numMaxDelayRetries: retry.numMaxDelayRetries,
        numNoDelayRetries: retry.numNoDelayRetries,
        numMinDelayRetries: retry.numMinDelayRetries,
        backoffFunction: retry.backoffFunction,
      },
      disableSubscriptionOverrides: http.disableSubscriptionOverrides,
      defaultRequestPolicy: { headerContentType: http.contentType },
    },
  };
  return {
    DisplayName: '',
    Owner: account,
    Policy: defaultPolicy(topic.arn, account),
    ...topic.attributes,
    ...(topic.fifo ? { FifoTopic: 'true' } : {}),
    TopicArn: topic.arn,
    SubscriptionsConfirmed: String(counts.confirmed),
    SubscriptionsPending: String(counts.pending),
    SubscriptionsDeleted: String(counts.deleted),
    EffectiveDeliveryPolicy: JSON.stringify(effective),
  };
}
