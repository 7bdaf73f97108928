/**
 * The pipe service: EventBridge Pipes' control plane (API reference: CreatePipe, DescribePipe,
 * ListPipes, UpdatePipe, StartPipe, StopPipe, DeletePipe, TagResource, UntagResource,
 * ListTagsForResource) over the PipeStore, and the supervisor that runs the pipes.
 *
 * States: AWS moves a pipe through CREATING, UPDATING, STARTING, STOPPING and DELETING over a
 * minute or two. Baton does the work when the call is made, so a pipe is already in its stable
 * state when the call answers: RUNNING or STOPPED (StopPipe answers once this node's runner has
 * stopped), CREATE_FAILED or START_FAILED with a StateReason when the source does not exist, and
 * gone after DeletePipe (which answers DELETING, as AWS does).
 */
import type { Clock, JsonObject } from '../../kernel/index.js';
import type { Page, PipeDesiredState, PipeRecord, PipeState, PipeStore, TagStore } from '../../store/port.js';
import type { BackoffOptions } from '../bus/index.js';
import { QueueError } from '../queues/index.js';
import { StreamError, type StreamService } from '../streams/index.js';
import { PipeChain } from './chain.js';
import type { DeliveryDeps } from './deliver.js';
import { pipeErrors } from './errors.js';
import { Fields } from './fields.js';
import { pipeGroup } from './kinesis-source.js';
import { type PipeLocation, type PipeRef, parsePipeArn, pipeArn, pipeArnPrefix } from './names.js';
import { checkName, definitionFrom, otherSettings, updatedDefinition } from './requests.js';
import { createRunner, definitionOf } from './runner.js';
import { type PipeDefinition, type PipeSettings, readPipe, storedSourceParameters } from './settings.js';
import { PipeSupervisor } from './supervisor.js';

export interface PipeServiceOptions extends DeliveryDeps {
  readonly store: { readonly pipes: PipeStore; readonly tags: TagStore };
  readonly streams: StreamService;
  readonly clock: Clock;
  /** This node's id for pipe and shard leases: unique per process sharing a database (one process may pass a constant). */
  readonly node: string;
  /** How long a node's hold on a pipe lasts without renewal (default 10 s). */
  readonly leaseMs?: number;
  /** How often a node looks for pipes to run and renews its leases (default 1 s). */
  readonly pollMs?: number;
  /** How long a caught-up Kinesis shard waits before reading again (default 250 ms). */
  readonly idleMs?: number;
  /** Retry timing of failed Kinesis batches (default: 1 s doubling to 8 min, with jitter). */
  readonly backoff?: BackoffOptions;
  readonly onError?: (error: unknown, context: string) => void;
}

export interface PipeListFilter {
  readonly namePrefix?: string;
  readonly desiredState?: PipeDesiredState;
  readonly currentState?: PipeState;
  readonly sourcePrefix?: string;
  readonly targetPrefix?: string;
}

const DESIRED_STATES: readonly PipeDesiredState[] = ['RUNNING', 'STOPPED'];
const MAX_TAGS = 50;
const TAG_KEY = { min: 1, max: 128 } as const;
const TAG_VALUE = { max: 256 } as const;
/** Updates racing on one pipe are applied one after the other; this many tries before giving up. */
const UPDATE_TRIES = 5;

export class PipeService {
  readonly supervisor: PipeSupervisor;
  private readonly store: PipeServiceOptions['store'];
  private readonly clock: Clock;
  private readonly onError: (error: unknown, context: string) => void;

  constructor(private readonly options: PipeServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.onError = options.onError ?? (() => {});
    const leaseMs = options.leaseMs ?? 10_000;
    this.supervisor = new PipeSupervisor({
      store: options.store.pipes,
      clock: options.clock,
      node: options.node,
      leaseMs,
      pollMs: options.pollMs ?? 1000,
      onError: this.onError,
      create: (record) =>
        createRunner(record, {
          ...options,
          member: options.node,
          leaseMs: Math.max(3000, Math.min(leaseMs, 30_000)),
          idleMs: options.idleMs ?? 250,
          backoff: options.backoff ?? { baseMs: 1000, capMs: 8 * 60 * 1000 },
          random: Math.random,
          onError: this.onError,
        }),
    });
  }

  /** Starts running the pipes (this node's share). */
  start(): void {
    this.supervisor.start();
  }

  close(): Promise<void> {
    return this.supervisor.close();
  }

  async create(ref: PipeRef, input: JsonObject): Promise<PipeRecord> {
    checkName(ref.name);
    const root = Fields.root(input);
    const desiredState = root.enumeration('DesiredState', DESIRED_STATES) ?? 'RUNNING';
    const tags = root.stringMap('Tags', TAG_KEY, TAG_VALUE) ?? {};
    if (Object.keys(tags).length > MAX_TAGS) throw pipeErrors.tooManyTags();
    const definition = definitionFrom(input);
    const settings = await this.check(ref, definition);
    const now = this.clock.now();
    const record: PipeRecord = {
      arn: pipeArn(ref),
      name: ref.name,
      desiredState,
      ...(await this.currentState(settings, desiredState, 'CREATE_FAILED')),
      source: definition.Source,
      target: definition.Target,
      ...(definition.Enrichment ? { enrichment: definition.Enrichment } : {}),
      settings: {
        ...otherSettings(root),
        SourceParameters: storedSourceParameters(definition, settings),
        ...(definition.EnrichmentParameters ? { EnrichmentParameters: definition.EnrichmentParameters } : {}),
        ...(definition.TargetParameters ? { TargetParameters: definition.TargetParameters } : {}),
      },
      createdAt: now,
      lastModifiedAt: now,
      version: 1,
    };
    const created = await this.store.pipes.create(record);
    if (created.kind === 'alreadyExists') throw pipeErrors.alreadyExists(ref.name);
    if (Object.keys(tags).length > 0) await this.store.tags.put(record.arn, tags);
    // A Kinesis source starts from its StartingPosition, whatever an earlier pipe of this name left.
    if (settings.source.kind === 'kinesis') await this.dropGroup(record);
    await this.supervisor.nudge();
    return record;
  }

  async describe(ref: PipeRef): Promise<{ record: PipeRecord; tags: Record<string, string> }> {
    const record = await this.get(ref);
    return { record, tags: await this.store.tags.list(record.arn) };
  }

  list(at: PipeLocation, filter: PipeListFilter, page: { limit: number; after?: string }): Promise<Page<PipeRecord>> {
    const { namePrefix, ...rest } = filter;
    return this.store.pipes.list(`${pipeArnPrefix(at)}${namePrefix ?? ''}`, rest, page);
  }

  /**
   * UpdatePipe (API reference): the members given replace the stored ones; within
   * SourceParameters, EnrichmentParameters and TargetParameters each service-specific object given
   * replaces the stored one as a whole. The source and its StartingPosition never change.
   */
  async update(ref: PipeRef, input: JsonObject): Promise<PipeRecord> {
    checkName(ref.name);
    const root = Fields.root(input);
    const desired = root.enumeration('DesiredState', DESIRED_STATES);
    return this.mutate(ref, async (record) => {
      const definition = updatedDefinition(definitionOf(record), input);
      const settings = await this.check(ref, definition);
      const desiredState = desired ?? record.desiredState;
      const { enrichment: _enrichment, stateReason: _reason, ...unchanged } = record;
      return {
        ...unchanged,
        desiredState,
        ...(await this.currentState(settings, desiredState, 'UPDATE_FAILED')),
        target: definition.Target,
        ...(definition.Enrichment ? { enrichment: definition.Enrichment } : {}),
        settings: {
          ...record.settings,
          ...otherSettings(root),
          SourceParameters: storedSourceParameters(definition, settings),
          ...(definition.EnrichmentParameters ? { EnrichmentParameters: definition.EnrichmentParameters } : {}),
          ...(definition.TargetParameters ? { TargetParameters: definition.TargetParameters } : {}),
        },
      };
    });
  }

  async startPipe(ref: PipeRef): Promise<PipeRecord> {
    return this.mutate(ref, async (record) => {
      if (record.desiredState === 'RUNNING' && record.currentState === 'RUNNING') {
        throw pipeErrors.alreadyInState(ref.name, 'RUNNING');
      }
      const settings = readPipe(definitionOf(record));
      return { ...record, desiredState: 'RUNNING', ...(await this.currentState(settings, 'RUNNING', 'START_FAILED')) };
    });
  }

  async stopPipe(ref: PipeRef): Promise<PipeRecord> {
    return this.mutate(ref, async (record) => {
      if (record.desiredState === 'STOPPED' && record.currentState === 'STOPPED') {
        throw pipeErrors.alreadyInState(ref.name, 'STOPPED');
      }
      return { ...withoutReason(record), desiredState: 'STOPPED', currentState: 'STOPPED' };
    });
  }

  /** Deletes the pipe once this node's runner of it has stopped; returns it as it was. */
  async delete(ref: PipeRef): Promise<PipeRecord> {
    const record = await this.get(ref);
    await this.supervisor.forget(record.arn);
    if (!(await this.store.pipes.delete(record.arn))) throw pipeErrors.notFound(ref.name);
    await this.store.tags.remove(record.arn, Object.keys(await this.store.tags.list(record.arn)));
    await this.dropGroup(record);
    return record;
  }

  // ---- tags ----

  async tags(arn: string): Promise<Record<string, string>> {
    const record = await this.byArn(arn);
    return this.store.tags.list(record.arn);
  }

  async tag(arn: string, input: JsonObject): Promise<void> {
    const record = await this.byArn(arn);
    const tags = Fields.root(input).stringMap('tags', TAG_KEY, TAG_VALUE);
    if (tags === undefined) throw pipeErrors.required('tags');
    const existing = await this.store.tags.list(record.arn);
    if (new Set([...Object.keys(existing), ...Object.keys(tags)]).size > MAX_TAGS) throw pipeErrors.tooManyTags();
    await this.store.tags.put(record.arn, tags);
  }

  async untag(arn: string, keys: readonly string[]): Promise<void> {
    const record = await this.byArn(arn);
    await this.store.tags.remove(record.arn, keys);
  }

  // ---- helpers ----

  private async get(ref: PipeRef): Promise<PipeRecord> {
    const record = await this.store.pipes.get(pipeArn(ref));
    if (!record) throw pipeErrors.notFound(ref.name);
    return record;
  }

  private async byArn(arn: string): Promise<PipeRecord> {
    const ref = parsePipeArn(arn);
    if (!ref)
      throw pipeErrors.pattern(arn, 'resourceArn', 'arn:aws([a-z]|\\-)*:pipes:([a-z]|\\d|\\-)*:([0-9]{12})?:pipe/.+');
    return this.get(ref);
  }

  /** Applies a change to the stored pipe, again on a fresh read when another change won the race. */
  private async mutate(ref: PipeRef, change: (record: PipeRecord) => Promise<PipeRecord>): Promise<PipeRecord> {
    for (let i = 0; i < UPDATE_TRIES; i++) {
      const record = await this.get(ref);
      const next = { ...(await change(record)), lastModifiedAt: this.clock.now(), version: record.version };
      const outcome = await this.store.pipes.update(next);
      if (outcome === 'notFound') throw pipeErrors.notFound(ref.name);
      if (outcome === 'updated') {
        await this.supervisor.nudge();
        return { ...next, version: record.version + 1 };
      }
    }
    throw pipeErrors.busy(ref.name);
  }

  /**
   * Reads and checks a definition, compiling its templates and filters as a runner would, and
   * refuses Standard workflows where Pipes needs an answer (an enrichment, a REQUEST_RESPONSE
   * target: user guide, "Invocation types").
   */
  private async check(ref: PipeRef, definition: PipeDefinition): Promise<PipeSettings> {
    const settings = readPipe(definition);
    // Building the chain compiles its templates and filters: a bad one is refused now, not when it runs.
    void new PipeChain({ arn: pipeArn(ref), name: ref.name }, settings, this.options);
    const needsAnswer = [
      ...(settings.enrichment?.kind === 'stateMachine' ? [['enrichment', settings.enrichment.arn]] : []),
      ...(settings.target.kind === 'stateMachine' && settings.target.invocation === 'REQUEST_RESPONSE'
        ? [['target', settings.target.arn]]
        : []),
    ];
    for (const [role, arn] of needsAnswer) {
      if ((await this.options.calls.stateMachineType(arn!)) === 'STANDARD') {
        throw pipeErrors.invalid(
          role === 'enrichment'
            ? `Enrichment ${arn} is a STANDARD state machine: only EXPRESS state machines can enrich a pipe.`
            : `Target ${arn} is a STANDARD state machine: it can only be invoked with InvocationType FIRE_AND_FORGET.`,
        );
      }
    }
    return settings;
  }

  /** The stable state a pipe is in once the call is done, failed with a reason when its source is missing. */
  private async currentState(
    settings: PipeSettings,
    desired: PipeDesiredState,
    failure: 'CREATE_FAILED' | 'UPDATE_FAILED' | 'START_FAILED',
  ): Promise<{ currentState: PipeState; stateReason?: string }> {
    if (desired === 'STOPPED') return { currentState: 'STOPPED' };
    const missing = await this.sourceMissing(settings);
    return missing ? { currentState: failure, stateReason: missing } : { currentState: 'RUNNING' };
  }

  private async sourceMissing(settings: PipeSettings): Promise<string | undefined> {
    const source = settings.source;
    try {
      if (source.kind === 'sqs') await this.options.queues.queue(source.arn);
      else await this.options.streams.describe(source.stream);
      return undefined;
    } catch (e) {
      if (e instanceof QueueError) return `Queue ${source.arn} does not exist. Create it, then start the pipe.`;
      if (e instanceof StreamError) return `Stream not found: ${source.arn}. Create it, then start the pipe.`;
      throw e;
    }
  }

  private async dropGroup(record: PipeRecord): Promise<void> {
    const settings = readPipe(definitionOf(record));
    if (settings.source.kind !== 'kinesis') return;
    await this.options.streams.groups.remove(settings.source.stream, pipeGroup(record.name)).catch((e) => {
      if (!(e instanceof StreamError)) this.onError(e, `removing the consumer group of ${record.arn}`);
    });
  }
}

function withoutReason(record: PipeRecord): Omit<PipeRecord, 'stateReason'> {
  const { stateReason: _reason, ...rest } = record;
  return rest;
}
