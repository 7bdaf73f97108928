/**
 * What subscribers receive (developer guide, "Amazon SNS message formats" and "Using AWS Lambda
 * with Amazon SNS"), as AWS delivers it, recorded in LocalStack's AWS-validated snapshots:
 *
 * - SQS, HTTP/S, states, events: the JSON envelope `Type, MessageId, [SequenceNumber], TopicArn,
 *   [Subject], Message, Timestamp, SignatureVersion, Signature, SigningCertURL, UnsubscribeURL,
 *   [MessageAttributes {name: {Type, Value}}]`. FIFO topics add SequenceNumber and do not sign.
 *   With RawMessageDelivery the bare message is delivered instead.
 * - Lambda: `{Records: [{EventSource: 'aws:sns', EventVersion, EventSubscriptionArn, Sns}]}`, where
 *   Sns spells SigningCertUrl and UnsubscribeUrl, always has Subject (null when absent) and
 *   MessageAttributes, and says SignatureVersion "1" (as AWS does, whatever the topic's version).
 * - HTTP/S SubscriptionConfirmation: `Type, MessageId, Token, TopicArn, Message, SubscribeURL,
 *   Timestamp, SignatureVersion, Signature, SigningCertURL`.
 */
import type { SnsAttribute } from './messages.js';
import { contentFor } from './messages.js';
import { canonicalString, type MessageSigner } from './signing.js';

/** A message as the outbox keeps it (row `message`, JSON). */
export interface StoredMessage {
  readonly type: 'Notification' | 'SubscriptionConfirmation';
  readonly id: string;
  readonly topicArn: string;
  readonly text: string;
  readonly perProtocol?: Readonly<Record<string, string>>;
  readonly subject?: string;
  readonly attributes?: Readonly<Record<string, SnsAttribute>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  /** Epoch milliseconds of the publish. */
  readonly timestamp: number;
  readonly signatureVersion: string;
  readonly fifo: boolean;
  /** SubscriptionConfirmation: the token ConfirmSubscription takes. */
  readonly token?: string;
}

export interface EnvelopeContext {
  /** Baton's own endpoint, for SubscribeURL, UnsubscribeURL and SigningCertURL. */
  readonly endpoint: string;
  readonly signer: MessageSigner;
}

const SUBSCRIBE_TEXT = (topicArn: string) =>
  `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`;

export function confirmationMessage(id: string, topicArn: string, token: string, timestamp: number): StoredMessage {
  return {
    type: 'SubscriptionConfirmation',
    id,
    topicArn,
    text: SUBSCRIBE_TEXT(topicArn),
    timestamp,
    signatureVersion: '1',
    fifo: false,
    token,
  };
}

export const subscribeUrl = (endpoint: string, topicArn: string, token: string) =>
  `${endpoint}/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`;

const unsubscribeUrl = (endpoint: string, subscriptionArn: string) =>
  `${endpoint}/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`;

const certificateUrl = (ctx: EnvelopeContext) => `${ctx.endpoint}/baton/sns/${ctx.signer.certificateName}`;

/** Attributes as envelopes carry them: `{name: {Type, Value}}` (binary values in base64). */
function envelopeAttributes(attributes: Readonly<Record<string, SnsAttribute>> | undefined) {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, a] of Object.entries(attributes ?? {})) {
    out[name] = { Type: a.DataType, Value: a.BinaryValue ?? a.StringValue ?? '' };
  }
  return out;
}

function signature(fields: Record<string, string | undefined>, version: string, ctx: EnvelopeContext) {
  return {
    SignatureVersion: version,
    Signature: ctx.signer.sign(canonicalString(fields), version),
    SigningCertURL: certificateUrl(ctx),
  };
}

/** The JSON envelope of SQS, HTTP/S and Baton's own protocols. */
export function envelope(
  m: StoredMessage,
  protocol: string,
  subscriptionArn: string,
  sequence: number | undefined,
  ctx: EnvelopeContext,
): Record<string, unknown> {
  const timestamp = new Date(m.timestamp).toISOString();
  if (m.type === 'SubscriptionConfirmation') {
    const fields = {
      Type: m.type,
      MessageId: m.id,
      Token: m.token!,
      TopicArn: m.topicArn,
      Message: m.text,
      SubscribeURL: subscribeUrl(ctx.endpoint, m.topicArn, m.token!),
      Timestamp: timestamp,
    };
    return { ...fields, ...signature(fields, '1', ctx) };
  }
  const message = contentFor(m, protocol);
  const signed = {
    Type: m.type,
    MessageId: m.id,
    TopicArn: m.topicArn,
    ...(m.subject !== undefined ? { Subject: m.subject } : {}),
    Message: message,
    Timestamp: timestamp,
  };
  const { Type, MessageId, ...rest } = signed;
  const out: Record<string, unknown> = m.fifo
    ? { Type, MessageId, ...(sequence !== undefined ? { SequenceNumber: formatSequence(sequence) } : {}), ...rest }
    : { ...signed, ...signature(signed, m.signatureVersion, ctx) };
  out.UnsubscribeURL = unsubscribeUrl(ctx.endpoint, subscriptionArn);
  if (m.attributes) out.MessageAttributes = envelopeAttributes(m.attributes);
  return out;
}

/** The event a Lambda function receives. */
export function lambdaEvent(m: StoredMessage, subscriptionArn: string, ctx: EnvelopeContext) {
  const message = contentFor(m, 'lambda');
  const timestamp = new Date(m.timestamp).toISOString();
  const fields = {
    Type: m.type,
    MessageId: m.id,
    TopicArn: m.topicArn,
    Subject: m.subject,
    Message: message,
    Timestamp: timestamp,
  };
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: subscriptionArn,
        Sns: {
          Type: m.type,
          MessageId: m.id,
          TopicArn: m.topicArn,
          Subject: m.subject ?? null,
          Message: message,
          Timestamp: timestamp,
          SignatureVersion: '1',
          Signature: ctx.signer.sign(canonicalString(fields), '1'),
          SigningCertUrl: certificateUrl(ctx),
          UnsubscribeUrl: unsubscribeUrl(ctx.endpoint, subscriptionArn),
          MessageAttributes: envelopeAttributes(m.attributes),
        },
      },
    ],
  };
}

/** FIFO sequence numbers are 20-digit strings on AWS. */
export function formatSequence(sequence: number): string {
  return String(sequence).padStart(20, '0');
}
