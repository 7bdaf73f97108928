/**
 * Discovery into the registry: the events a started discoverer's bus accepts are merged, per
 * kind (source and detail-type), into the shape this node knows (discovery.ts); a kind's schema
 * in the `discovered-schemas` registry is written only when an event grows that shape, in the
 * background and one write at a time per schema, merged with what the registry holds (another
 * node, or this one before a restart, may have written it). So PutEvents never waits for
 * discovery, and steady traffic writes nothing. Also GetDiscoveredSchema, the same inference on
 * events given by the caller.
 */
import type { Clock, Json, JsonObject } from '../../kernel/index.js';
import type { SchemaStore, SchemaType, SchemaVersionRecord } from '../../store/port.js';
import type { BusRef } from '../bus/index.js';
import {
  inferShape,
  mergeShapes,
  renderJsonSchema,
  renderOpenApi,
  type Shape,
  sameShape,
  shapeOfDocument,
} from './discovery.js';
import type { EventKind } from './documents.js';
import { schemaErrors } from './errors.js';
import { DISCOVERED_REGISTRY, discoveredSchemaName, registryArn, type SchemaLocation, schemaArn } from './names.js';
import { firstVersion, nextVersion } from './versions.js';

export interface DiscoveredSchemasOptions {
  readonly store: SchemaStore;
  readonly clock: Clock;
  /** Told when a registry's schemas changed (enforcement recompiles them). */
  readonly changed: (registryArn: string) => void;
  readonly onError?: (error: unknown, context: string) => void;
}

/** Concurrent writers of one schema (several nodes) retry at most this often. */
const MAX_ATTEMPTS = 5;

export class DiscoveredSchemas {
  /** Shapes by schema ARN: what this node last wrote or read. */
  private readonly known = new Map<string, Shape>();
  /** Writes by schema ARN, chained: one at a time each. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly options: DiscoveredSchemasOptions) {}

  /** An event accepted on a bus whose discoverer is started. */
  observe(bus: BusRef, event: Json, kind: EventKind): void {
    const name = discoveredSchemaName(kind.source, kind.detailType);
    const arn = schemaArn(bus, DISCOVERED_REGISTRY, name);
    const known = this.known.get(arn);
    const shape = known ? mergeShapes(known, inferShape(event)) : inferShape(event);
    if (known && sameShape(known, shape)) return;
    this.known.set(arn, shape);
    const write = (this.writing.get(arn) ?? Promise.resolve())
      .then(() => this.write(bus, name, kind))
      .catch((e) => this.options.onError?.(e, `writing discovered schema ${arn}`))
      .finally(() => {
        if (this.writing.get(arn) === write) this.writing.delete(arn);
      });
    this.writing.set(arn, write);
  }

  /**
   * Forgets what this node knows of the schemas whose ARN starts with `arnPrefix` (one deleted
   * or cut back to an older version, or a whole registry's), so the next event writes again.
   */
  forget(arnPrefix: string): void {
    for (const arn of this.known.keys()) if (arn.startsWith(arnPrefix)) this.known.delete(arn);
  }

  /** The `discovered-schemas` registry of a region and account, created when missing. */
  async ensureRegistry(at: SchemaLocation): Promise<void> {
    await this.options.store.createRegistry({
      arn: registryArn(at, DISCOVERED_REGISTRY),
      name: DISCOVERED_REGISTRY,
      description: 'Schemas discovered from the events on event buses',
      createdAt: this.options.clock.now(),
    });
  }

  /** Resolves once no write is pending on this node (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.writing.size > 0) await Promise.all(this.writing.values());
  }

  /** Writes the shape known for a schema, merged with its stored latest version, if that grows it. */
  private async write(at: SchemaLocation, name: string, kind: EventKind): Promise<void> {
    const { store, clock } = this.options;
    await this.ensureRegistry(at);
    const arn = schemaArn(at, DISCOVERED_REGISTRY, name);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const shape = this.known.get(arn);
      if (!shape) return;
      const schema = await store.getSchema(arn);
      if (!schema) {
        const content = renderOpenApi(shape, kind);
        const created = firstVersion(at, DISCOVERED_REGISTRY, name, { type: 'OpenApi3', content }, clock.now());
        if ((await store.createSchema(created.schema, created.version)) === 'created') {
          return this.options.changed(created.schema.registryArn);
        }
        continue; // another node created it meanwhile: merge with theirs
      }
      const latest = await store.getSchemaVersion(arn);
      const stored = latest ? storedShape(latest) : undefined;
      const merged = stored ? mergeShapes(stored, shape) : shape;
      this.known.set(arn, merged);
      if (stored && sameShape(stored, merged)) return;
      const next = nextVersion(schema, { type: 'OpenApi3', content: renderOpenApi(merged, kind) }, clock.now());
      if ((await store.updateSchema(next.schema, schema.lastVersion, next.version)) === 'updated') {
        return this.options.changed(schema.registryArn);
      }
    }
  }
}

/** GetDiscoveredSchema: the schema of some events of one kind, as discovery would write it. */
export function discoveredSchemaOf(events: readonly string[], type: SchemaType): string {
  let shape: Shape | undefined;
  let kind: EventKind | undefined;
  events.forEach((text, i) => {
    const event = parseEvent(text, i);
    const eventKind = { source: event.source, detailType: event['detail-type'] };
    if (kind && (kind.source !== eventKind.source || kind.detailType !== eventKind.detailType)) {
      throw schemaErrors.invalidEvent(i, 'all events must have the same source and detail-type');
    }
    kind = eventKind;
    const next = inferShape(event);
    shape = shape ? mergeShapes(shape, next) : next;
  });
  if (!shape || !kind) throw schemaErrors.badRequest('Events must hold at least one event.');
  return type === 'OpenApi3' ? renderOpenApi(shape, kind) : renderJsonSchema(shape, kind);
}

/** The shape a stored discovered schema allows; undefined when its content is not JSON any more. */
function storedShape(version: SchemaVersionRecord): Shape | undefined {
  try {
    return shapeOfDocument(JSON.parse(version.content) as JsonObject);
  } catch {
    return undefined;
  }
}

type JsonEvent = { source: string; 'detail-type': string } & Record<string, Json>;

function parseEvent(text: string, index: number): JsonEvent {
  let event: Json;
  try {
    event = JSON.parse(text) as Json;
  } catch (e) {
    throw schemaErrors.invalidEvent(index, (e as Error).message);
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw schemaErrors.invalidEvent(index, 'not an object');
  }
  if (typeof event.source !== 'string' || typeof event['detail-type'] !== 'string') {
    throw schemaErrors.invalidEvent(index, "it needs a string 'source' and 'detail-type'");
  }
  return event as JsonEvent;
}
