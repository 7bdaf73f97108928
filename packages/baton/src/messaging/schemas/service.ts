/**
 * The schema registry service: EventBridge Schemas semantics over the SchemaStore port.
 * Registries hold schemas; a schema's content is checked when it is written (documents.ts) and
 * every change of content is a new numbered version; discoverers sample a bus's events into the
 * `discovered-schemas` registry (discovery.ts), one schema per source and detail-type, versioned
 * when an event shows a shape the latest version does not allow. The bus consults `admit`
 * (admission.ts) for each event it accepts. Addressed by name within a region and account; the
 * AWS protocol (paths, shapes, tokens) is the API layer's business.
 */
import type { Clock } from '../../kernel/index.js';
import type {
  Page,
  PageRequest,
  SchemaDiscovererRecord,
  SchemaListing,
  SchemaRecord,
  SchemaRegistryRecord,
  SchemaStore,
  SchemaType,
  SchemaVersionRecord,
  TagStore,
} from '../../store/port.js';
import { type BusRef, parseBusArn } from '../bus/index.js';
import { SchemaAdmission } from './admission.js';
import { DiscoveredSchemas, discoveredSchemaOf } from './discovered.js';
import { parseSchemaContent } from './documents.js';
import { schemaErrors } from './errors.js';
import {
  discovererArn,
  discovererArnPrefix,
  discovererIdOf,
  parseSchemasArn,
  registryArn,
  registryArnPrefix,
  type SchemaLocation,
  schemaArn,
} from './names.js';
import { firstVersion, nextVersion, versionNumber } from './versions.js';

export interface SchemaServiceOptions {
  readonly store: SchemaStore;
  readonly tags: TagStore;
  readonly clock: Clock;
  /** Whether an event bus exists (discoverers name one). */
  readonly busExists: (bus: BusRef) => Promise<boolean>;
  readonly onError?: (error: unknown, context: string) => void;
}

export interface SchemaVersionView {
  readonly schema: SchemaRecord;
  readonly version: SchemaVersionRecord;
}

export interface SchemaChanges {
  readonly content?: string;
  readonly type?: SchemaType;
  readonly description?: string;
  /** UpdateSchema's idempotency token: a retry with the same token changes nothing more. */
  readonly clientToken?: string;
}

/** Concurrent writers of one schema retry their optimistic update at most this often. */
const MAX_ATTEMPTS = 5;

export class SchemaService {
  readonly admission: SchemaAdmission;
  private readonly discovered: DiscoveredSchemas;
  private readonly store: SchemaStore;

  constructor(private readonly options: SchemaServiceOptions) {
    this.store = options.store;
    this.discovered = new DiscoveredSchemas({
      store: options.store,
      clock: options.clock,
      changed: (arn) => this.admission.forgetRegistry(arn),
      ...(options.onError ? { onError: options.onError } : {}),
    });
    this.admission = new SchemaAdmission({
      store: options.store,
      tags: options.tags,
      clock: options.clock,
      observe: (bus, event, kind) => this.discovered.observe(bus, event, kind),
    });
  }

  // --- registries ---------------------------------------------------------------------------

  async createRegistry(
    at: SchemaLocation,
    name: string,
    description: string | undefined,
    tags: Record<string, string>,
  ): Promise<SchemaRegistryRecord> {
    const record: SchemaRegistryRecord = {
      arn: registryArn(at, name),
      name,
      ...(description !== undefined ? { description } : {}),
      createdAt: this.options.clock.now(),
    };
    if ((await this.store.createRegistry(record)).kind === 'alreadyExists') throw schemaErrors.registryExists(name);
    await this.putTags(record.arn, tags);
    return record;
  }

  async registry(at: SchemaLocation, name: string): Promise<SchemaRegistryRecord> {
    const record = await this.store.getRegistry(registryArn(at, name));
    if (!record) throw schemaErrors.registryNotFound(name);
    return record;
  }

  async listRegistries(at: SchemaLocation, namePrefix: string, page: PageRequest): Promise<Page<SchemaRegistryRecord>> {
    return this.store.listRegistries(registryArnPrefix(at) + namePrefix, page);
  }

  async updateRegistry(at: SchemaLocation, name: string, description: string | undefined) {
    const record = await this.registry(at, name);
    const updated: SchemaRegistryRecord = { ...record, ...(description !== undefined ? { description } : {}) };
    if (!(await this.store.updateRegistry(updated))) throw schemaErrors.registryNotFound(name);
    this.admission.forgetRegistry(record.arn);
    return updated;
  }

  async deleteRegistry(at: SchemaLocation, name: string): Promise<void> {
    if (!(await this.store.deleteRegistry(registryArn(at, name)))) throw schemaErrors.registryNotFound(name);
    this.discovered.forget(schemaArn(at, name, ''));
    this.admission.forgetRegistry(registryArn(at, name));
  }

  // --- schemas ------------------------------------------------------------------------------

  async createSchema(
    at: SchemaLocation,
    registry: string,
    name: string,
    input: { readonly type: SchemaType; readonly content: string; readonly description?: string },
    tags: Record<string, string>,
  ): Promise<SchemaVersionView> {
    parseSchemaContent(input.type, input.content);
    const { schema, version } = firstVersion(at, registry, name, input, this.options.clock.now());
    const outcome = await this.store.createSchema(schema, version);
    if (outcome === 'registryNotFound') throw schemaErrors.registryNotFound(registry);
    if (outcome === 'alreadyExists') throw schemaErrors.schemaExists(registry, name);
    await this.putTags(schema.arn, tags);
    this.admission.forgetRegistry(schema.registryArn);
    return { schema, version };
  }

  /** A schema and one of its versions (the latest when `version` is absent). */
  async schemaVersion(
    at: SchemaLocation,
    registry: string,
    name: string,
    version?: string,
  ): Promise<SchemaVersionView> {
    const schema = await this.schema(at, registry, name);
    const number = version === undefined ? undefined : versionNumber(version);
    if (version !== undefined && number === undefined) throw schemaErrors.versionNotFound(name, version);
    const found = await this.store.getSchemaVersion(schema.arn, number);
    if (!found) throw schemaErrors.versionNotFound(name, version ?? 'latest');
    return { schema, version: found };
  }

  async listSchemas(
    at: SchemaLocation,
    registry: string,
    namePrefix: string,
    page: PageRequest,
  ): Promise<Page<SchemaListing>> {
    const record = await this.registry(at, registry);
    return this.store.listSchemas(record.arn, namePrefix, page);
  }

  async listSchemaVersions(at: SchemaLocation, registry: string, name: string, page: PageRequest) {
    const schema = await this.schema(at, registry, name);
    return this.store.listSchemaVersions(schema.arn, page);
  }

  /** Schemas whose name or content contains the keyword, each with all its versions. */
  async searchSchemas(at: SchemaLocation, registry: string, keyword: string, page: PageRequest) {
    const record = await this.registry(at, registry);
    const found = await this.store.searchSchemas(record.arn, keyword, page);
    const items = await Promise.all(
      found.items.map(async (schema) => ({ schema, versions: await this.allVersions(schema.arn) })),
    );
    return { items, ...(found.next !== undefined ? { next: found.next } : {}) };
  }

  /**
   * UpdateSchema: a new version when the content or type changes (checked first); the
   * description changes in place. A retry with the token that created the latest version is
   * answered that version, as is a change that changes nothing.
   */
  async updateSchema(at: SchemaLocation, registry: string, name: string, changes: SchemaChanges) {
    for (let attempt = 1; ; attempt++) {
      const { schema, version: latest } = await this.schemaVersion(at, registry, name);
      if (changes.clientToken !== undefined && latest.clientToken === changes.clientToken)
        return { schema, version: latest };
      const type = changes.type ?? latest.type;
      const content = changes.content ?? latest.content;
      const changed = type !== latest.type || content !== latest.content;
      if (changed) parseSchemaContent(type, content);
      const now = this.options.clock.now();
      const described = {
        ...schema,
        ...(changes.description !== undefined ? { description: changes.description } : {}),
      };
      const { schema: next, version } = changed
        ? nextVersion(described, { type, content, clientToken: changes.clientToken }, now)
        : { schema: { ...described, lastModified: now }, version: undefined };
      if ((await this.store.updateSchema(next, schema.lastVersion, version)) === 'updated') {
        this.admission.forgetRegistry(schema.registryArn);
        return { schema: next, version: version ?? latest };
      }
      if (attempt === MAX_ATTEMPTS)
        throw new Error(`schema ${schema.arn}: ${MAX_ATTEMPTS} concurrent updates conflicted`);
    }
  }

  async deleteSchema(at: SchemaLocation, registry: string, name: string): Promise<void> {
    const schema = await this.schema(at, registry, name);
    await this.store.deleteSchema(schema.arn);
    this.discovered.forget(schema.arn);
    this.admission.forgetRegistry(schema.registryArn);
  }

  async deleteSchemaVersion(at: SchemaLocation, registry: string, name: string, version: string): Promise<void> {
    const schema = await this.schema(at, registry, name);
    const number = versionNumber(version);
    const outcome = number === undefined ? 'notFound' : await this.store.deleteSchemaVersion(schema.arn, number);
    if (outcome === 'notFound') throw schemaErrors.versionNotFound(name, version);
    if (outcome === 'onlyVersion') throw schemaErrors.onlyVersion(name, version);
    this.discovered.forget(schema.arn);
    this.admission.forgetRegistry(schema.registryArn);
  }

  // --- discoverers --------------------------------------------------------------------------

  async createDiscoverer(
    at: SchemaLocation,
    input: { readonly sourceArn: string; readonly description?: string; readonly crossAccount?: boolean },
    tags: Record<string, string>,
  ): Promise<SchemaDiscovererRecord> {
    const bus = parseBusArn(input.sourceArn);
    if (!bus || !(await this.options.busExists(bus))) throw schemaErrors.busNotFound(input.sourceArn);
    await this.discovered.ensureRegistry(bus);
    const id = discovererIdOf(bus.name);
    const record: SchemaDiscovererRecord = {
      arn: discovererArn(at, id),
      id,
      sourceArn: input.sourceArn,
      ...(input.description !== undefined ? { description: input.description } : {}),
      state: 'STARTED',
      crossAccount: input.crossAccount ?? true,
      createdAt: this.options.clock.now(),
    };
    if ((await this.store.createDiscoverer(record)).kind === 'alreadyExists') {
      throw schemaErrors.discovererExists(input.sourceArn);
    }
    await this.putTags(record.arn, tags);
    this.admission.forgetBus(input.sourceArn);
    return record;
  }

  async discoverer(at: SchemaLocation, id: string): Promise<SchemaDiscovererRecord> {
    const record = await this.store.getDiscoverer(discovererArn(at, id));
    if (!record) throw schemaErrors.discovererNotFound(id);
    return record;
  }

  async listDiscoverers(at: SchemaLocation, idPrefix: string, sourceArnPrefix: string, page: PageRequest) {
    return this.store.listDiscoverers(discovererArnPrefix(at) + idPrefix, sourceArnPrefix, page);
  }

  async updateDiscoverer(
    at: SchemaLocation,
    id: string,
    changes: Partial<Pick<SchemaDiscovererRecord, 'description' | 'crossAccount' | 'state'>>,
  ): Promise<SchemaDiscovererRecord> {
    const record = { ...(await this.discoverer(at, id)), ...changes };
    if (!(await this.store.updateDiscoverer(record))) throw schemaErrors.discovererNotFound(id);
    this.admission.forgetBus(record.sourceArn);
    return record;
  }

  async deleteDiscoverer(at: SchemaLocation, id: string): Promise<void> {
    const record = await this.discoverer(at, id);
    await this.store.deleteDiscoverer(record.arn);
    this.admission.forgetBus(record.sourceArn);
  }

  /** GetDiscoveredSchema: the schema of some events of one kind, as discovery would write it. */
  getDiscoveredSchema(events: readonly string[], type: SchemaType): string {
    return discoveredSchemaOf(events, type);
  }

  // --- tags ---------------------------------------------------------------------------------

  /** The tags of a registry, schema or discoverer (NotFound when there is no such resource). */
  async tags(arn: string): Promise<Record<string, string>> {
    await this.existing(arn);
    return this.options.tags.list(arn);
  }

  async tag(arn: string, tags: Record<string, string>): Promise<void> {
    await this.existing(arn);
    await this.putTags(arn, tags);
  }

  async untag(arn: string, keys: readonly string[]): Promise<void> {
    await this.existing(arn);
    await this.options.tags.remove(arn, keys);
  }

  /** Resolves once no discovery write is pending on this node (tests, shutdown). */
  whenIdle(): Promise<void> {
    return this.discovered.whenIdle();
  }

  // --- internals ----------------------------------------------------------------------------

  private async schema(at: SchemaLocation, registry: string, name: string): Promise<SchemaRecord> {
    const schema = await this.store.getSchema(schemaArn(at, registry, name));
    if (schema) return schema;
    await this.registry(at, registry);
    throw schemaErrors.schemaNotFound(registry, name);
  }

  private async allVersions(arn: string): Promise<SchemaVersionRecord[]> {
    const versions: SchemaVersionRecord[] = [];
    let after: string | undefined;
    do {
      const page = await this.store.listSchemaVersions(arn, { limit: 100, ...(after !== undefined ? { after } : {}) });
      versions.push(...page.items);
      after = page.next;
    } while (after !== undefined);
    return versions;
  }

  private async existing(arn: string): Promise<void> {
    const parsed = parseSchemasArn(arn);
    const found =
      parsed?.kind === 'registry'
        ? await this.store.getRegistry(arn)
        : parsed?.kind === 'schema'
          ? await this.store.getSchema(arn)
          : parsed?.kind === 'discoverer'
            ? await this.store.getDiscoverer(arn)
            : undefined;
    if (!found) throw schemaErrors.resourceNotFound(arn);
  }

  private async putTags(arn: string, tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length > 0) await this.options.tags.put(arn, tags);
  }
}
