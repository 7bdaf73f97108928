/**
 * Tags: the stream-named calls (AddTagsToStream, RemoveTagsFromStream, ListTagsForStream) and
 * the ARN-named ones (TagResource, UntagResource, ListTagsForResource), over one tag set per
 * stream ARN; at most 50 tags per stream, 10 keys per add or remove.
 */
import { parseStreamArn, type StreamService, streamErrors } from '../../../messaging/streams/index.js';
import type { Operation } from '../json-protocol.js';
import { Members, streamOf } from './input.js';

const TAG_KEY = { min: 1, max: 128 };

function resourceOf(m: Members) {
  const arn = m.string('ResourceARN', { required: true, min: 1, max: 2048 });
  return () => {
    const ref = parseStreamArn(arn);
    if (!ref) throw streamErrors.invalidArn(arn);
    return ref;
  };
}

export function tagOperations(streams: StreamService): Record<string, Operation> {
  return {
    async AddTagsToStream(input, ctx) {
      const m = new Members(input);
      const tags = m.map('Tags', { required: true, min: 1, max: 10 }) ?? {};
      const ref = streamOf(m, ctx);
      m.done();
      await streams.addTags(ref(), tags);
      return {};
    },
    async RemoveTagsFromStream(input, ctx) {
      const m = new Members(input);
      const keys = m.strings('TagKeys', { required: true, min: 1, max: 10 }) ?? [];
      const ref = streamOf(m, ctx);
      m.done();
      await streams.removeTags(ref(), keys);
      return {};
    },
    async ListTagsForStream(input, ctx) {
      const m = new Members(input);
      const start = m.string('ExclusiveStartTagKey', TAG_KEY);
      const limit = m.integer('Limit', { min: 1, max: 50 }) ?? 50;
      const ref = streamOf(m, ctx);
      m.done();
      const tags = Object.entries(await streams.tags(ref()))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .filter(([k]) => start === undefined || k > start);
      return {
        Tags: tags.slice(0, limit).map(([Key, Value]) => ({ Key, Value })),
        HasMoreTags: tags.length > limit,
      };
    },
    async TagResource(input) {
      const m = new Members(input);
      const tags = m.map('Tags', { required: true, min: 1, max: 50 }) ?? {};
      const ref = resourceOf(m);
      m.done();
      await streams.addTags(ref(), tags);
      return {};
    },
    async UntagResource(input) {
      const m = new Members(input);
      const keys = m.strings('TagKeys', { required: true, min: 1, max: 50 }) ?? [];
      const ref = resourceOf(m);
      m.done();
      await streams.removeTags(ref(), keys);
      return {};
    },
    async ListTagsForResource(input) {
      const m = new Members(input);
      const ref = resourceOf(m);
      m.done();
      const tags = Object.entries(await streams.tags(ref())).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return { Tags: tags.map(([Key, Value]) => ({ Key, Value })) };
    },
  };
}
