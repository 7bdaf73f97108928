/**
 * SQS queue operations (API reference: CreateQueue, GetQueueUrl, GetQueueAttributes,
 * SetQueueAttributes, ListQueues, DeleteQueue, PurgeQueue, ListDeadLetterSourceQueues, TagQueue,
 * UntagQueue, ListQueueTags, StartMessageMoveTask, CancelMessageMoveTask, ListMessageMoveTasks).
 */
import type { JsonObject } from '../../../kernel/index.js';
import { arnOfUrl, parseQueueArn, queueErrors, queueUrl } from '../../../messaging/queues/index.js';
import type { Operation } from '../json-protocol.js';
import { decodeToken, encodeToken } from '../pagination.js';
import type { SqsDeps } from './deps.js';
import { optionalInteger, optionalString, queueOf, requiredString, stringList, stringMap } from './input.js';

function nextTokenOf(input: JsonObject, scope: string): string | undefined {
  try {
    return decodeToken(input.NextToken, scope);
  } catch {
    throw queueErrors.invalidParameterValue('Invalid NextToken value.');
  }
}

/** A queue named by ARN (move tasks take ARNs, not URLs). */
function checkedArn(name: string, arn: string): string {
  if (!parseQueueArn(arn)) throw queueErrors.invalidParameter(name, arn, 'Invalid ARN.');
  return arn;
}

export function queueOperations(deps: SqsDeps): Record<string, Operation> {
  const { queues } = deps;
  const url = (arn: string) => queueUrl(deps.endpoint(), arn);
  return {
    async CreateQueue(input, ctx) {
      const record = await queues.createQueue(
        ctx,
        requiredString(input, 'QueueName'),
        stringMap(input, 'Attributes'),
        stringMap(input, 'tags'),
      );
      return { QueueUrl: url(record.arn) };
    },

    async GetQueueUrl(input, ctx) {
      const name = requiredString(input, 'QueueName');
      const owner = optionalString(input, 'QueueOwnerAWSAccountId');
      if (owner !== undefined && owner !== ctx.account) throw queueErrors.queueDoesNotExist();
      const record = await queues.queue(arnOfUrl(`/${ctx.account}/${name}`, ctx));
      return { QueueUrl: url(record.arn) };
    },

    async GetQueueAttributes(input, ctx) {
      const names = stringList(input, 'AttributeNames');
      const attributes = await queues.attributes(queueOf(input, ctx), names);
      const out: JsonObject = Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
      return out;
    },

    async SetQueueAttributes(input, ctx) {
      const arn = queueOf(input, ctx);
      if (input.Attributes === undefined) throw queueErrors.missingParameter('Attributes');
      await queues.setAttributes(arn, stringMap(input, 'Attributes'));
      return {};
    },

    async ListQueues(input, ctx) {
      const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
      const max = optionalInteger(input, 'MaxResults', 1, 1000);
      const scope = `ListQueues:${ctx.region}:${prefix}`;
      const after = nextTokenOf(input, scope);
      const page = await queues.list(ctx, prefix, { limit: max ?? 1000, ...(after ? { after } : {}) });
      return {
        ...(page.items.length > 0 ? { QueueUrls: page.items.map((q) => url(q.arn)) } : {}),
        // Without MaxResults AWS returns up to 1,000 queues and no token.
        ...(max !== undefined && page.next ? { NextToken: encodeToken(scope, page.next) } : {}),
      };
    },

    async DeleteQueue(input, ctx) {
      await queues.deleteQueue(queueOf(input, ctx));
      return {};
    },

    async PurgeQueue(input, ctx) {
      await queues.purge(queueOf(input, ctx));
      return {};
    },

    async ListDeadLetterSourceQueues(input, ctx) {
      const arn = queueOf(input, ctx);
      const max = optionalInteger(input, 'MaxResults', 1, 1000);
      const scope = `ListDeadLetterSourceQueues:${arn}`;
      const after = nextTokenOf(input, scope);
      const page = await queues.deadLetterSources(arn, { limit: max ?? 1000, ...(after ? { after } : {}) });
      return {
        queueUrls: page.items.map((q) => url(q.arn)),
        ...(max !== undefined && page.next ? { NextToken: encodeToken(scope, page.next) } : {}),
      };
    },

    async TagQueue(input, ctx) {
      const arn = queueOf(input, ctx);
      const tags = stringMap(input, 'Tags');
      if (Object.keys(tags).length === 0) throw queueErrors.missingParameter('Tags');
      await queues.tag(arn, tags);
      return {};
    },

    async UntagQueue(input, ctx) {
      const arn = queueOf(input, ctx);
      const keys = stringList(input, 'TagKeys');
      if (keys.length === 0) throw queueErrors.missingParameter('TagKeys');
      await queues.untag(arn, keys);
      return {};
    },

    async ListQueueTags(input, ctx) {
      const record = await queues.fresh(queueOf(input, ctx));
      const out: JsonObject = Object.keys(record.tags).length > 0 ? { Tags: { ...record.tags } } : {};
      return out;
    },

    async StartMessageMoveTask(input) {
      const source = checkedArn('SourceArn', requiredString(input, 'SourceArn'));
      const destination = optionalString(input, 'DestinationArn');
      const rate = optionalInteger(input, 'MaxNumberOfMessagesPerSecond', 1, 500);
      const handle = await queues.moveTasks.start(
        source,
        destination === undefined ? undefined : checkedArn('DestinationArn', destination),
        rate,
      );
      return { TaskHandle: handle };
    },

    async CancelMessageMoveTask(input) {
      return { ApproximateNumberOfMessagesMoved: queues.moveTasks.cancel(requiredString(input, 'TaskHandle')) };
    },

    async ListMessageMoveTasks(input) {
      const source = checkedArn('SourceArn', requiredString(input, 'SourceArn'));
      const tasks = await queues.moveTasks.list(source, optionalInteger(input, 'MaxResults', 1, 10) ?? 1);
      return {
        Results: tasks.map((t) => ({
          ...(t.status === 'RUNNING' ? { TaskHandle: t.taskHandle } : {}),
          Status: t.status,
          SourceArn: t.sourceArn,
          ...(t.destinationArn !== undefined ? { DestinationArn: t.destinationArn } : {}),
          ...(t.maxNumberOfMessagesPerSecond !== undefined
            ? { MaxNumberOfMessagesPerSecond: t.maxNumberOfMessagesPerSecond }
            : {}),
          ApproximateNumberOfMessagesMoved: t.moved,
          ApproximateNumberOfMessagesToMove: t.toMove,
          ...(t.failureReason !== undefined ? { FailureReason: t.failureReason } : {}),
          StartedTimestamp: t.startedAt,
        })),
      };
    },
  };
}
