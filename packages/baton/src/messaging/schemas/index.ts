/**
 * @module messaging/schemas
 * The schema registry with EventBridge Schemas semantics: registries, schemas with numbered
 * versions (JSON Schema and OpenAPI 3 documents, validated with ajv), search, discoverers that
 * infer schemas from a bus's events into the `discovered-schemas` registry, and — Baton's
 * extension — enforcement: a bus tagged `baton:schema-enforcement=<registry>` refuses events
 * that break their schema. Durable through the store's SchemaStore port; imports nothing of api/
 * (errors are SchemaErrors, which the API layer encodes). The event bus reaches it through its
 * `admission` hook. Entry point: `SchemaService`; `schemaToTypeScript` for code generation.
 *
 * @example
 * const schemas = new SchemaService({ store: store.schemas, tags: store.tags, clock, busExists });
 * const bus = new EventBusService({ ..., admission: (ref, envelope) => schemas.admission.admit(ref, envelope) });
 * await schemas.createRegistry(at, 'orders', undefined, {});
 */
export { ENFORCEMENT_TAG, SchemaAdmission } from './admission.js';
export { type CodegenSource, schemaToTypeScript } from './codegen.js';
export { SchemaError, type SchemaErrorCode, schemaErrors } from './errors.js';
export {
  DISCOVERED_REGISTRY,
  discoveredSchemaName,
  parseSchemasArn,
  REGISTRY_NAME,
  SCHEMA_NAME,
  type SchemaLocation,
} from './names.js';
export { type SchemaChanges, SchemaService, type SchemaServiceOptions, type SchemaVersionView } from './service.js';
