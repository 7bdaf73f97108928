/**
 * SQS message operations (API reference: SendMessage, SendMessageBatch, ReceiveMessage,
 * DeleteMessage, DeleteMessageBatch, ChangeMessageVisibility, ChangeMessageVisibilityBatch).
 * A single call and a batch of one run the same code: the single call rethrows its entry's error.
 */
import type { Json, JsonObject } from '../../../kernel/index.js';
import {
  type EntryOutcome,
  QueueError,
  queueErrors,
  type ReceivedMessage,
  type SendInput,
  type SendResult,
  sendSize,
} from '../../../messaging/queues/index.js';
import type { Operation } from '../json-protocol.js';
import type { SqsDeps } from './deps.js';
import {
  batchEntries,
  failedEntry,
  optionalInteger,
  optionalString,
  queueOf,
  requiredInteger,
  requiredString,
  stringList,
} from './input.js';

/** The most a batch may carry in all (bodies and attributes), as a single message may. */
const MAX_BATCH_BYTES = 1_048_576;

function sendInputOf(input: JsonObject): SendInput {
  return {
    body: input.MessageBody,
    delaySeconds: input.DelaySeconds,
    attributes: input.MessageAttributes,
    systemAttributes: input.MessageSystemAttributes,
    groupId: input.MessageGroupId,
    deduplicationId: input.MessageDeduplicationId,
  };
}

function sendOutput(r: SendResult): JsonObject {
  return {
    MessageId: r.id,
    MD5OfMessageBody: r.md5OfBody,
    ...(r.md5OfAttributes ? { MD5OfMessageAttributes: r.md5OfAttributes } : {}),
    ...(r.md5OfSystemAttributes ? { MD5OfMessageSystemAttributes: r.md5OfSystemAttributes } : {}),
    ...(r.sequenceNumber ? { SequenceNumber: r.sequenceNumber } : {}),
  };
}

function messageOutput(m: ReceivedMessage): JsonObject {
  return {
    MessageId: m.id,
    ReceiptHandle: m.receiptHandle,
    MD5OfBody: m.md5OfBody,
    Body: m.body,
    ...(m.attributes ? { Attributes: m.attributes } : {}),
    ...(m.messageAttributes
      ? {
          MD5OfMessageAttributes: m.md5OfMessageAttributes!,
          MessageAttributes: m.messageAttributes as unknown as JsonObject,
        }
      : {}),
  };
}

/** The single call's answer: its one outcome, or its error. */
function only<T>(outcomes: EntryOutcome<T>[]): T {
  const outcome = outcomes[0] as EntryOutcome<T>;
  if (outcome instanceof QueueError) throw outcome;
  return outcome;
}

/** A batch's answer: Successful and Failed entries, by the entries' ids. */
function batchOutput<T>(entries: JsonObject[], outcomes: EntryOutcome<T>[], ok: (r: T) => JsonObject): JsonObject {
  const successful: Json[] = [];
  const failed: Json[] = [];
  outcomes.forEach((o, i) => {
    const id = entries[i]!.Id!;
    if (o instanceof QueueError) failed.push(failedEntry(id, o));
    else successful.push({ Id: id, ...ok(o) });
  });
  return { Successful: successful, Failed: failed };
}

export function messageOperations(deps: SqsDeps): Record<string, Operation> {
  const { queues } = deps;
  return {
    async SendMessage(input, ctx) {
      const arn = queueOf(input, ctx);
      return sendOutput(only(await queues.send(arn, [sendInputOf(input)])));
    },

    async SendMessageBatch(input, ctx) {
      const arn = queueOf(input, ctx);
      const entries = batchEntries(input, 'SendMessageBatchRequestEntry');
      const inputs = entries.map(sendInputOf);
      const size = inputs.reduce((n, i) => n + sendSize(i), 0);
      if (size > MAX_BATCH_BYTES) throw queueErrors.batchTooLong(MAX_BATCH_BYTES, size);
      const outcomes = await queues.send(arn, inputs);
      return batchOutput(entries, outcomes, sendOutput);
    },

    async ReceiveMessage(input, ctx) {
      const arn = queueOf(input, ctx);
      const messages = await queues.receive(arn, {
        max: optionalInteger(input, 'MaxNumberOfMessages', 1, 10) ?? 1,
        ...optionalWait(input),
        ...optionalVisibility(input),
        systemAttributeNames: [
          ...stringList(input, 'AttributeNames'),
          ...stringList(input, 'MessageSystemAttributeNames'),
        ],
        messageAttributeNames: stringList(input, 'MessageAttributeNames'),
        ...(optionalString(input, 'ReceiveRequestAttemptId') !== undefined
          ? { attemptId: optionalString(input, 'ReceiveRequestAttemptId')! }
          : {}),
        senderId: ctx.account,
        signal: ctx.signal,
      });
      const out: JsonObject = messages.length > 0 ? { Messages: messages.map(messageOutput) } : {};
      return out;
    },

    async DeleteMessage(input, ctx) {
      const arn = queueOf(input, ctx);
      only(await queues.deleteMessages(arn, [requiredString(input, 'ReceiptHandle')]));
      return {};
    },

    async DeleteMessageBatch(input, ctx) {
      const arn = queueOf(input, ctx);
      const entries = batchEntries(input, 'DeleteMessageBatchRequestEntry');
      const handles = entries.map((e) => requiredString(e, 'ReceiptHandle'));
      return batchOutput(entries, await queues.deleteMessages(arn, handles), () => ({}));
    },

    async ChangeMessageVisibility(input, ctx) {
      const arn = queueOf(input, ctx);
      const change = { handle: requiredString(input, 'ReceiptHandle'), timeout: visibilityOf(input) };
      only(await queues.changeVisibility(arn, [change]));
      return {};
    },

    async ChangeMessageVisibilityBatch(input, ctx) {
      const arn = queueOf(input, ctx);
      const entries = batchEntries(input, 'ChangeMessageVisibilityBatchRequestEntry');
      // An entry with a malformed timeout fails alone, as the others' do.
      const changes: { handle: string; timeout: number }[] = [];
      const invalid = new Map<number, QueueError>();
      entries.forEach((e, i) => {
        try {
          changes.push({ handle: requiredString(e, 'ReceiptHandle'), timeout: visibilityOf(e) });
        } catch (error) {
          if (!(error instanceof QueueError)) throw error;
          invalid.set(i, error);
        }
      });
      const outcomes = await queues.changeVisibility(arn, changes);
      let next = 0;
      const all = entries.map((_, i) => invalid.get(i) ?? outcomes[next++]!);
      return batchOutput(entries, all, () => ({}));
    },
  };
}

function visibilityOf(input: JsonObject): number {
  return requiredInteger(input, 'VisibilityTimeout', 0, 43_200);
}

function optionalWait(input: JsonObject): { waitSeconds?: number } {
  const v = input.WaitTimeSeconds;
  if (v === undefined || v === null) return {};
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 20) {
    throw queueErrors.invalidParameter('WaitTimeSeconds', v, 'Must be >= 0 and <= 20, if provided.');
  }
  return { waitSeconds: v };
}

function optionalVisibility(input: JsonObject): { visibilityTimeout?: number } {
  const v = optionalInteger(input, 'VisibilityTimeout', 0, 43_200);
  return v === undefined ? {} : { visibilityTimeout: v };
}
