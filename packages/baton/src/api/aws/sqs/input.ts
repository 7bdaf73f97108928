/**
 * Reading SQS request members (the JSON protocol's shapes; the Query codec decodes forms into the
 * same shapes). Missing members are MissingParameter and malformed ones InvalidParameterValue,
 * the common errors every SQS action documents; batches get the batch errors.
 */
import { isJsonObject, type Json, type JsonObject } from '../../../kernel/index.js';
import { arnOfUrl, queueErrors } from '../../../messaging/queues/index.js';
import type { RequestContext } from '../request-context.js';

export function requiredString(input: JsonObject, name: string): string {
  const v = input[name];
  if (v === undefined || v === null || v === '') throw queueErrors.missingParameter(name);
  if (typeof v !== 'string') throw queueErrors.invalidParameter(name, JSON.stringify(v), 'Must be a string.');
  return v;
}

export function optionalString(input: JsonObject, name: string): string | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw queueErrors.invalidParameter(name, JSON.stringify(v), 'Must be a string.');
  return v;
}

/** An integer in [min, max], with AWS's wording for out-of-range values. */
export function optionalInteger(input: JsonObject, name: string, min: number, max: number): number | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw queueErrors.invalidParameter(
      name,
      typeof v === 'string' ? v : JSON.stringify(v),
      `Must be between ${min} and ${max}, if provided.`,
    );
  }
  return v;
}

export function requiredInteger(input: JsonObject, name: string, min: number, max: number): number {
  const v = optionalInteger(input, name, min, max);
  if (v === undefined) throw queueErrors.missingParameter(name);
  return v;
}

export function stringMap(input: JsonObject, name: string): Record<string, string> {
  const v = input[name];
  if (v === undefined || v === null) return {};
  if (!isJsonObject(v)) throw queueErrors.invalidParameter(name, JSON.stringify(v), 'Must be a map.');
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== 'string') {
      throw queueErrors.invalidParameter(`${name}.${k}`, JSON.stringify(value), 'Must be a string.');
    }
    out[k] = value;
  }
  return out;
}

export function stringList(input: JsonObject, name: string): string[] {
  const v = input[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    throw queueErrors.invalidParameter(name, JSON.stringify(v), 'Must be a list of strings.');
  }
  return v as string[];
}

/** The queue a request's QueueUrl names. */
export function queueOf(input: JsonObject, ctx: RequestContext): string {
  return arnOfUrl(requiredString(input, 'QueueUrl'), ctx);
}

const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** A batch's entries: 1 to 10, ids well-formed and distinct. */
export function batchEntries(input: JsonObject, entryName: string): JsonObject[] {
  const v = input.Entries;
  if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) throw queueErrors.emptyBatch(entryName);
  if (!Array.isArray(v) || !v.every(isJsonObject)) {
    throw queueErrors.invalidParameter('Entries', JSON.stringify(v), 'Must be a list of entries.');
  }
  if (v.length > 10) throw queueErrors.tooManyEntries(v.length);
  const seen = new Set<string>();
  for (const entry of v as JsonObject[]) {
    const id = entry.Id;
    if (typeof id !== 'string' || !ENTRY_ID.test(id)) throw queueErrors.invalidBatchEntryId();
    if (seen.has(id)) throw queueErrors.batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return v as JsonObject[];
}

/** A batch entry that failed, as Failed[] carries it. */
export function failedEntry(id: Json | undefined, error: { code: string; message: string }): JsonObject {
  return { Id: id ?? '', SenderFault: true, Code: error.code, Message: error.message };
}
