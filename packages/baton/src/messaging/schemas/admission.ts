/**
 * What the event bus asks the schema registry about each event it accepts (the bus service's
 * `admission` hook), a Baton extension:
 *
 * - Enforcement: a bus tagged `baton:schema-enforcement=<registry>` refuses an event that does not
 *   validate against the latest version of the registry's schema for its source and detail-type
 *   (the schema's `x-amazon-events-*` annotations, documents.ts); the entry fails alone, with
 *   `ValidationException` and the failing path. Events of kinds the registry has no schema for pass.
 * - Discovery: an accepted event on a bus whose discoverer is STARTED is handed to `observe`.
 *
 * Both settings are read per bus and kept for a second (so several nodes, and tags changed
 * through the EventBridge API, take effect within a second); the registry's compiled validators
 * likewise, and at once after a change made through this node. A bus with neither costs one map
 * lookup per event.
 */
import type { Clock, Json, JsonObject } from '../../kernel/index.js';
import type { SchemaStore, SchemaVersionRecord, TagStore } from '../../store/port.js';
import type { BusRef, EntryError, EventEnvelope } from '../bus/index.js';
import { compileEventValidator, type EventKind, type EventValidator, parseSchemaContent } from './documents.js';
import { discovererArn, discovererIdOf, registryArn } from './names.js';

/** The bus tag that turns enforcement on: its value names the registry whose schemas apply. */
export const ENFORCEMENT_TAG = 'baton:schema-enforcement';

const TTL_MS = 1000;

interface BusPolicy {
  /** The registry whose schemas the bus enforces. */
  readonly enforce?: { readonly arn: string; readonly name: string };
  readonly discover: boolean;
}

interface EnforcedSchema {
  readonly name: string;
  readonly version: number;
  readonly validate: EventValidator;
}

export interface SchemaAdmissionOptions {
  readonly store: SchemaStore;
  readonly tags: TagStore;
  readonly clock: Clock;
  readonly observe: (bus: BusRef, event: Json, kind: EventKind) => void;
}

export class SchemaAdmission {
  private readonly policies: ExpiringCache<BusPolicy>;
  private readonly registries: ExpiringCache<Map<string, EnforcedSchema>>;
  /** Compiled latest versions by registry ARN, then by schema ARN and version: each is compiled once per node. */
  private readonly compiled = new Map<string, Map<string, CompiledSchema | undefined>>();

  constructor(private readonly options: SchemaAdmissionOptions) {
    this.policies = new ExpiringCache(options.clock);
    this.registries = new ExpiringCache(options.clock);
  }

  /** The bus hook: a refusal for an event its bus's schema does not allow, else undefined. */
  async admit(bus: BusRef, envelope: EventEnvelope): Promise<EntryError | undefined> {
    const policy = await this.policies.get(bus.arn, () => this.loadPolicy(bus));
    if (policy.enforce === undefined && !policy.discover) return undefined;
    const kind = { source: envelope.source, detailType: envelope.detailType };
    // The event is parsed only for a schema to check or a discoverer to feed.
    let event: JsonObject | undefined;
    const parsed = () => (event ??= JSON.parse(envelope.text) as JsonObject);
    const registry = policy.enforce;
    if (registry !== undefined) {
      const schema = (await this.registries.get(registry.arn, () => this.loadRegistry(registry.arn))).get(
        kindKey(kind),
      );
      const failure = schema?.validate(parsed());
      if (schema && failure !== undefined) {
        return {
          code: 'ValidationException',
          message: `Event does not match schema ${schema.name} (version ${schema.version}, registry ${registry.name}): ${failure}`,
        };
      }
    }
    if (policy.discover) this.options.observe(bus, parsed(), kind);
    return undefined;
  }

  /** Drops what is known of a bus's settings (its discoverer changed). */
  forgetBus(busArn: string): void {
    this.policies.forget(busArn);
  }

  /** Drops a registry's validators (one of its schemas changed). */
  forgetRegistry(arn: string): void {
    this.registries.forget(arn);
  }

  private async loadPolicy(bus: BusRef): Promise<BusPolicy> {
    const [tags, discoverer] = await Promise.all([
      this.options.tags.list(bus.arn),
      this.options.store.getDiscoverer(discovererArn(bus, discovererIdOf(bus.name))),
    ]);
    const registry = tags[ENFORCEMENT_TAG];
    return {
      ...(registry ? { enforce: { arn: registryArn(bus, registry), name: registry } } : {}),
      discover: discoverer?.state === 'STARTED' && discoverer.sourceArn === bus.arn,
    };
  }

  /** The registry's schemas that describe a kind of event, by kind, compiled. */
  private async loadRegistry(arn: string): Promise<Map<string, EnforcedSchema>> {
    const before = this.compiled.get(arn);
    const compiled = new Map<string, CompiledSchema | undefined>();
    const byKind = new Map<string, EnforcedSchema>();
    for (const version of await this.options.store.latestVersions(arn)) {
      const id = `${version.schemaArn}#${version.version}`;
      const schema = before?.has(id) ? before.get(id) : compileStored(version);
      compiled.set(id, schema);
      if (!schema) continue;
      const name = version.schemaArn.slice(version.schemaArn.lastIndexOf('/') + 1);
      byKind.set(kindKey(schema.kind), { name, version: version.version, validate: schema.validate });
    }
    this.compiled.set(arn, compiled);
    return byKind;
  }
}

const kindKey = (kind: EventKind) => `${kind.source}\u0000${kind.detailType}`;

interface CompiledSchema {
  readonly kind: EventKind;
  readonly validate: EventValidator;
}

/** A stored version's kind and validator; undefined when it describes no kind of event. */
function compileStored(version: SchemaVersionRecord): CompiledSchema | undefined {
  try {
    const document = parseSchemaContent(version.type, version.content);
    const validate = compileEventValidator(document);
    return document.event && validate ? { kind: document.event, validate } : undefined;
  } catch {
    // Content is checked when written; a version that no longer parses (an older Baton's) enforces nothing.
    return undefined;
  }
}

/** Values loaded on demand and kept for TTL_MS; concurrent readers share one load. */
class ExpiringCache<T> {
  private readonly entries = new Map<string, { readonly at: number; readonly value: Promise<T> }>();

  constructor(private readonly clock: Clock) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now();
    const entry = this.entries.get(key);
    if (entry && now - entry.at < TTL_MS) return entry.value;
    const value = load();
    this.entries.set(key, { at: now, value });
    // A failed load is not kept: the next reader tries again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
