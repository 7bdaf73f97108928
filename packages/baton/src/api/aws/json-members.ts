/**
 * Members of a JSON-protocol request whose JSON type is wrong: AWS answers SerializationException
 * before any validation of their values (shared by the services' input modules).
 */
import { isJsonObject, type Json, type JsonObject } from '../../kernel/index.js';
import { AwsError } from '../errors.js';

export function serialization(field: string, expected: string): AwsError {
  return new AwsError('SerializationException', `Expected ${expected} for '${field}'`);
}

export function optionalBoolean(input: JsonObject, field: string): boolean | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw serialization(field, 'a boolean');
  return v;
}

export function optionalObject(input: JsonObject, field: string): JsonObject | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (!isJsonObject(v)) throw serialization(field, 'an object');
  return v;
}

export function optionalArray(input: JsonObject, field: string): Json[] | undefined {
  const v = input[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw serialization(field, 'a list');
  return v;
}
