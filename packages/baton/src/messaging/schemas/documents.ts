/**
 * Schema documents: checking a schema's content when it is created or updated, finding which
 * events it describes, and compiling it into a validator (ajv). Two types, as EventBridge Schemas
 * has them (user guide, "Creating an event schema"):
 *
 * - `JSONSchemaDraft4`: a JSON Schema. Its dialect is its `$schema`: draft-04 when absent (the
 *   type's name), draft-06/07, or 2020-12 (a Baton extension: AWS stores only draft-04).
 * - `OpenApi3`: an OpenAPI 3.0 document whose `components.schemas` hold the event's schemas;
 *   OpenAPI's schema objects are draft-04's with `nullable`, so they compile as draft-04 with
 *   `nullable: true` turned into a `null` type.
 *
 * A schema describes one kind of event by the annotations AWS's own and discovered schemas carry:
 * `x-amazon-events-source` and `x-amazon-events-detail-type`, at the root of a JSON Schema, on a
 * component of an OpenAPI document (its `AWSEvent` by convention). Such a schema describes the
 * whole event (envelope and `detail`), so failures name paths like `/detail/amount`. Formats
 * (`date-time`, …) are annotations only, as JSON Schema 2019+ makes them by default.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
// ajv-draft-04 is CommonJS with only a default export: under NodeNext its class is `.default`.
import AjvDraft04 from 'ajv-draft-04';
import { isJsonObject, type Json, type JsonObject } from '../../kernel/index.js';
import type { SchemaType } from '../../store/port.js';
import { schemaErrors } from './errors.js';

/** The kind of event a schema describes (from its annotations). */
export interface EventKind {
  readonly source: string;
  readonly detailType: string;
}

export interface SchemaDocument {
  readonly type: SchemaType;
  readonly json: JsonObject;
  /** The schema of the event itself: the document, or the annotated OpenAPI component. */
  readonly eventSchema?: JsonObject;
  readonly event?: EventKind;
}

/** Checks an event: the first failure as `<path> <problem>`, or undefined when it conforms. */
export type EventValidator = (event: unknown) => string | undefined;

const SOURCE = 'x-amazon-events-source';
const DETAIL_TYPE = 'x-amazon-events-detail-type';
const COMPONENT_REF = '#/components/schemas/';

type Dialect = 'draft-04' | 'draft-07' | '2020-12';

const DIALECTS: Record<string, Dialect> = {
  'http://json-schema.org/draft-04/schema#': 'draft-04',
  'http://json-schema.org/draft-04/schema': 'draft-04',
  'http://json-schema.org/draft-06/schema#': 'draft-07',
  'http://json-schema.org/draft-07/schema#': 'draft-07',
  'http://json-schema.org/draft-07/schema': 'draft-07',
  'https://json-schema.org/draft/2020-12/schema': '2020-12',
};

/**
 * Parses and checks a schema's content (CreateSchema, UpdateSchema): BadRequest when it is not
 * JSON, not a document of its type, or does not compile.
 */
export function parseSchemaContent(type: SchemaType, content: string): SchemaDocument {
  let json: Json;
  try {
    json = JSON.parse(content) as Json;
  } catch (e) {
    throw schemaErrors.invalidContent(type, `not JSON (${(e as Error).message})`);
  }
  if (!isJsonObject(json)) throw schemaErrors.invalidContent(type, 'the document must be a JSON object');
  return type === 'OpenApi3' ? openApiDocument(json) : jsonSchemaDocument(json);
}

function jsonSchemaDocument(json: JsonObject): SchemaDocument {
  dialectOf(json);
  compileOrThrow('JSONSchemaDraft4', json);
  const event = annotatedKind(json);
  return { type: 'JSONSchemaDraft4', json, eventSchema: json, ...(event ? { event } : {}) };
}

function openApiDocument(json: JsonObject): SchemaDocument {
  if (typeof json.openapi !== 'string' || !/^3\.\d+(\.\d+)?$/.test(json.openapi)) {
    throw schemaErrors.invalidContent('OpenApi3', "'openapi' must be a 3.x version string");
  }
  const components = json.components === undefined ? {} : json.components;
  const schemas = isJsonObject(components) ? (components.schemas ?? {}) : undefined;
  if (!isJsonObject(schemas)) throw schemaErrors.invalidContent('OpenApi3', "'components.schemas' must be an object");
  // One component as a schema of its own: a reference into the (converted) components.
  const converted = nullableToNull(components);
  const root = (component: string): JsonObject => ({
    $ref: `${COMPONENT_REF}${component.replace(/~/g, '~0').replace(/\//g, '~1')}`,
    components: converted,
  });
  for (const name of Object.keys(schemas)) compileOrThrow('OpenApi3', root(name));
  const annotated = Object.entries(schemas).filter(([, s]) => isJsonObject(s) && annotatedKind(s));
  const [name, schema] = annotated.find(([n]) => n === 'AWSEvent') ?? annotated[0] ?? [];
  if (name === undefined || !isJsonObject(schema)) return { type: 'OpenApi3', json };
  return { type: 'OpenApi3', json, eventSchema: root(name), event: annotatedKind(schema)! };
}

function annotatedKind(schema: JsonObject): EventKind | undefined {
  const source = schema[SOURCE];
  const detailType = schema[DETAIL_TYPE];
  return typeof source === 'string' && typeof detailType === 'string' ? { source, detailType } : undefined;
}

/** Compiles the event schema of a document into a validator (the document was checked when stored). */
export function compileEventValidator(document: SchemaDocument): EventValidator | undefined {
  if (!document.eventSchema) return undefined;
  const validate = compile(document.type, document.eventSchema);
  return (event) => (validate(event) ? undefined : describeFailure(validate.errors?.[0]));
}

function compileOrThrow(type: SchemaType, schema: JsonObject): void {
  try {
    compile(type, schema);
  } catch (e) {
    throw schemaErrors.invalidContent(type, (e as Error).message);
  }
}

/**
 * A fresh ajv per schema: compiled schemas stay cached in their ajv (by object and by `$id`), so
 * a shared instance would grow with every version compiled and refuse a second schema with the
 * same `$id`. Compiling is rare (a schema version is compiled once per node), validating is not.
 */
function compile(type: SchemaType, schema: JsonObject): ValidateFunction {
  const options = { strict: false, allErrors: false, validateFormats: false } as const;
  const dialect = type === 'OpenApi3' ? 'draft-04' : dialectOf(schema);
  const ajv =
    dialect === 'draft-04'
      ? new AjvDraft04.default(options)
      : dialect === '2020-12'
        ? new Ajv2020(options)
        : new Ajv(options);
  return ajv.compile(schema);
}

function dialectOf(schema: JsonObject): Dialect {
  const declared = schema.$schema;
  if (declared === undefined) return 'draft-04';
  const dialect = typeof declared === 'string' ? DIALECTS[declared] : undefined;
  if (!dialect) {
    throw schemaErrors.invalidContent(
      'JSONSchemaDraft4',
      `unsupported $schema ${JSON.stringify(declared)} (draft-04, draft-06, draft-07 and 2020-12 are)`,
    );
  }
  return dialect;
}

/** OpenAPI 3.0's `nullable: true` as JSON Schema: `null` joins the allowed types (and enum). */
export function nullableToNull(value: Json): Json {
  if (Array.isArray(value)) return value.map(nullableToNull);
  if (!isJsonObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [key, member] of Object.entries(value)) out[key] = nullableToNull(member);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

function describeFailure(error: ErrorObject | undefined): string {
  if (!error) return 'the event does not match';
  const path = error.instancePath === '' ? 'the event' : error.instancePath;
  const extra = error.params as { additionalProperty?: string };
  if (error.keyword === 'additionalProperties' && extra.additionalProperty !== undefined) {
    return `${path} must not have the property '${extra.additionalProperty}'`;
  }
  return `${path} ${error.message ?? 'does not match'}`;
}
