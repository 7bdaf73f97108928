/**
 * Reading SNS request members (the Query codec decodes forms into JSON shapes first). A missing
 * required member is the Smithy validation error AWS answers (`Value null at 'topicArn'…`); a
 * topic ARN is checked as AWS checks it (names.ts).
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import { type Tag, type TopicRef, topicErrors, topicOf } from '../../../messaging/topics/index.js';
import { decodeToken, encodeToken } from '../pagination.js';
import type { RequestContext } from '../request-context.js';

/** Smithy member names are lower camel case in validation messages. */
const member = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export function requiredString(input: JsonObject, name: string): string {
  const v = input[name];
  if (v === undefined || v === null) throw topicErrors.missing(member(name));
  if (typeof v !== 'string') throw topicErrors.invalid(name);
  return v;
}

export function optionalString(input: JsonObject, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw topicErrors.invalid(name);
  return v;
}

/** A map of string attributes (`Attributes.entry.N.key/value`). */
export function stringMap(input: JsonObject, name: string): Record<string, string> {
  const v = input[name];
  if (v === undefined || v === null) return {};
  if (!isJsonObject(v)) throw topicErrors.invalid(name);
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) out[k] = typeof value === 'string' ? value : JSON.stringify(value);
  return out;
}

export function tagList(input: JsonObject, name: string, required: boolean): Tag[] {
  const v = input[name];
  if (v === undefined || v === null) {
    if (required) throw topicErrors.missing(member(name));
    return [];
  }
  if (!Array.isArray(v)) throw topicErrors.invalid(name);
  return v.map((t, i) => {
    const tag = (isJsonObject(t) ? t : {}) as JsonObject;
    if (typeof tag.Key !== 'string') throw topicErrors.missing(`${member(name)}.${i + 1}.member.key`);
    if (typeof tag.Value !== 'string') throw topicErrors.missing(`${member(name)}.${i + 1}.member.value`);
    return { Key: tag.Key, Value: tag.Value };
  });
}

export function stringList(input: JsonObject, name: string): string[] {
  const v = input[name];
  if (v === undefined || v === null) throw topicErrors.missing(member(name));
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw topicErrors.invalid(name);
  return v as string[];
}

/** The topic a member names (`TopicArn` unless told otherwise). */
export function topicRef(input: JsonObject, ctx: RequestContext, name = 'TopicArn'): TopicRef {
  return topicOf(requiredString(input, name), ctx, name);
}

/** Pages of 100: the store's cursor wrapped with the operation it belongs to. */
export function pageToken(input: JsonObject, scope: string): string | undefined {
  try {
    return decodeToken(input.NextToken, scope);
  } catch {
    throw topicErrors.nextToken();
  }
}

export function nextToken(scope: string, cursor: string | undefined): JsonObject {
  return cursor === undefined ? {} : { NextToken: encodeToken(scope, cursor) };
}
