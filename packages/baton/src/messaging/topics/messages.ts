/**
 * Messages as Publish takes them (API reference, Publish and MessageAttributeValue; developer
 * guide, "Amazon SNS message attributes", "Message deduplication for FIFO topics"): subject,
 * MessageStructure=json (a message per protocol with a `default`), attribute names, types and
 * values, the 256 KiB size limit (attributes included), FIFO group and deduplication ids. Errors
 * and their order follow AWS as recorded in LocalStack's AWS-validated snapshots.
 */
import { createHash } from 'node:crypto';
import type { TopicRecord } from '../../store/port.js';
import { topicErrors } from './errors.js';

/** A message to publish, as decoded from the request (values not yet checked). */
export interface PublishInput {
  readonly message?: unknown;
  readonly subject?: unknown;
  readonly messageStructure?: unknown;
  readonly messageAttributes?: unknown;
  readonly groupId?: unknown;
  readonly deduplicationId?: unknown;
  /**
   * Internal publishers only (never read from a request): a key that makes the publish
   * idempotent, so a workflow task re-run after a crash does not publish its message twice.
   */
  readonly idempotencyKey?: string;
}

export interface SnsAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64, as the Query protocol carries it. */
  readonly BinaryValue?: string;
}

export interface CheckedMessage {
  /** The Message as given. */
  readonly text: string;
  /** MessageStructure=json: the message for each protocol (`default` for the others). */
  readonly perProtocol?: Readonly<Record<string, string>>;
  readonly subject?: string;
  readonly attributes?: Readonly<Record<string, SnsAttribute>>;
  readonly groupId?: string;
  readonly deduplicationId?: string;
  /** Bytes counted against the limit: the message plus every attribute's name, type and value. */
  readonly size: number;
}

export const MAX_MESSAGE_BYTES = 262_144;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]+$/;
const DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const GROUP_OR_DEDUP_ID = /^[\x21-\x7e]{1,128}$/;
/** Subjects: 1–100 characters, no line breaks or other control characters. */
const isSubject = (s: string) => s.length >= 1 && s.length <= 100 && !/\p{Cc}/u.test(s);

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function checkAttributeName(name: string): void {
  if (bytes(name) > 256)
    throw topicErrors.valueInvalid('Length of message attribute name must be less than 256 bytes.');
  if (ATTRIBUTE_NAME.test(name) && !name.startsWith('.') && !name.endsWith('.') && !name.includes('..')) return;
  if (name.startsWith('.'))
    throw topicErrors.valueInvalid("Invalid message attribute name starting with character '.' was found.");
  if (name.endsWith('.'))
    throw topicErrors.valueInvalid("Invalid message attribute name ending with character '.' was found.");
  const bad = [...name].find((c) => !/[A-Za-z0-9_.-]/.test(c));
  if (bad !== undefined) {
    const hex = `#x${bad.codePointAt(0)!.toString(16).toUpperCase()}`;
    throw topicErrors.valueInvalid(
      `Invalid non-alphanumeric character '${hex}' was found in the message attribute name. Can only include alphanumeric characters, hyphens, underscores, or dots.`,
    );
  }
  throw topicErrors.valueInvalid("Message attribute name can not have successive '.' character.");
}

/** Message attributes; `member` is where a missing DataType is reported (`messageAttributes.x…`). */
function checkAttributes(raw: unknown, entry: number | undefined): Record<string, SnsAttribute> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw topicErrors.valueInvalid('MessageAttributes must be a map.');
  const out: Record<string, SnsAttribute> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    checkAttributeName(name);
    const v = (value ?? {}) as Record<string, unknown>;
    if (typeof v.DataType !== 'string') {
      const at = entry === undefined ? '' : `publishBatchRequestEntries.${entry}.member.`;
      throw topicErrors.missing(`${at}messageAttributes.${name}.member.dataType`);
    }
    const type = v.DataType;
    if (!DATA_TYPE.test(type)) {
      throw topicErrors.valueInvalid(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const field = type.startsWith('Binary') ? 'Binary' : 'String';
    const empty = () =>
      topicErrors.valueInvalid(
        `The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`,
      );
    if (v.StringValue === undefined && v.BinaryValue === undefined) throw empty();
    const given = v[`${field}Value`];
    if (given === undefined) {
      throw topicErrors.valueInvalid(`The message attribute '${name}' with type '${type}' must use field '${field}'.`);
    }
    if (typeof given !== 'string' || given === '') throw empty();
    out[name] = field === 'Binary' ? { DataType: type, BinaryValue: given } : { DataType: type, StringValue: given };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function attributesSize(attributes: Readonly<Record<string, SnsAttribute>> | undefined): number {
  let size = 0;
  for (const [name, a] of Object.entries(attributes ?? {})) {
    size += bytes(name) + bytes(a.DataType);
    size += a.BinaryValue !== undefined ? Buffer.from(a.BinaryValue, 'base64').length : bytes(a.StringValue ?? '');
  }
  return size;
}

function checkId(name: 'MessageGroupId' | 'MessageDeduplicationId', raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || !GROUP_OR_DEDUP_ID.test(raw)) throw topicErrors.badId(name);
  return raw;
}

function perProtocol(text: string): Record<string, string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw topicErrors.structureParse();
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw topicErrors.structureParse();
  // Keys whose values are not strings are ignored, as on AWS.
  const out = Object.fromEntries(Object.entries(doc).filter(([, v]) => typeof v === 'string')) as Record<
    string,
    string
  >;
  if (out.default === undefined) throw topicErrors.noDefault();
  return out;
}

/** Checks one message for a topic; `entry` (1-based) when it is a PublishBatch entry. */
export function checkPublish(topic: TopicRecord, input: PublishInput, entry?: number): CheckedMessage {
  if (input.subject === '') throw topicErrors.subject();
  if (input.subject !== undefined && (typeof input.subject !== 'string' || !isSubject(input.subject))) {
    throw topicErrors.subject();
  }
  if (typeof input.message !== 'string' || input.message.length === 0) throw topicErrors.emptyMessage();
  const text = input.message;
  const attributes = checkAttributes(input.messageAttributes, entry);
  const size = bytes(text) + attributesSize(attributes);
  if (size > MAX_MESSAGE_BYTES) throw topicErrors.tooLong();
  const groupId = checkId('MessageGroupId', input.groupId);
  const deduplicationId = checkId('MessageDeduplicationId', input.deduplicationId);
  if (topic.fifo) {
    if (groupId === undefined) throw topicErrors.groupIdRequired();
    if (deduplicationId === undefined && topic.attributes.ContentBasedDeduplication !== 'true') {
      throw topicErrors.deduplicationRequired();
    }
  } else if (deduplicationId !== undefined) {
    throw topicErrors.deduplicationOnStandard();
  }
  let structured: Record<string, string> | undefined;
  if (input.messageStructure !== undefined && input.messageStructure !== null) {
    if (input.messageStructure !== 'json') throw topicErrors.invalid('MessageStructure');
    structured = perProtocol(text);
  }
  return {
    text,
    ...(structured ? { perProtocol: structured } : {}),
    ...(typeof input.subject === 'string' ? { subject: input.subject } : {}),
    ...(attributes ? { attributes } : {}),
    ...(groupId !== undefined ? { groupId } : {}),
    ...(deduplicationId !== undefined ? { deduplicationId } : {}),
    size,
  };
}

/** The message a protocol receives: its own entry of a MessageStructure=json message, else `default`. */
export function contentFor(
  message: { text: string; perProtocol?: Readonly<Record<string, string>> },
  protocol: string,
) {
  if (!message.perProtocol) return message.text;
  return message.perProtocol[protocol] ?? message.perProtocol.default!;
}

/** A FIFO message's deduplication id: given, or (ContentBasedDeduplication) the SHA-256 of its body. */
export function deduplicationIdOf(message: CheckedMessage): string {
  return message.deduplicationId ?? createHash('sha256').update(message.text, 'utf8').digest('hex');
}
