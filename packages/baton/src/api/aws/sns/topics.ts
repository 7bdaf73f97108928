/**
 * SNS topic operations (API reference: CreateTopic, DeleteTopic, ListTopics, GetTopicAttributes,
 * SetTopicAttributes, TagResource, UntagResource, ListTagsForResource).
 */
import type { JsonObject } from '../../../kernel/index.js';
import type { Operation } from '../json-protocol.js';
import type { SnsDeps } from './deps.js';
import {
  nextToken,
  optionalString,
  pageToken,
  requiredString,
  stringList,
  stringMap,
  tagList,
  topicRef,
} from './input.js';

export function topicOperations({ topics }: SnsDeps): Record<string, Operation> {
  return {
    async CreateTopic(input, ctx) {
      const name = requiredString(input, 'Name');
      const topic = await topics.createTopic(ctx, name, stringMap(input, 'Attributes'), tagList(input, 'Tags', false));
      return { TopicArn: topic.arn };
    },

    async DeleteTopic(input, ctx) {
      await topics.deleteTopic(topicRef(input, ctx));
      return {};
    },

    async ListTopics(input, ctx) {
      const scope = `ListTopics:${ctx.region}`;
      const page = await topics.listTopics(ctx, pageToken(input, scope));
      return { Topics: page.items.map((t) => ({ TopicArn: t.arn })), ...nextToken(scope, page.next) };
    },

    async GetTopicAttributes(input, ctx) {
      return { Attributes: await topics.topicAttributes(topicRef(input, ctx)) };
    },

    async SetTopicAttributes(input, ctx) {
      const ref = topicRef(input, ctx);
      const name = requiredString(input, 'AttributeName');
      await topics.setTopicAttribute(ref, name, optionalString(input, 'AttributeValue') ?? '');
      return {};
    },

    async TagResource(input, ctx) {
      await topics.tag(topicRef(input, ctx, 'ResourceArn'), tagList(input, 'Tags', true));
      return {};
    },

    async UntagResource(input, ctx) {
      await topics.untag(topicRef(input, ctx, 'ResourceArn'), stringList(input, 'TagKeys'));
      return {};
    },

    async ListTagsForResource(input, ctx) {
      const tags = await topics.tags(topicRef(input, ctx, 'ResourceArn'));
      const out: JsonObject = { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
      return out;
    },
  };
}
