/**
 * Source records in the shapes AWS gives them to a pipe (user guide, "Amazon Simple Queue Service
 * as a source" and "Amazon Kinesis stream as a source"), each beside its decoded form: the
 * message field (SQS `body`, Kinesis `data`) parsed when it is JSON, which filters and input
 * templates read (user guide, "Amazon EventBridge Pipes filtering": message and data fields).
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import type { MessageAttributes, ReceivedMessage } from '../queues/index.js';
import type { StreamRecordOut } from '../streams/index.js';

export interface SourceRecord {
  /** What a `batchItemFailures` entry names it by: an SQS messageId, a Kinesis eventID. */
  readonly id: string;
  /** The record as the pipe passes it on. */
  readonly received: JsonObject;
  /** The record with its message field decoded when that field is JSON. */
  readonly decoded: JsonObject;
  /** When the source received it (Kinesis: its arrival time), epoch milliseconds. */
  readonly at: number;
}

/**
 * Fields the poller adds: patterns cannot match on them (user guide, "Amazon EventBridge Pipes
 * filtering"), so filters do not see them.
 */
const POLLER_FIELDS = new Set([
  'awsRegion',
  'eventSource',
  'eventSourceARN',
  'eventVersion',
  'eventID',
  'eventName',
  'invokeIdentityArn',
  'eventSourceKey',
]);

/** The part of a decoded record event patterns are matched against. */
export function filterable(record: SourceRecord): JsonObject {
  return Object.fromEntries(Object.entries(record.decoded).filter(([k]) => !POLLER_FIELDS.has(k)));
}

function parsedOrUndefined(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

export function sqsRecord(message: ReceivedMessage, queueArn: string, region: string, now: number): SourceRecord {
  const received: JsonObject = {
    messageId: message.id,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: message.attributes ?? {},
    messageAttributes: lambdaAttributes(message.messageAttributes),
    md5OfBody: message.md5OfBody,
    ...(message.md5OfMessageAttributes ? { md5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
  const body = parsedOrUndefined(message.body);
  const sent = Number(message.attributes?.SentTimestamp);
  return {
    id: message.id,
    received,
    decoded: body === undefined ? received : { ...received, body },
    at: Number.isFinite(sent) ? sent : now,
  };
}

/** Message attributes as Lambda and Pipes events spell them (lower-camel members, lists always present). */
function lambdaAttributes(attributes: MessageAttributes | undefined): JsonObject {
  const out: JsonObject = {};
  for (const [name, a] of Object.entries(attributes ?? {})) {
    out[name] = {
      ...(a.StringValue !== undefined ? { stringValue: a.StringValue } : {}),
      ...(a.BinaryValue !== undefined ? { binaryValue: a.BinaryValue } : {}),
      stringListValues: [...(a.StringListValues ?? [])],
      binaryListValues: [...(a.BinaryListValues ?? [])],
      dataType: a.DataType,
    };
  }
  return out;
}

export interface KinesisOrigin {
  readonly streamArn: string;
  readonly shardId: string;
  readonly region: string;
  readonly roleArn: string;
}

export function kinesisRecord(record: StreamRecordOut, origin: KinesisOrigin): SourceRecord {
  const eventID = `${origin.shardId}:${record.sequenceNumber}`;
  const received: JsonObject = {
    kinesisSchemaVersion: '1.0',
    partitionKey: record.key,
    sequenceNumber: record.sequenceNumber,
    data: Buffer.from(record.data).toString('base64'),
    approximateArrivalTimestamp: record.at / 1000,
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: origin.roleArn,
    awsRegion: origin.region,
    eventSourceARN: origin.streamArn,
  };
  const data = parsedOrUndefined(Buffer.from(record.data).toString('utf8'));
  return { id: eventID, received, decoded: data === undefined ? received : { ...received, data }, at: record.at };
}
