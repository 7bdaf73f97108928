/**
 * How a schema's records change: its first version, and the next one after a change of content
 * (numbers count up from 1 and are never reused, even once a version is deleted). Plain values;
 * the service and discovery write them through the store.
 */
import type { SchemaRecord, SchemaType, SchemaVersionRecord } from '../../store/port.js';
import { registryArn, type SchemaLocation, schemaArn } from './names.js';

export interface SchemaWrite {
  readonly schema: SchemaRecord;
  readonly version: SchemaVersionRecord;
}

export function firstVersion(
  at: SchemaLocation,
  registry: string,
  name: string,
  input: { readonly type: SchemaType; readonly content: string; readonly description?: string },
  now: number,
): SchemaWrite {
  const schema: SchemaRecord = {
    arn: schemaArn(at, registry, name),
    registryArn: registryArn(at, registry),
    name,
    ...(input.description !== undefined ? { description: input.description } : {}),
    createdAt: now,
    lastModified: now,
    lastVersion: 1,
  };
  return {
    schema,
    version: { schemaArn: schema.arn, version: 1, type: input.type, content: input.content, createdAt: now },
  };
}

export function nextVersion(
  schema: SchemaRecord,
  fields: { readonly type: SchemaType; readonly content: string; readonly clientToken?: string | undefined },
  now: number,
): SchemaWrite {
  const number = schema.lastVersion + 1;
  return {
    schema: { ...schema, lastModified: now, lastVersion: number },
    version: {
      schemaArn: schema.arn,
      version: number,
      type: fields.type,
      content: fields.content,
      createdAt: now,
      ...(fields.clientToken !== undefined ? { clientToken: fields.clientToken } : {}),
    },
  };
}

/** A version as the API names it (`"3"`), or undefined when the text names none. */
export function versionNumber(text: string): number | undefined {
  return /^[1-9]\d{0,8}$/.test(text) ? Number(text) : undefined;
}
