/**
 * Archives (user guide, "Archiving and replaying events"; API reference: CreateArchive,
 * DescribeArchive, ListArchives, UpdateArchive, DeleteArchive). An archive is, as on AWS, a
 * managed rule `Events-Archive-<name>` on its bus whose pattern is the archive's plus
 * `"replay-name": [{"exists": false}]` (replayed events are not archived again), with the archive
 * as its one target. So an accepted event that matches gets an outbox row in the commit that
 * accepts it, like any target's, and its delivery appends it to the archive's log (the shared log
 * of messaging/log and LogStore: one partition, records keyed by event id) in the transaction
 * that deletes the row, and only if the row was still there: a row dispatched twice (its lease ran
 * out, its node crashed) is archived once. Retention trims the log by RetentionDays.
 */
import type { Clock, JsonObject } from '../../kernel/index.js';
import { GroupCommit } from '../../store/group-commit.js';
import type {
  ArchivedEvent,
  BusStore,
  EventArchiveRecord,
  EventArchiveState,
  EventArchiveStore,
  LogStore,
  Page,
  PageRequest,
} from '../../store/port.js';
import { busErrors } from './errors.js';
import { filteredPage } from './filtered-pages.js';
import { type BusLocation, type BusRef, parseBusArn, ruleArn } from './names.js';
import type { Dispatch, DispatchOutcome } from './targets.js';

export interface ArchiveInput {
  readonly name: string;
  readonly eventSourceArn: string;
  readonly description?: string;
  readonly eventPattern?: string;
  readonly retentionDays?: number;
}

export type ArchiveChange = Pick<ArchiveInput, 'description' | 'eventPattern' | 'retentionDays'>;

export interface ArchiveFilter {
  readonly namePrefix?: string;
  readonly eventSourceArn?: string;
  readonly state?: EventArchiveState;
}

export interface ArchivesOptions {
  readonly archives: EventArchiveStore;
  readonly log: LogStore;
  readonly bus: BusStore;
  readonly clock: Clock;
  /** Re-reads a bus's rules after its managed rule changed (the bus service's matcher). */
  readonly rulesChanged: (busArn: string) => Promise<void>;
  /** Whether the bus exists (the default bus always does). */
  readonly busExists: (ref: BusRef) => Promise<boolean>;
  readonly commitsInFlight: number;
}

/** Who manages an archive's rule, as AWS names it. */
export const ARCHIVE_RULE_MANAGER = 'prod.vhs.events.aws.internal';
const DAY_MS = 86_400_000;

export const archiveArn = (at: BusLocation, name: string) =>
  `arn:aws:events:${at.region}:${at.account}:archive/${name}`;
const archiveRuleName = (name: string) => `Events-Archive-${name}`;

/** The managed rule's pattern: the archive's, and never a replayed event. */
function archiveRulePattern(eventPattern: string | undefined): string {
  const pattern = eventPattern === undefined ? {} : (JSON.parse(eventPattern) as JsonObject);
  return JSON.stringify({ ...pattern, 'replay-name': [{ exists: false }] });
}

export class Archives {
  private readonly appends: GroupCommit<ArchivedEvent, 'archived' | 'alreadyArchived' | 'noLog'>;
  /** Archive records by ARN, read at most once a second: a delivery needs the log id, not a read per event. */
  private readonly cache = new Map<string, { at: number; record: EventArchiveRecord | undefined }>();

  constructor(private readonly options: ArchivesOptions) {
    this.appends = new GroupCommit(
      (events) => options.archives.append(events, options.clock.now()),
      options.commitsInFlight,
    );
  }

  async create(at: BusLocation, input: ArchiveInput): Promise<EventArchiveRecord> {
    const bus = parseBusArn(input.eventSourceArn);
    if (!bus) {
      throw busErrors.validation(
        `Parameter EventSourceArn is not valid. Reason: ${input.eventSourceArn} is not an event bus ARN.`,
      );
    }
    if (!(await this.options.busExists(bus))) throw busErrors.busNotFound(bus.name);
    const arn = archiveArn(at, input.name);
    if (await this.options.archives.get(arn)) throw busErrors.archiveExists(input.name);
    const logId = await this.options.log.create(`archive:${arn}`, [0]);
    const record: EventArchiveRecord = {
      arn,
      name: input.name,
      eventSourceArn: bus.arn,
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.eventPattern !== undefined ? { eventPattern: input.eventPattern } : {}),
      retentionDays: input.retentionDays ?? 0,
      state: 'ENABLED',
      createdAt: this.options.clock.now(),
      logId,
      version: 1,
    };
    if ((await this.options.archives.create(arn, record)) === 'alreadyExists') {
      await this.options.archives.dropLog(logId);
      throw busErrors.archiveExists(input.name);
    }
    await this.putRule(bus, record);
    return record;
  }

  async get(at: BusLocation, name: string): Promise<EventArchiveRecord> {
    const record = await this.options.archives.get(archiveArn(at, name));
    if (!record) throw busErrors.archiveNotFound(name);
    return record;
  }

  /** The archive an ARN names, or undefined (replays, and deliveries through the cache). */
  byArn(arn: string): Promise<EventArchiveRecord | undefined> {
    return this.options.archives.get(arn);
  }

  list(at: BusLocation, filter: ArchiveFilter, page: PageRequest): Promise<Page<EventArchiveRecord>> {
    return filteredPage(
      (request) => this.options.archives.list(archiveArn(at, filter.namePrefix ?? ''), request),
      (a) =>
        (filter.eventSourceArn === undefined || a.eventSourceArn === filter.eventSourceArn) &&
        (filter.state === undefined || a.state === filter.state),
      (a) => a.arn,
      page,
    );
  }

  stats(record: EventArchiveRecord) {
    return this.options.archives.stats(record.logId);
  }

  async update(at: BusLocation, name: string, change: ArchiveChange): Promise<EventArchiveRecord> {
    for (;;) {
      const current = await this.get(at, name);
      const next: EventArchiveRecord = {
        ...current,
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(change.eventPattern !== undefined ? { eventPattern: change.eventPattern } : {}),
        ...(change.retentionDays !== undefined ? { retentionDays: change.retentionDays } : {}),
        version: current.version + 1,
      };
      if ((await this.options.archives.update(current.arn, next)) === 'conflict') continue;
      this.cache.delete(current.arn);
      if (change.eventPattern !== undefined) await this.putRule(parseBusArn(next.eventSourceArn)!, next);
      return next;
    }
  }

  /** Removes the archive, its managed rule and its events. */
  async delete(at: BusLocation, name: string): Promise<void> {
    const record = await this.get(at, name);
    const bus = parseBusArn(record.eventSourceArn)!;
    const rule = ruleArn(bus, archiveRuleName(name));
    await this.options.bus.removeTargets(rule, [archiveRuleName(name)]);
    await this.options.bus.deleteRule(rule);
    await this.options.rulesChanged(bus.arn);
    await this.options.archives.delete(record.arn);
    this.cache.delete(record.arn);
    await this.options.archives.dropLog(record.logId);
  }

  /**
   * Delivers an event to the archive a managed rule targets: appends it and deletes its outbox row
   * together, so the delivery is `completed` (the worker has no row left to delete).
   */
  async deliver(d: Dispatch): Promise<DispatchOutcome> {
    const archive = await this.cached(d.target.arn);
    const id = (JSON.parse(d.input) as { id?: unknown }).id;
    if (!archive || typeof id !== 'string') {
      return {
        kind: 'failed',
        fatal: true,
        code: 'RESOURCE_NOT_FOUND',
        message: `Archive ${d.target.arn} does not exist.`,
      };
    }
    const outcome = await this.appends.submit({
      logId: archive.logId,
      deliveryId: d.deliveryId,
      eventId: id,
      data: new TextEncoder().encode(d.input),
    });
    if (outcome === 'noLog') {
      return {
        kind: 'failed',
        fatal: true,
        code: 'RESOURCE_NOT_FOUND',
        message: `Archive ${archive.name} was deleted.`,
      };
    }
    return { kind: 'completed' };
  }

  /** Trims every archive with a RetentionDays to the events of its last RetentionDays days. */
  async sweep(): Promise<void> {
    const now = this.options.clock.now();
    let after: string | undefined;
    do {
      const page = await this.options.archives.list('', { limit: 100, ...(after !== undefined ? { after } : {}) });
      for (const archive of page.items) {
        if (archive.retentionDays === 0) continue;
        const before = now - archive.retentionDays * DAY_MS;
        await this.options.archives.trim(archive.logId, await this.options.log.seqAt(archive.logId, 0, before));
      }
      after = page.next;
    } while (after !== undefined);
  }

  /** Writes the archive's managed rule with its one target, and has the bus recompile its matcher. */
  private async putRule(bus: BusRef, record: EventArchiveRecord): Promise<void> {
    const name = archiveRuleName(record.name);
    const arn = ruleArn(bus, name);
    await this.options.bus.putRule({
      arn,
      name,
      busArn: bus.arn,
      eventPattern: archiveRulePattern(record.eventPattern),
      state: 'ENABLED',
      managedBy: ARCHIVE_RULE_MANAGER,
      createdAt: record.createdAt,
    });
    const target = { Id: name, Arn: record.arn };
    await this.options.bus.putTargets(arn, [{ ruleArn: arn, id: name, arn: record.arn, target }], 5);
    await this.options.rulesChanged(bus.arn);
  }

  private async cached(arn: string): Promise<EventArchiveRecord | undefined> {
    // Wall time, not the bus clock: this bounds staleness across nodes, not event time.
    const now = Date.now();
    const hit = this.cache.get(arn);
    if (hit && now - hit.at < 1000) return hit.record;
    const record = await this.options.archives.get(arn);
    this.cache.set(arn, { at: now, record });
    return record;
  }
}
