/**
 * Tags on buses and rules (API reference: TagResource, UntagResource, ListTagsForResource): at
 * most 50 per resource; a resource that does not exist is ResourceNotFoundException in the words
 * its Describe call uses.
 */
import { parseBusArn, parseRuleArn } from '../../../messaging/bus/index.js';
import { AwsError } from '../../errors.js';
import { serialization } from '../json-members.js';
import type { Operation } from '../json-protocol.js';
import type { EventsDeps } from './deps.js';
import { checkString, readTags, requiredArray, requiredString } from './input.js';

export function tagOperations({ bus }: EventsDeps): Record<string, Operation> {
  /** The ARN of an existing bus or rule, or ResourceNotFound. */
  const taggable = async (arn: string): Promise<string> => {
    const rule = parseRuleArn(arn);
    if (rule) {
      await bus.rules.get(rule.bus, rule.name);
      return arn;
    }
    const busRef = parseBusArn(arn);
    if (busRef) {
      await bus.bus(busRef);
      return arn;
    }
    throw new AwsError('ResourceNotFoundException', `Resource ${arn} not found.`);
  };
  const resource = (input: Parameters<Operation>[0]) => requiredString(input, 'ResourceARN', { min: 1, max: 1600 });

  return {
    async TagResource(input) {
      await bus.tags.add(await taggable(resource(input)), readTags(input, true));
      return {};
    },
    async UntagResource(input) {
      const arn = await taggable(resource(input));
      const keys = requiredArray(input, 'TagKeys').map((k, i) => {
        if (typeof k !== 'string') throw serialization(`TagKeys.${i + 1}`, 'a string');
        return checkString(k, { min: 1, max: 128 }, `tagKeys.${i + 1}.member`);
      });
      await bus.tags.remove(arn, keys);
      return {};
    },
    async ListTagsForResource(input) {
      const tags = await bus.tags.list(await taggable(resource(input)));
      return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
    },
  };
}
