/**
 * Tags (API reference: TagResource, UntagResource, ListTagsForResource, Tag): key-value pairs on
 * state machines and activities, at most 50 per resource (developer guide, "Quotas"). Versions
 * and aliases carry no tags: AWS answers ResourceNotFound for them, as for an unknown resource.
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import { parseArn } from '../../../runtime/arns.js';
import { AwsError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import type { RequestContext } from '../request-context.js';
import type { SfnDeps } from './deps.js';
import { checkLength, invalidArn, optionalArray, requiredArray, requiredString } from './input.js';
import { controlPlaneErrors, findActivity, findMachine } from './resources.js';

const MAX_TAGS = 50;

function tooManyTags(resourceArn: string, count: number): AwsError {
  return new AwsError(
    'TooManyTags',
    `Too many tags: '${resourceArn}' would have ${count} tags; a resource can have at most ${MAX_TAGS}`,
  );
}

/**
 * The `tags` member of CreateStateMachine, CreateActivity and TagResource (`[{key, value}]`),
 * checked before anything is created: a request alone may not exceed the quota.
 */
export function readTags(input: JsonObject, resourceArn: string, required = false): Record<string, string> {
  const tags: Record<string, string> = {};
  (required ? requiredArray(input, 'tags') : (optionalArray(input, 'tags') ?? [])).forEach((tag, i) => {
    const path = `tags.${i + 1}.member`;
    const key = isJsonObject(tag) ? tag.key : undefined;
    const value = isJsonObject(tag) ? (tag.value ?? '') : undefined;
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new AwsError('SerializationException', `Expected {key, value} strings at '${path}'`);
    }
    tags[checkLength(key, `${path}.key`, 128, 1)] = checkLength(value, `${path}.value`, 256);
  });
  const count = Object.keys(tags).length;
  if (count > MAX_TAGS) throw tooManyTags(resourceArn, count);
  return tags;
}

/** Adds or overwrites tags, refusing (and changing nothing) when the resource would exceed the quota. */
export async function addTags(deps: SfnDeps, resourceArn: string, tags: Record<string, string>): Promise<void> {
  const keys = Object.keys(tags);
  if (keys.length === 0) return;
  const existing = await deps.store.tags.list(resourceArn);
  const total = new Set([...Object.keys(existing), ...keys]).size;
  if (total > MAX_TAGS) throw tooManyTags(resourceArn, total);
  await deps.store.tags.put(resourceArn, tags);
}

/** The ARN of an existing state machine or activity of the caller, or ResourceNotFound. */
async function taggable(deps: SfnDeps, ctx: RequestContext, input: JsonObject): Promise<string> {
  const arn = requiredString(input, 'resourceArn');
  const parsed = parseArn(arn);
  if (!parsed) throw invalidArn(arn);
  const exists =
    parsed.kind === 'stateMachine'
      ? await findMachine(deps, ctx, arn)
      : parsed.kind === 'activity'
        ? await findActivity(deps, ctx, arn)
        : undefined;
  if (!exists) throw controlPlaneErrors.taggableNotFound(arn);
  return arn;
}

export function tagOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    async TagResource(input, ctx) {
      const arn = await taggable(deps, ctx, input);
      await addTags(deps, arn, readTags(input, arn, true));
      return {};
    },

    async UntagResource(input, ctx) {
      const arn = await taggable(deps, ctx, input);
      const keys = requiredArray(input, 'tagKeys').map((key, i) => {
        if (typeof key !== 'string') {
          throw new AwsError('SerializationException', `Expected a string at 'tagKeys.${i + 1}'`);
        }
        return checkLength(key, `tagKeys.${i + 1}.member`, 128, 1);
      });
      await deps.store.tags.remove(arn, keys);
      return {};
    },

    async ListTagsForResource(input, ctx) {
      const tags = await deps.store.tags.list(await taggable(deps, ctx, input));
      return { tags: Object.entries(tags).map(([key, value]) => ({ key, value })) };
    },
  };
}
