/**
 * Replays (user guide, "Replaying archived events"; API reference: StartReplay, DescribeReplay,
 * ListReplays, CancelReplay). A replay reads its archive's log from the first record that
 * arrived at or after EventStartTime, keeps the events whose time falls in [EventStartTime,
 * EventEndTime), and puts each on the archive's bus again with a new id and `replay-name` in its
 * envelope, matched only against the rules named in FilterArns (all the bus's rules when none
 * are); archive rules never match them again. Progress is durable: the replay record keeps the
 * next seq to read and is leased to the node running it, so a replay survives restarts and moves
 * to another node when its node dies (events of the batch in flight then may be replayed twice:
 * at least once, as every EventBridge delivery).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import type {
  DocumentTable,
  EventReplayRecord,
  EventReplayState,
  LogStore,
  Page,
  PageRequest,
} from '../../store/port.js';
import type { Archives } from './archives.js';
import { type EventEnvelope, envelopeOfText } from './envelope.js';
import { busErrors } from './errors.js';
import { filteredPage } from './filtered-pages.js';
import { type BusLocation, type BusRef, parseBusArn, parseRuleArn } from './names.js';

export interface ReplayInput {
  readonly name: string;
  readonly description?: string;
  readonly eventSourceArn: string;
  readonly eventStartTime: number;
  readonly eventEndTime: number;
  readonly destination: { readonly arn: string; readonly filterArns?: readonly string[] };
}

export interface ReplayFilter {
  readonly namePrefix?: string;
  readonly eventSourceArn?: string;
  readonly state?: EventReplayState;
}

export interface ReplaysOptions {
  readonly replays: DocumentTable<EventReplayRecord>;
  readonly log: LogStore;
  readonly archives: Archives;
  readonly clock: Clock;
  readonly pollMs: number;
  readonly busExists: (ref: BusRef) => Promise<boolean>;
  /** Puts replayed events on a bus for these rules only (all of them when undefined); resolves once durable. */
  readonly redeliver: (busArn: string, events: readonly EventEnvelope[], ruleArns?: readonly string[]) => Promise<void>;
  readonly onError: (error: unknown, context: string) => void;
}

const ACTIVE: readonly EventReplayState[] = ['STARTING', 'RUNNING', 'CANCELLING'];
const LEASE_MS = 30_000;
const BATCH = 100;

export const replayArn = (at: BusLocation, name: string) => `arn:aws:events:${at.region}:${at.account}:replay/${name}`;

export class Replays {
  /** This node, as replay leases name it. */
  private readonly node = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private closed = false;

  constructor(private readonly options: ReplaysOptions) {}

  start(): void {
    this.wake(0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  async startReplay(at: BusLocation, input: ReplayInput): Promise<EventReplayRecord> {
    const bus = parseBusArn(input.destination.arn);
    if (!bus)
      throw busErrors.validation('Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.');
    if (!(await this.options.busExists(bus))) throw busErrors.busNotFound(bus.name);
    const archive = await this.options.archives.byArn(input.eventSourceArn);
    if (!archive) {
      const name = input.eventSourceArn.slice(input.eventSourceArn.lastIndexOf('/') + 1);
      throw busErrors.validation(`Parameter EventSourceArn is not valid. Reason: Archive ${name} does not exist.`);
    }
    if (archive.eventSourceArn !== bus.arn) {
      throw busErrors.validation(
        'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
      );
    }
    if (input.eventEndTime <= input.eventStartTime) {
      throw busErrors.validation(
        'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.',
      );
    }
    for (const arn of input.destination.filterArns ?? []) {
      if (parseRuleArn(arn)?.bus.arn !== bus.arn) {
        throw busErrors.validation(
          `Parameter Destination.FilterArns is not valid. Reason: ${arn} is not a rule of ${bus.name}.`,
        );
      }
    }
    const arn = replayArn(at, input.name);
    const record: EventReplayRecord = {
      arn,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      eventSourceArn: archive.arn,
      destination: input.destination,
      eventStartTime: input.eventStartTime,
      eventEndTime: input.eventEndTime,
      state: 'STARTING',
      replayStartTime: this.options.clock.now(),
      position: await this.options.log.seqAt(archive.logId, 0, input.eventStartTime),
      version: 1,
    };
    if ((await this.options.replays.create(arn, record)) === 'alreadyExists') throw busErrors.replayExists(input.name);
    this.wake(0);
    return record;
  }

  async get(at: BusLocation, name: string): Promise<EventReplayRecord> {
    const record = await this.options.replays.get(replayArn(at, name));
    if (!record) throw busErrors.replayNotFound(name);
    return record;
  }

  list(at: BusLocation, filter: ReplayFilter, page: PageRequest): Promise<Page<EventReplayRecord>> {
    return filteredPage(
      (request) => this.options.replays.list(replayArn(at, filter.namePrefix ?? ''), request),
      (r) =>
        (filter.eventSourceArn === undefined || r.eventSourceArn === filter.eventSourceArn) &&
        (filter.state === undefined || r.state === filter.state),
      (r) => r.arn,
      page,
    );
  }

  /** Asks a starting or running replay to stop: CANCELLING now, CANCELLED once its runner sees it. */
  async cancel(at: BusLocation, name: string): Promise<EventReplayRecord> {
    for (;;) {
      const current = await this.get(at, name);
      if (current.state !== 'STARTING' && current.state !== 'RUNNING') throw busErrors.replayNotCancellable(name);
      const next: EventReplayRecord = { ...current, state: 'CANCELLING', version: current.version + 1 };
      if ((await this.options.replays.update(current.arn, next)) === 'updated') {
        this.wake(0);
        return next;
      }
    }
  }

  // ------------------------------------------------------------------ the runner

  private wake(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.runAll(), delayMs);
    this.timer.unref();
  }

  /** Advances every active replay this node holds or can take over, then looks again later. */
  private async runAll(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      let after: string | undefined;
      do {
        const page = await this.options.replays.list('', { limit: 100, ...(after !== undefined ? { after } : {}) });
        for (const replay of page.items) if (ACTIVE.includes(replay.state)) await this.run(replay);
        after = page.next;
      } while (after !== undefined && !this.closed);
    } catch (e) {
      if (!this.closed) this.options.onError(e, 'running event replays');
    } finally {
      this.running = false;
      this.wake(this.options.pollMs);
    }
  }

  /** Runs one replay to its end (or until it is cancelled, or another node holds it). */
  private async run(replay: EventReplayRecord): Promise<void> {
    let current: EventReplayRecord | undefined = replay;
    while (current && !this.closed) {
      const now = this.options.clock.now();
      const lease = current.lease;
      if (lease && lease.owner !== this.node && lease.until > now) return;
      // The lease is taken before any event is replayed: of nodes that read the same version of
      // the record, one stores it and runs the batch; the others' updates conflict and they stop.
      if (lease?.owner !== this.node || lease.until - now < LEASE_MS / 2) {
        current = await this.lease(current, now);
        if (!current) return;
      }
      current = await this.step(current, now);
    }
  }

  private async lease(replay: EventReplayRecord, now: number): Promise<EventReplayRecord | undefined> {
    const next = { ...replay, lease: { owner: this.node, until: now + LEASE_MS }, version: replay.version + 1 };
    return (await this.options.replays.update(replay.arn, next)) === 'updated' ? next : undefined;
  }

  /** One batch: the next state of the replay, or undefined when it has ended or was taken. */
  private async step(replay: EventReplayRecord, now: number): Promise<EventReplayRecord | undefined> {
    const save = async (changes: Partial<EventReplayRecord>, ended: boolean) => {
      const { lease: _previous, ...rest } = replay;
      const next: EventReplayRecord = {
        ...rest,
        ...changes,
        // An ended replay is nobody's; a running one is this node's for another lease.
        ...(ended ? { replayEndTime: now } : { lease: { owner: this.node, until: now + LEASE_MS } }),
        version: replay.version + 1,
      };
      const stored = (await this.options.replays.update(replay.arn, next)) === 'updated';
      return stored && !ended ? next : undefined;
    };
    if (replay.state === 'CANCELLING') return save({ state: 'CANCELLED' }, true);
    const archive = await this.options.archives.byArn(replay.eventSourceArn);
    if (!archive) return save({ state: 'FAILED', stateReason: 'The archive was deleted.' }, true);
    const records = await this.options.log.read({
      log: archive.logId,
      partition: 0,
      from: replay.position,
      limit: BATCH,
      maxBytes: 1 << 20,
      notBefore: 0,
    });
    const events: EventEnvelope[] = [];
    let position = replay.position;
    let ended = records.length === 0;
    for (const record of records) {
      if (record.at >= replay.eventEndTime) {
        ended = true;
        break;
      }
      position = record.seq + 1;
      const event = replayed(new TextDecoder().decode(record.data), replay.name);
      if (event && event.time >= replay.eventStartTime && event.time < replay.eventEndTime) events.push(event);
    }
    if (events.length > 0) {
      await this.options.redeliver(archive.eventSourceArn, events, replay.destination.filterArns);
    }
    const lastReplayed = Math.max(replay.eventLastReplayedTime ?? 0, ...events.map((e) => e.time));
    return save(
      {
        state: ended ? 'COMPLETED' : 'RUNNING',
        position,
        ...(lastReplayed > 0 ? { eventLastReplayedTime: lastReplayed } : {}),
      },
      ended,
    );
  }
}

/** The archived envelope as replayed: a new id, and `replay-name` added (as AWS adds it). */
function replayed(text: string, replayName: string): EventEnvelope | undefined {
  const original = envelopeOfText(text);
  if (!original) return undefined;
  const renamed = text
    .replace(`"id":${JSON.stringify(original.id)}`, `"id":${JSON.stringify(randomUUID())}`)
    .replace(/}\s*$/, `,"replay-name":${JSON.stringify(replayName)}}`);
  return envelopeOfText(renamed);
}
