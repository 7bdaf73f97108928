/**
 * Reading Step Functions request fields with the API reference's constraints and errors:
 * required members, names (InvalidName), ARNs (InvalidArn), maxResults, JSON payloads
 * (InvalidExecutionInput / InvalidOutput) and their 256 KiB quota.
 */
import type { Json, JsonObject } from '../../../kernel/index.js';
import type { Page, PageRequest } from '../../../store/port.js';
import { AwsError, validationError } from '../../errors.js';
import { optionalArray, serialization } from '../json-members.js';
import { decodeToken, encodeToken } from '../pagination.js';

export { optionalArray, optionalBoolean, optionalObject } from '../json-members.js';

export const MAX_PAYLOAD_BYTES = 256 * 1024;

function missingMember(field: string): AwsError {
  return validationError(
    `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
  );
}

export function requiredString(input: JsonObject, field: string): string {
  const v = input[field];
  if (v === undefined || v === null) throw missingMember(field);
  if (typeof v !== 'string') throw serialization(field, 'a string');
  return v;
}

/** A list operation's page: maxResults, and the cursor of a nextToken issued for the same `scope`. */
export function pageRequest(input: JsonObject, scope: string): PageRequest {
  const after = decodeToken(input.nextToken, scope);
  return { limit: pageSize(input), ...(after !== undefined ? { after } : {}) };
}

/** The nextToken member of a list answer: present while `page` has a next one. */
export function nextToken(scope: string, page: Page<unknown>): { nextToken?: string } {
  return page.next ? { nextToken: encodeToken(scope, page.next) } : {};
}

export function optionalString(input: JsonObject, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw serialization(field, 'a string');
  return v;
}

export function requiredArray(input: JsonObject, field: string): Json[] {
  const v = optionalArray(input, field);
  if (v === undefined) throw missingMember(field);
  return v;
}

/** An enum member (`type`, `severity`, `loggingConfiguration.level`): one of `values`, with AWS's message. */
export function optionalEnum<T extends string>(input: JsonObject, field: string, values: readonly T[], path = field) {
  const v = optionalString(input, field);
  if (v !== undefined && !values.includes(v as T)) {
    throw validationError(
      `1 validation error detected: Value '${v}' at '${path}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
    );
  }
  return v as T | undefined;
}

/** A length constraint of the API reference; `path` names the member as AWS does (`tags.1.member.key`). */
export function checkLength(value: string, path: string, max: number, min = 0): string {
  const bound =
    value.length > max ? `less than or equal to ${max}` : value.length < min ? `greater than or equal to ${min}` : '';
  if (bound) {
    throw validationError(
      `1 validation error detected: Value '${value}' at '${path}' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  return value;
}

/** The description of a version or an alias: at most 256 characters. */
export function optionalDescription(input: JsonObject, field: string): string | undefined {
  const text = optionalString(input, field);
  return text === undefined ? undefined : checkLength(text, field, 256);
}

/** maxResults: 0 or absent means the default page size; at most 1000 (API reference, e.g. ListExecutions). */
export function pageSize(input: JsonObject, defaultSize = 100, max = 1000): number {
  const v = input.maxResults;
  if (v === undefined || v === null || v === 0) return defaultSize;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) {
    throw validationError(
      `1 validation error detected: Value '${String(v)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
    );
  }
  return v;
}

const NAME_LIMIT = 80;

/**
 * Names of state machines, executions, activities and aliases: 1–80 characters, none of
 * whitespace, brackets, wildcards, `"#%\^|~`$&,;:/` or control characters.
 */
export function checkName(name: string, limit = NAME_LIMIT): string {
  if (name.length === 0 || name.length > limit) throw new AwsError('InvalidName', `Invalid Name: '${name}'`);
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f) || '<>{}[]?*"#%\\^|~`$&,;:/'.includes(ch)) {
      throw new AwsError('InvalidName', `Invalid Name: '${name}'`);
    }
  }
  return name;
}

/** InvalidArn, naming the problem as AWS does for a string that is not an ARN at all. */
export function invalidArn(arn: string): AwsError {
  return new AwsError(
    'InvalidArn',
    arn.startsWith('arn:') ? `Invalid Arn: '${arn}'` : `Invalid Arn: 'Invalid ARN prefix: ${arn}'`,
  );
}

/** A JSON payload field (input, output): must parse, and stay within 256 KiB. */
export function jsonPayload(text: string | undefined, errorCode: string, what: string): Json {
  if (text === undefined) return {};
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw new AwsError(errorCode, `${what} exceeds the maximum size of ${MAX_PAYLOAD_BYTES} bytes`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw new AwsError(errorCode, `Invalid ${what.toLowerCase()}: '${text}'`);
  }
}
