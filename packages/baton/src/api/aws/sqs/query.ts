/**
 * SQS on the Query protocol (API version 2012-11-05): how forms map onto the JSON shapes the
 * operations read, and how their JSON answers are written as SQS's XML. Lists and maps are
 * flattened on this protocol (`Attribute.1.Name`, `<Attribute><Name/><Value/></Attribute>`,
 * repeated `<Message>`), and the queue URL may be the request's own path.
 */
import type { FastifyRequest } from 'fastify';
import type { JsonObject } from '../../../kernel/index.js';
import type { Operation } from '../json-protocol.js';
import {
  decodeMembers,
  encodeMembers,
  type FormTree,
  type MemberRules,
  type QueryService,
  type XmlRules,
} from '../query-protocol.js';
import { domainError, queryError } from './errors.js';

const number = { kind: 'number' } as const;
const attributeValue: MemberRules = {
  StringListValue: { kind: 'list', name: 'StringListValues' },
  BinaryListValue: { kind: 'list', name: 'BinaryListValues' },
};
const messageAttributes = (name: string) =>
  ({ kind: 'map', name, key: 'Name', value: 'Value', valueRules: attributeValue }) as const;

/** Members shared by every action and by batch entries. */
const MEMBERS: MemberRules = {
  Attribute: { kind: 'map', name: 'Attributes', key: 'Name', value: 'Value' },
  AttributeName: { kind: 'list', name: 'AttributeNames' },
  MessageAttributeName: { kind: 'list', name: 'MessageAttributeNames' },
  MessageSystemAttributeName: { kind: 'list', name: 'MessageSystemAttributeNames' },
  MessageAttribute: messageAttributes('MessageAttributes'),
  MessageSystemAttribute: messageAttributes('MessageSystemAttributes'),
  TagKey: { kind: 'list', name: 'TagKeys' },
  DelaySeconds: number,
  MaxNumberOfMessages: number,
  VisibilityTimeout: number,
  WaitTimeSeconds: number,
  MaxResults: number,
  MaxNumberOfMessagesPerSecond: number,
};

const entries = (name: string): MemberRules => ({ [name]: { kind: 'list', name: 'Entries', item: MEMBERS } });

/** Per action: CreateQueue's tags are `tags` in JSON, TagQueue's `Tags`. */
const ACTION_MEMBERS: Readonly<Record<string, MemberRules>> = {
  CreateQueue: { Tag: { kind: 'map', name: 'tags', key: 'Key', value: 'Value' } },
  TagQueue: { Tag: { kind: 'map', name: 'Tags', key: 'Key', value: 'Value' } },
  SendMessageBatch: entries('SendMessageBatchRequestEntry'),
  DeleteMessageBatch: entries('DeleteMessageBatchRequestEntry'),
  ChangeMessageVisibilityBatch: entries('ChangeMessageVisibilityBatchRequestEntry'),
};

const attributeMap = { kind: 'flatMap', item: 'Attribute', key: 'Name', value: 'Value' } as const;
const failed = { kind: 'flatList', item: 'BatchResultErrorEntry' } as const;

const XML: XmlRules = {
  Attributes: attributeMap,
  MessageAttributes: { kind: 'flatMap', item: 'MessageAttribute', key: 'Name', value: 'Value' },
  Messages: {
    kind: 'flatList',
    item: 'Message',
    itemRules: {
      Attributes: attributeMap,
      MessageAttributes: { kind: 'flatMap', item: 'MessageAttribute', key: 'Name', value: 'Value' },
    },
  },
  QueueUrls: { kind: 'flatList', item: 'QueueUrl' },
  queueUrls: { kind: 'flatList', item: 'QueueUrl' },
  Tags: { kind: 'flatMap', item: 'Tag', key: 'Key', value: 'Value' },
  Failed: failed,
  Results: { kind: 'flatList', item: 'ListMessageMoveTasksResultEntry' },
};

/** Actions whose answer has no members: `<ActionResponse>` carries only the request id. */
const EMPTY = new Set([
  'SetQueueAttributes',
  'DeleteQueue',
  'PurgeQueue',
  'DeleteMessage',
  'ChangeMessageVisibility',
  'TagQueue',
  'UntagQueue',
]);

export function sqsQueryService(operations: Readonly<Record<string, Operation>>): QueryService {
  return {
    xmlns: 'http://queue.amazonaws.com/doc/2012-11-05/',
    version: '2012-11-05',
    operations,
    // Queue URLs: `/<12-digit account>/<queue>`; any other path is left to the console.
    paths: ['/:account(^\\d{12}$)/:queue'],
    decode(action: string, form: FormTree, request: FastifyRequest): JsonObject {
      const input = decodeMembers(form, { ...MEMBERS, ...ACTION_MEMBERS[action] });
      delete input.Action;
      delete input.Version;
      const path = request.url.split('?')[0]!;
      // Posting to the queue URL names the queue; an explicit QueueUrl wins.
      if (input.QueueUrl === undefined && path !== '/') input.QueueUrl = `http://${request.headers.host}${path}`;
      return input;
    },
    encode(action: string, output: JsonObject): string | undefined {
      if (EMPTY.has(action)) return undefined;
      const successful = { kind: 'flatList', item: `${action}ResultEntry` } as const;
      return encodeMembers(output, { ...XML, Successful: successful });
    },
    errorOf: queryError,
    domainError,
  };
}
