/**
 * Messages as SendMessage takes them and ReceiveMessage returns them (API reference:
 * SendMessage, MessageAttributeValue, ReceiveMessage; developer guide, "Amazon SQS message
 * quotas"): body characters, attribute names, types and values, the size limit, FIFO group and
 * deduplication ids, and the system attributes a receiver may ask for.
 */
import { createHash } from 'node:crypto';
import type { QueueMessageRecord, QueueRecord } from '../../store/port.js';
import { queueErrors } from './errors.js';
import { type MessageAttributes, type MessageAttributeValue, md5Hex, md5OfAttributes } from './md5.js';

/** A message to send, as decoded from either protocol (values not yet checked). */
export interface SendInput {
  readonly body: unknown;
  readonly delaySeconds?: unknown;
  readonly attributes?: unknown;
  readonly systemAttributes?: unknown;
  readonly groupId?: unknown;
  readonly deduplicationId?: unknown;
  /**
   * Internal senders only (never read from a request): a key that makes the send idempotent on
   * any queue type, so a workflow task re-run after a crash does not send its message twice.
   */
  readonly idempotencyKey?: string;
}

/** A checked message, ready to store. */
export interface CheckedMessage {
  readonly body: string;
  readonly delaySeconds?: number;
  readonly attributes?: MessageAttributes;
  readonly systemAttributes?: MessageAttributes;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  readonly md5OfBody: string;
  readonly md5OfAttributes?: string;
  readonly md5OfSystemAttributes?: string;
  /** Bytes counted against MaximumMessageSize: body plus every attribute's name, type and value. */
  readonly size: number;
}

/** What the store keeps besides the body: one JSON document. */
export interface StoredAttributes {
  readonly m?: MessageAttributes;
  readonly s?: MessageAttributes;
}

const VALID_TEXT = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[^\s]{1,250})?$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUP_OR_DEDUP_ID = /^[\x21-\x7e]{1,128}$/;
const MAX_ATTRIBUTES = 10;

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

function checkAttributeValue(name: string, raw: unknown, system: boolean): MessageAttributeValue {
  const kind = system ? 'system' : 'user';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw queueErrors.invalidParameterValue(`The message attribute '${name}' must contain a message attribute value.`);
  }
  const v = raw as Record<string, unknown>;
  if (typeof v.DataType !== 'string' || v.DataType === '') {
    throw queueErrors.invalidParameterValue(
      `The message attribute '${name}' must contain non-empty message attribute type.`,
    );
  }
  const dataType = v.DataType;
  if (!DATA_TYPE.test(dataType)) {
    throw queueErrors.invalidParameterValue(
      `The type of message (${kind}) attribute '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (v.StringListValues !== undefined || v.BinaryListValues !== undefined) {
    throw queueErrors.unsupported('Message attribute list values in SendMessage operation are not supported.');
  }
  const base = dataType.split('.')[0];
  if (base === 'Binary') {
    if (typeof v.BinaryValue !== 'string' || v.BinaryValue === '') {
      throw queueErrors.invalidParameterValue(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
      );
    }
    return { DataType: dataType, BinaryValue: v.BinaryValue };
  }
  if (typeof v.StringValue !== 'string' || v.StringValue === '') {
    throw queueErrors.invalidParameterValue(
      `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`,
    );
  }
  if (!VALID_TEXT.test(v.StringValue)) throw queueErrors.invalidMessageContents();
  if (base === 'Number' && !NUMBER.test(v.StringValue)) {
    throw queueErrors.invalidParameterValue(
      `Can't cast the value of message (${kind}) attribute '${name}' to a number.`,
    );
  }
  return { DataType: dataType, StringValue: v.StringValue };
}

/** Message attributes (user-defined, or the system ones: only AWSTraceHeader exists). */
function checkAttributes(raw: unknown, system: boolean): MessageAttributes | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw queueErrors.invalidParameterValue('Message attributes must be a map of names to values.');
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  if (entries.length > MAX_ATTRIBUTES) {
    throw queueErrors.invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of entries) {
    if (system) {
      if (name !== 'AWSTraceHeader') {
        throw queueErrors.invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
      }
    } else if (
      !ATTRIBUTE_NAME.test(name) ||
      /^(aws\.|amazon\.)/i.test(name) ||
      name.startsWith('.') ||
      name.endsWith('.') ||
      name.includes('..')
    ) {
      throw queueErrors.invalidParameterValue(
        `Message (user) attribute name '${name}' is invalid. Names can contain alphanumeric characters, hyphens, underscores and periods, must not start or end with a period, must not contain consecutive periods and must not start with AWS. or Amazon.`,
      );
    }
    out[name] = checkAttributeValue(name, value, system);
  }
  return out;
}

/** The attributes' share of a message's size: names, data types and values (strings, or binary bytes). */
function attributesSize(attributes: unknown): number {
  if (typeof attributes !== 'object' || attributes === null) return 0;
  let size = 0;
  for (const [name, v] of Object.entries(attributes as Record<string, Partial<MessageAttributeValue> | null>)) {
    size += utf8Length(name) + textLength(v?.DataType);
    size +=
      typeof v?.BinaryValue === 'string' ? Buffer.from(v.BinaryValue, 'base64').length : textLength(v?.StringValue);
  }
  return size;
}

const textLength = (s: unknown) => (typeof s === 'string' ? utf8Length(s) : 0);

/**
 * A message's size as SQS counts it (body and attributes), read from an input not yet checked:
 * what SendMessageBatch's total limit adds up.
 */
export function sendSize(input: SendInput): number {
  return textLength(input.body) + attributesSize(input.attributes);
}

function checkId(name: 'MessageGroupId' | 'MessageDeduplicationId', raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || !GROUP_OR_DEDUP_ID.test(raw)) {
    throw queueErrors.invalidParameter(
      name,
      raw,
      `${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
  return raw;
}

/** Checks one message against the queue it is sent to; throws the error AWS answers. */
export function checkMessage(queue: QueueRecord, input: SendInput): CheckedMessage {
  if (input.body === undefined || input.body === null || input.body === '') {
    throw queueErrors.missingParameter('MessageBody');
  }
  if (typeof input.body !== 'string') throw queueErrors.invalidParameterValue('MessageBody must be a string.');
  if (!VALID_TEXT.test(input.body)) throw queueErrors.invalidMessageContents();
  const body = input.body;
  const attributes = checkAttributes(input.attributes, false);
  const systemAttributes = checkAttributes(input.systemAttributes, true);
  const groupId = checkId('MessageGroupId', input.groupId);
  const deduplicationId = checkId('MessageDeduplicationId', input.deduplicationId);
  let delaySeconds: number | undefined;
  if (input.delaySeconds !== undefined && input.delaySeconds !== null) {
    const d = input.delaySeconds;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 900) {
      throw queueErrors.invalidParameter('DelaySeconds', d, 'DelaySeconds must be >= 0 and <= 900.');
    }
    if (queue.fifo && d !== 0) throw queueErrors.notValidForQueueType('DelaySeconds', d);
    delaySeconds = d;
  }
  if (queue.fifo) {
    if (groupId === undefined) throw queueErrors.missingParameter('MessageGroupId');
    if (deduplicationId === undefined && queue.attributes.ContentBasedDeduplication !== 'true') {
      throw queueErrors.deduplicationRequired();
    }
  } else if (deduplicationId !== undefined) {
    throw queueErrors.notValidForQueueType('MessageDeduplicationId', deduplicationId);
  }
  const size = utf8Length(body) + attributesSize(attributes);
  const limit = Number(queue.attributes.MaximumMessageSize);
  if (size > limit) throw queueErrors.messageTooLong(limit);
  const attributesMd5 = md5OfAttributes(attributes);
  const systemAttributesMd5 = md5OfAttributes(systemAttributes);
  return {
    body,
    ...(delaySeconds !== undefined ? { delaySeconds } : {}),
    ...(attributes ? { attributes } : {}),
    ...(systemAttributes ? { systemAttributes } : {}),
    ...(groupId !== undefined ? { groupId } : {}),
    ...(deduplicationId !== undefined ? { deduplicationId } : {}),
    md5OfBody: md5Hex(body),
    ...(attributesMd5 ? { md5OfAttributes: attributesMd5 } : {}),
    ...(systemAttributesMd5 ? { md5OfSystemAttributes: systemAttributesMd5 } : {}),
    size,
  };
}

/** The deduplication id of a FIFO message: given, or the SHA-256 of the body (ContentBasedDeduplication). */
export function deduplicationIdOf(message: CheckedMessage): string {
  return message.deduplicationId ?? createHash('sha256').update(message.body, 'utf8').digest('hex');
}

/** The system attributes of a received message, restricted to `names` (`All` for every one). */
export function systemAttributesOf(
  message: QueueMessageRecord,
  stored: StoredAttributes,
  names: ReadonlySet<string>,
  senderId: string,
): Record<string, string> | undefined {
  if (names.size === 0) return undefined;
  const all: Record<string, string | undefined> = {
    SenderId: senderId,
    SentTimestamp: String(message.sentAt),
    ApproximateReceiveCount: String(message.receiveCount),
    ApproximateFirstReceiveTimestamp:
      message.firstReceivedAt !== undefined ? String(message.firstReceivedAt) : undefined,
    SequenceNumber: message.deduplicationId !== undefined ? String(message.seq) : undefined,
    MessageDeduplicationId: message.deduplicationId,
    MessageGroupId: message.groupId,
    AWSTraceHeader: stored.s?.AWSTraceHeader?.StringValue,
    DeadLetterQueueSourceArn: message.deadLetterSourceArn,
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    if (value !== undefined && (names.has('All') || names.has(name))) out[name] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The message attributes a receiver asked for: `All`, `.*`, exact names, or prefixes like `order.*`. */
export function selectAttributes(
  attributes: MessageAttributes | undefined,
  names: readonly string[],
): MessageAttributes | undefined {
  if (!attributes || names.length === 0) return undefined;
  const all = names.includes('All') || names.includes('.*');
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (all || names.some((n) => n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))))) {
      out[name] = value;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
