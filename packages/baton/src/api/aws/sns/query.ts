/**
 * SNS on the Query protocol (API version 2010-03-31), the only protocol its SDKs speak: how forms
 * map onto the JSON shapes the operations read, and how their answers are written as SNS's XML.
 * SNS's lists and maps are wrapped (`Attributes.entry.1.key`, `Tags.member.1.Key`;
 * `<Attributes><entry><key/><value/></entry></Attributes>`, `<Topics><member>…`), unlike SQS's.
 */
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

const messageAttributes = {
  kind: 'map',
  name: 'MessageAttributes',
  key: 'Name',
  value: 'Value',
  container: 'entry',
} as const;

const MEMBERS: MemberRules = {
  Attributes: { kind: 'map', name: 'Attributes', key: 'key', value: 'value', container: 'entry' },
  Tags: { kind: 'list', name: 'Tags', container: 'member', item: {} },
  TagKeys: { kind: 'list', name: 'TagKeys', container: 'member' },
  MessageAttributes: messageAttributes,
  PublishBatchRequestEntries: {
    kind: 'list',
    name: 'PublishBatchRequestEntries',
    container: 'member',
    item: { MessageAttributes: messageAttributes },
  },
  ReturnSubscriptionArn: { kind: 'boolean' },
};

const XML: XmlRules = {
  Attributes: { kind: 'map', item: 'entry', key: 'key', value: 'value' },
};

/** Actions whose answer has no members: `<ActionResponse>` carries only the request id. */
const EMPTY = new Set([
  'DeleteTopic',
  'SetTopicAttributes',
  'Unsubscribe',
  'SetSubscriptionAttributes',
  'TagResource',
  'UntagResource',
]);

export interface SnsDocuments {
  read(name: string): { readonly contentType: string; readonly body: string } | undefined;
}

export function snsQueryService(
  operations: Readonly<Record<string, Operation>>,
  documents: SnsDocuments,
): QueryService {
  return {
    xmlns: 'http://sns.amazonaws.com/doc/2010-03-31/',
    version: '2010-03-31',
    operations,
    unsigned: new Set(['ConfirmSubscription']),
    documents: { prefix: '/baton/sns/', read: (name) => documents.read(name) },
    decode(_action: string, form: FormTree): JsonObject {
      const input = decodeMembers(form, MEMBERS);
      delete input.Action;
      delete input.Version;
      return input;
    },
    encode(action: string, output: JsonObject): string | undefined {
      if (EMPTY.has(action)) return undefined;
      return encodeMembers(output, XML);
    },
    errorOf: queryError,
    domainError,
  };
}
