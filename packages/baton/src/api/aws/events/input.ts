/**
 * Reading EventBridge request members with the API reference's constraints, in the words of
 * AWS's request validation ("1 validation error detected: Value … at 'name' failed to satisfy
 * constraint: …", members named in lower camel case); members of the wrong JSON type are
 * SerializationException, as the protocol layer answers.
 */
import { isJsonObject, type Json, type JsonObject } from '../../../kernel/index.js';
import { type BusRef, busRef } from '../../../messaging/bus/index.js';
import { type AwsError, validationError } from '../../errors.js';
import { optionalArray, serialization } from '../json-members.js';
import { decodeToken, encodeToken } from '../pagination.js';

export { optionalArray, optionalObject } from '../json-members.js';

import type { RequestContext } from '../request-context.js';

/** `EventBusName` → `eventBusName`: how validation messages name a member. */
const memberPath = (field: string) => field.charAt(0).toLowerCase() + field.slice(1);

function constraint(value: unknown, path: string, rule: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: Member must ${rule}`,
  );
}

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** The pattern as AWS prints it in messages. */
  readonly patternText?: string;
  /** The member's path in messages (default: the field in lower camel case). */
  readonly path?: string;
}

export function checkString(value: string, rule: StringRule, path: string): string {
  if (rule.min !== undefined && value.length < rule.min) {
    throw constraint(value, path, `have length greater than or equal to ${rule.min}`);
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw constraint(value, path, `have length less than or equal to ${rule.max}`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw constraint(value, path, `satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
  }
  return value;
}

export function optionalString(input: JsonObject, field: string, rule: StringRule = {}): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw serialization(field, 'a string');
  return checkString(v, rule, rule.path ?? memberPath(field));
}

export function requiredString(input: JsonObject, field: string, rule: StringRule = {}): string {
  const v = optionalString(input, field, rule);
  if (v === undefined) throw constraint(undefined, rule.path ?? memberPath(field), 'not be null');
  return v;
}

export function requiredArray(input: JsonObject, field: string, min = 0, max = Number.POSITIVE_INFINITY): Json[] {
  const v = optionalArray(input, field);
  const path = memberPath(field);
  if (v === undefined) throw constraint(undefined, path, 'not be null');
  if (v.length < min) throw constraint('[]', path, `have length greater than or equal to ${min}`);
  if (v.length > max) throw constraint(`[${v.length} items]`, path, `have length less than or equal to ${max}`);
  return v;
}

export function optionalEnum<T extends string>(input: JsonObject, field: string, values: readonly T[]): T | undefined {
  const v = optionalString(input, field);
  if (v !== undefined && !values.includes(v as T)) {
    throw constraint(v, memberPath(field), `satisfy enum value set: [${values.join(', ')}]`);
  }
  return v as T | undefined;
}

export function optionalInteger(input: JsonObject, field: string, min: number, max: number, path = memberPath(field)) {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw serialization(field, 'an integer');
  if (v < min) throw constraint(v, path, `have value greater than or equal to ${min}`);
  if (v > max) throw constraint(v, path, `have value less than or equal to ${max}`);
  return v;
}

/** The Force member of DeleteRule and RemoveTargets (only managed rules need it). */
export function forceOf(input: JsonObject): boolean {
  const force = input.Force;
  if (force !== undefined && force !== null && typeof force !== 'boolean') throw serialization('Force', 'a boolean');
  return force === true;
}

// --- names ------------------------------------------------------------------------------------

export const BUS_NAME: StringRule = {
  min: 1,
  max: 256,
  pattern: /^[/.\-_A-Za-z0-9]+$/,
  patternText: '[/\\.\\-_A-Za-z0-9]+',
};
export const RULE_NAME: StringRule = {
  min: 1,
  max: 64,
  pattern: /^[.\-_A-Za-z0-9]+$/,
  patternText: '[\\.\\-_A-Za-z0-9]+',
};
const BUS_NAME_OR_ARN: StringRule = {
  min: 1,
  max: 1600,
  pattern: /^(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/.\-_A-Za-z0-9]+$/,
  patternText: '(arn:aws[\\w-]*:events:[a-z]+-[a-z]+-[\\w-]+:[0-9]{12}:event-bus\\/)?[/\\.\\-_A-Za-z0-9]+',
};

/** The bus an `EventBusName` member (name or ARN) names; the default bus when absent. */
export function busOf(ctx: RequestContext, input: JsonObject, field = 'EventBusName'): BusRef {
  return busRef(ctx, optionalString(input, field, BUS_NAME_OR_ARN));
}

// --- paging -----------------------------------------------------------------------------------

/** The page a request asks for: its `Limit`, and the cursor in its `NextToken` (made for `scope`). */
export function pageOf(input: JsonObject, scope: string): { limit: number; after?: string } {
  let after: string | undefined;
  try {
    after = decodeToken(optionalString(input, 'NextToken'), scope);
  } catch {
    throw validationError('The provided NextToken is not valid.');
  }
  return { limit: optionalInteger(input, 'Limit', 1, 100) ?? 100, ...(after ? { after } : {}) };
}

export function nextToken(scope: string, next: string | undefined): { NextToken?: string } {
  return next === undefined ? {} : { NextToken: encodeToken(scope, next) };
}

// --- tags -------------------------------------------------------------------------------------

/** A `Tags` member (`[{Key, Value}]`), keys unique. */
export function readTags(input: JsonObject, required = false): Record<string, string> {
  const list = required ? requiredArray(input, 'Tags') : (optionalArray(input, 'Tags') ?? []);
  const tags: Record<string, string> = {};
  list.forEach((tag, i) => {
    if (!isJsonObject(tag) || typeof tag.Key !== 'string' || typeof tag.Value !== 'string') {
      throw serialization(`Tags.${i + 1}`, '{Key, Value} strings');
    }
    const key = checkString(tag.Key, { min: 1, max: 128 }, `tags.${i + 1}.member.key`);
    if (key in tags) throw validationError('Invalid parameter: Duplicated keys are not allowed.');
    tags[key] = checkString(tag.Value, { max: 256 }, `tags.${i + 1}.member.value`);
  });
  return tags;
}
