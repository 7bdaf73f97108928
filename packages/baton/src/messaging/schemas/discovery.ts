/**
 * Schema discovery: the shape of events inferred from examples, merged across examples, and
 * written as the schema documents EventBridge's discovery produces (user guide, "Schema
 * discovery"; API reference, GetDiscoveredSchema): an OpenAPI 3.0 document whose `AWSEvent`
 * component describes the envelope, carries the `x-amazon-events-source` and
 * `x-amazon-events-detail-type` annotations and refers to one component per nested object (the
 * detail's named after the detail-type), or the same as one JSON Schema draft-04.
 *
 * Shapes only grow: merging keeps every property seen, a property is required only while every
 * example had it, and two different types of one value become "any type" (`{}`). So a stream of
 * events settles on one shape, and a discovered schema gets a new version only when an event
 * shows something its latest version does not allow.
 */
import { isJsonObject, type Json, type JsonObject } from '../../kernel/index.js';

export type Shape =
  | {
      readonly kind: 'object';
      readonly properties: Readonly<Record<string, Shape>>;
      readonly required: readonly string[];
      readonly nullable?: true;
    }
  | { readonly kind: 'array'; readonly items?: Shape; readonly nullable?: true }
  | { readonly kind: 'string'; readonly format?: 'date-time'; readonly nullable?: true }
  | { readonly kind: 'number' | 'boolean' | 'any'; readonly nullable?: true }
  /** Only `null` seen so far. */
  | { readonly kind: 'null' };

/** "Any type" absorbs everything, `null` included: what a stored `{}` reads back as. */
const ANY: Shape = { kind: 'any' };

/** AWS's discovery stops at 255 levels of nesting; deeper values are "any type". */
const MAX_DEPTH = 255;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function inferShape(value: Json, depth = 0): Shape {
  if (depth > MAX_DEPTH) return ANY;
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string')
    return DATE_TIME.test(value) ? { kind: 'string', format: 'date-time' } : { kind: 'string' };
  if (typeof value === 'number') return { kind: 'number' };
  if (typeof value === 'boolean') return { kind: 'boolean' };
  if (Array.isArray(value)) {
    let items: Shape | undefined;
    for (const item of value) {
      const shape = inferShape(item, depth + 1);
      items = items ? mergeShapes(items, shape) : shape;
    }
    return items ? { kind: 'array', items } : { kind: 'array' };
  }
  const properties: Record<string, Shape> = {};
  for (const [key, member] of Object.entries(value)) properties[key] = inferShape(member, depth + 1);
  return { kind: 'object', properties, required: Object.keys(properties) };
}

export function mergeShapes(a: Shape, b: Shape): Shape {
  if (a.kind === 'any' || b.kind === 'any') return ANY;
  if (a.kind === 'null') return b.kind === 'null' ? a : { ...b, nullable: true };
  if (b.kind === 'null') return { ...a, nullable: true };
  const nullable = a.nullable || b.nullable ? ({ nullable: true } as const) : {};
  if (a.kind !== b.kind) return ANY;
  if (a.kind === 'object' && b.kind === 'object') {
    const properties: Record<string, Shape> = { ...a.properties };
    for (const [key, shape] of Object.entries(b.properties)) {
      const known = properties[key];
      properties[key] = known ? mergeShapes(known, shape) : shape;
    }
    const required = a.required.filter((key) => b.required.includes(key));
    return { kind: 'object', properties, required, ...nullable };
  }
  if (a.kind === 'array' && b.kind === 'array') {
    const items = a.items && b.items ? mergeShapes(a.items, b.items) : (a.items ?? b.items);
    return { kind: 'array', ...(items ? { items } : {}), ...nullable };
  }
  if (a.kind === 'string' && b.kind === 'string') {
    return { kind: 'string', ...(a.format && a.format === b.format ? { format: a.format } : {}), ...nullable };
  }
  return { kind: a.kind, ...nullable } as Shape;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

// --- writing schemas ------------------------------------------------------------------------

const pascal = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('') || 'Item';

interface EventKindNames {
  readonly source: string;
  readonly detailType: string;
}

/** The OpenAPI 3.0 document of an event's shape, laid out as AWS's discovered schemas are. */
export function renderOpenApi(shape: Shape, kind: EventKindNames): string {
  const components: Record<string, Json> = {};
  const claim = (wanted: string) => {
    let name = wanted;
    for (let n = 1; name in components; n++) name = `${wanted}${n}`;
    components[name] = {};
    return name;
  };
  const write = (s: Shape, name: string): Json => {
    if (s.kind !== 'object') return schemaObject(s, (item) => write(item, `${name}Item`), 'openapi');
    const component = claim(pascal(name));
    const properties: Record<string, Json> = {};
    for (const [key, member] of Object.entries(s.properties)) {
      properties[key] = write(member, key === 'detail' && component === 'AWSEvent' ? kind.detailType : key);
    }
    components[component] = {
      type: 'object',
      ...(s.required.length > 0 ? { required: [...s.required] } : {}),
      ...(component === 'AWSEvent'
        ? { 'x-amazon-events-detail-type': kind.detailType, 'x-amazon-events-source': kind.source }
        : {}),
      properties,
      ...(s.nullable ? { nullable: true } : {}),
    };
    return { $ref: `#/components/schemas/${component}` };
  };
  write(shape, 'AWSEvent');
  const document = {
    openapi: '3.0.0',
    info: { version: '1.0.0', title: pascal(kind.detailType) },
    paths: {},
    components: { schemas: components },
  };
  return JSON.stringify(document, null, 2);
}

/** The JSON Schema draft-04 of an event's shape (nested objects inline). */
export function renderJsonSchema(shape: Shape, kind: EventKindNames): string {
  const draft04 = (s: Shape): Json => schemaObject(s, draft04, 'draft-04');
  const root = draft04(shape) as JsonObject;
  const document = {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'AWSEvent',
    'x-amazon-events-detail-type': kind.detailType,
    'x-amazon-events-source': kind.source,
    ...root,
  };
  return JSON.stringify(document, null, 2);
}

/** One shape as a schema object; `nested` writes the shapes inside it. */
function schemaObject(shape: Shape, nested: (s: Shape) => Json, dialect: 'openapi' | 'draft-04'): Json {
  const nullable = 'nullable' in shape && shape.nullable === true;
  const typed = (type: string, rest: JsonObject = {}): JsonObject => {
    if (!nullable) return { type, ...rest };
    return dialect === 'openapi' ? { type, ...rest, nullable: true } : { type: [type, 'null'], ...rest };
  };
  switch (shape.kind) {
    case 'null':
    case 'any':
      return {};
    case 'string':
      return typed('string', shape.format ? { format: shape.format } : {});
    case 'number':
    case 'boolean':
      return typed(shape.kind);
    case 'array':
      return typed('array', shape.items ? { items: nested(shape.items) } : {});
    case 'object': {
      const properties: Record<string, Json> = {};
      for (const [key, member] of Object.entries(shape.properties)) properties[key] = nested(member);
      return typed('object', { ...(shape.required.length > 0 ? { required: [...shape.required] } : {}), properties });
    }
  }
}

// --- reading schemas back -------------------------------------------------------------------

/**
 * The shape a stored discovered schema allows (its OpenAPI `AWSEvent` or its JSON Schema root),
 * so a new example is merged with what the registry holds, whichever node wrote it. What it does
 * not recognise reads as "any type".
 */
export function shapeOfDocument(document: JsonObject): Shape {
  const components =
    isJsonObject(document.components) && isJsonObject(document.components.schemas) ? document.components.schemas : {};
  const root = typeof document.openapi === 'string' ? components.AWSEvent : document;
  const read = (schema: Json | undefined, depth: number): Shape => {
    if (!isJsonObject(schema) || depth > MAX_DEPTH) return ANY;
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#/components/schemas/')) {
      return read(components[schema.$ref.slice('#/components/schemas/'.length)], depth + 1);
    }
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const nullable = schema.nullable === true || types.includes('null') ? ({ nullable: true } as const) : {};
    const type = types.find((t) => t !== 'null');
    if (type === 'object') {
      const properties: Record<string, Shape> = {};
      for (const [key, member] of Object.entries(isJsonObject(schema.properties) ? schema.properties : {})) {
        properties[key] = read(member, depth + 1);
      }
      const required = Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [];
      return { kind: 'object', properties, required, ...nullable };
    }
    if (type === 'array') {
      return schema.items === undefined
        ? { kind: 'array', ...nullable }
        : { kind: 'array', items: read(schema.items, depth + 1), ...nullable };
    }
    if (type === 'string')
      return { kind: 'string', ...(schema.format === 'date-time' ? { format: 'date-time' } : {}), ...nullable };
    if (type === 'number' || type === 'boolean') return { kind: type, ...nullable };
    return ANY;
  };
  return read(root, 0);
}
