/**
 * Reading Schemas requests: path labels, query parameters and body members, checked against the
 * API reference's constraints (lengths, the Limit range, the Type enum); anything else is a
 * BadRequestException that names the member and the rule it breaks.
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import { SchemaError } from '../../../messaging/schemas/index.js';
import type { SchemaType } from '../../../store/port.js';
import { decodeToken, encodeToken } from '../pagination.js';
import { queryValue, type RestRequest } from '../rest-protocol.js';

const badRequest = (message: string) => new SchemaError('BadRequestException', message);

export const SCHEMA_TYPES: readonly SchemaType[] = ['OpenApi3', 'JSONSchemaDraft4'];

/** A path label that must match `pattern` (described in words for the message). */
export function label(request: RestRequest, name: string, pattern?: RegExp, rule?: string): string {
  const value = request.labels[name] ?? '';
  if (pattern && !pattern.test(value)) throw badRequest(`${name} '${value}' is not valid: ${rule}.`);
  return value;
}

export function requiredQuery(request: RestRequest, name: string): string {
  const value = queryValue(request, name);
  if (!value) throw badRequest(`${name} is required.`);
  return value;
}

interface StringRule {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export function bodyString(request: RestRequest, name: string, rule: StringRule & { required: true }): string;
export function bodyString(request: RestRequest, name: string, rule?: StringRule): string | undefined;
export function bodyString(request: RestRequest, name: string, rule: StringRule = {}): string | undefined {
  const value = request.body[name];
  if (value === undefined || value === null) {
    if (rule.required) throw badRequest(`${name} is required.`);
    return undefined;
  }
  if (typeof value !== 'string') throw badRequest(`${name} must be a string.`);
  if (rule.min !== undefined && value.length < rule.min)
    throw badRequest(`${name} must have at least ${rule.min} characters.`);
  if (rule.max !== undefined && value.length > rule.max)
    throw badRequest(`${name} must have at most ${rule.max} characters.`);
  return value;
}

export function bodyBoolean(request: RestRequest, name: string): boolean | undefined {
  const value = request.body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`${name} must be a boolean.`);
  return value;
}

export function schemaType(value: string | undefined, name = 'Type'): SchemaType | undefined {
  if (value !== undefined && !SCHEMA_TYPES.includes(value as SchemaType)) {
    throw badRequest(`${name} '${value}' is not valid: it must be one of ${SCHEMA_TYPES.join(', ')}.`);
  }
  return value as SchemaType | undefined;
}

export const DESCRIPTION = { max: 256 } as const;

/** The `tags` member (a map of strings): at most 50, keys of 1–128 characters, values up to 256. */
export function bodyTags(request: RestRequest, required = false): Record<string, string> {
  const tags = request.body.tags;
  if (tags === undefined || tags === null) {
    if (required) throw badRequest('tags is required.');
    return {};
  }
  if (!isJsonObject(tags)) throw badRequest('tags must be a map of strings.');
  const entries = Object.entries(tags as JsonObject);
  if (entries.length > 50) throw badRequest('tags must have at most 50 entries.');
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw badRequest(`The value of tag '${key}' must be a string.`);
    if (key.length < 1 || key.length > 128) throw badRequest('Tag keys must have 1 to 128 characters.');
    if (value.length > 256) throw badRequest(`The value of tag '${key}' must have at most 256 characters.`);
  }
  return tags as Record<string, string>;
}

// --- paging -----------------------------------------------------------------------------------

/** The `limit` query parameter (1–100; 100 when absent). */
export function limitOf(request: RestRequest): number {
  const text = queryValue(request, 'limit');
  if (text === undefined) return 100;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw badRequest(`limit '${text}' is not valid: it must be an integer from 1 to 100.`);
  }
  return limit;
}

/** The page a request asks for: its limit, and the cursor in its `nextToken` (made for `scope`). */
export function pageOf(request: RestRequest, scope: string): { limit: number; after?: string } {
  const token = queryValue(request, 'nextToken');
  let after: string | undefined;
  try {
    after = decodeToken(token, scope);
  } catch {
    throw badRequest('The nextToken is not valid for this request.');
  }
  return { limit: limitOf(request), ...(after !== undefined ? { after } : {}) };
}

export function nextToken(scope: string, next: string | undefined): { NextToken?: string } {
  return next === undefined ? {} : { NextToken: encodeToken(scope, next) };
}

/** Timestamps as the Schemas API writes them: ISO 8601 (the model's `timestampIso8601`). */
export const iso = (ms: number) => new Date(ms).toISOString();
