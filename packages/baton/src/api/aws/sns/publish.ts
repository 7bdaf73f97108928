/**
 * Publish and PublishBatch (API reference). Publish names its topic with TopicArn or TargetArn
 * (SMS and mobile push are not Baton's); a batch holds 1 to 10 entries with distinct, well-formed
 * ids, and AWS checks the whole batch before publishing any of it, so every failure is the
 * request's and `Failed` is always empty.
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import { type PublishInput, type PublishResult, topicErrors, topicOf } from '../../../messaging/topics/index.js';
import type { Operation } from '../json-protocol.js';
import type { SnsDeps } from './deps.js';
import { topicRef } from './input.js';

const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

function publishInput(input: JsonObject): PublishInput {
  return {
    message: input.Message,
    subject: input.Subject,
    messageStructure: input.MessageStructure,
    messageAttributes: input.MessageAttributes,
    groupId: input.MessageGroupId,
    deduplicationId: input.MessageDeduplicationId,
  };
}

function resultOf(r: PublishResult): JsonObject {
  return { MessageId: r.messageId, ...(r.sequenceNumber !== undefined ? { SequenceNumber: r.sequenceNumber } : {}) };
}

export function publishOperations({ topics }: SnsDeps): Record<string, Operation> {
  return {
    async Publish(input, ctx) {
      if (input.PhoneNumber !== undefined) throw topicErrors.phoneNumber();
      const target = input.TopicArn ?? input.TargetArn;
      if (typeof target !== 'string') throw topicErrors.noTarget();
      const ref = topicOf(target, ctx, input.TopicArn !== undefined ? 'TopicArn' : 'TargetArn');
      const [result] = await topics.publish(ref, [publishInput(input)]);
      return resultOf(result!);
    },

    async PublishBatch(input, ctx) {
      const ref = topicRef(input, ctx);
      const raw = input.PublishBatchRequestEntries;
      if (raw === undefined || raw === null) throw topicErrors.missing('publishBatchRequestEntries');
      if (!Array.isArray(raw) || !raw.every(isJsonObject)) throw topicErrors.invalid('PublishBatchRequestEntries');
      const entries = raw as JsonObject[];
      if (entries.length === 0) throw topicErrors.emptyBatch();
      if (entries.length > 10) throw topicErrors.tooManyEntries();
      const ids = entries.map((e) => (typeof e.Id === 'string' ? e.Id : ''));
      if (new Set(ids).size !== ids.length) throw topicErrors.idsNotDistinct();
      for (const id of ids) if (!ENTRY_ID.test(id)) throw topicErrors.badEntryId(id);
      const results = await topics.publish(ref, entries.map(publishInput), true);
      return { Successful: results.map((r, i) => ({ Id: ids[i]!, ...resultOf(r) })), Failed: [] };
    },
  };
}
