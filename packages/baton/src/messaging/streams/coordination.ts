/**
 * Consumer groups as a service: the heartbeat, leave and checkpoint calls of Baton's native
 * streams API (api/native/streams.ts), over the pure rules of groups.ts and the store's atomic
 * coordinate/checkpoint. Reading stays on the Kinesis API: a member asks here which shards to
 * read and where to resume, then uses GetShardIterator (AFTER_SEQUENCE_NUMBER the checkpoint)
 * and GetRecords.
 */
import type { Clock } from '../../kernel/index.js';
import { GroupCommit } from '../../store/group-commit.js';
import type { CheckpointRequest, GroupState, StreamRecord } from '../../store/port.js';
import type { StreamCatalog } from './catalog.js';
import { StreamError, streamErrors } from './errors.js';
import { type Assignment, type GroupShard, heartbeat, type StartPosition } from './groups.js';
import { type StreamRef, shardIndexOf, streamArn } from './names.js';
import type { StreamRecords } from './records.js';
import { decodeSequence } from './sequence-numbers.js';

export interface HeartbeatRequest {
  readonly member: string;
  readonly held: readonly string[];
  readonly leaseMs?: number;
  readonly start?: StartPosition;
}

export interface HeartbeatAnswer {
  readonly assigned: readonly Assignment[];
  readonly release: readonly string[];
  readonly members: number;
  readonly leaseMs: number;
}

export const DEFAULT_LEASE_MS = 10_000;
export const SHARD_END = 'SHARD_END';
const MIN_LEASE_MS = 1_000;
const MAX_LEASE_MS = 300_000;
const NAME = /^[a-zA-Z0-9_.:-]{1,128}$/;

/** The native API's own errors (Kinesis has no consumer groups); encoded by api/native/streams.ts. */
export class GroupError extends Error {
  override readonly name = 'GroupError';
  constructor(
    readonly code: 'LeaseLostException' | 'InvalidArgumentException',
    message: string,
  ) {
    super(message);
  }
}

export class ConsumerGroups {
  /** Checkpoints of every member and group, group-committed: one transaction for those arriving together. */
  private readonly checkpoints: GroupCommit<CheckpointRequest, 'stored' | 'leaseLost'>;

  constructor(
    private readonly catalog: StreamCatalog,
    private readonly records: StreamRecords,
    private readonly clock: Clock,
    commitsInFlight = 1,
  ) {
    this.checkpoints = new GroupCommit((requests) => catalog.store.checkpoint(requests), commitsInFlight);
  }

  /** Joins (first call) or renews a member; answers the shards it processes now and those to release. */
  async heartbeat(ref: StreamRef, group: string, req: HeartbeatRequest): Promise<HeartbeatAnswer> {
    return this.coordinate(ref, group, req, false);
  }

  /** Leaves the group at once: the member's leases go to the others at their next heartbeat. */
  async leave(ref: StreamRef, group: string, member: string): Promise<void> {
    await this.coordinate(ref, group, { member, held: [] }, true);
  }

  /**
   * Records that `member` processed `shardId` up to `sequenceNumber` (and, with `shardEnd`, that
   * the shard is closed and read to its end; then the sequence number may be omitted). Refused with LeaseLostException unless the member
   * holds the shard's lease: a member that lost its lease never moves the group's position.
   */
  async checkpoint(
    ref: StreamRef,
    group: string,
    member: string,
    shardId: string,
    sequenceNumber: string | undefined,
    shardEnd: boolean,
  ): Promise<void> {
    checkName('group', group);
    checkName('member', member);
    const index = shardIndexOf(shardId);
    if (sequenceNumber === undefined && !shardEnd) {
      throw new GroupError('InvalidArgumentException', 'A checkpoint needs a sequenceNumber (or shardEnd: true).');
    }
    const parts = sequenceNumber === undefined ? undefined : decodeSequence(sequenceNumber);
    if (sequenceNumber !== undefined && (index === undefined || !parts || parts.shardIndex !== index)) {
      throw new GroupError('InvalidArgumentException', `${sequenceNumber} is not a sequence number of ${shardId}.`);
    }
    const record = await this.catalog.current(ref);
    const outcome = await this.checkpoints.submit({
      key: { streamArn: record.arn, group },
      shardId,
      member,
      now: this.clock.now(),
      // A shard read to its end with nothing in it keeps the KCL's sentinel as its checkpoint.
      checkpoint: sequenceNumber ?? SHARD_END,
      finished: shardEnd,
    });
    if (outcome === 'leaseLost') {
      throw new GroupError(
        'LeaseLostException',
        `Member ${member} does not hold the lease of ${shardId} in group ${group}.`,
      );
    }
  }

  async describe(ref: StreamRef, group: string): Promise<GroupState> {
    const record = await this.catalog.current(ref);
    const state = await this.catalog.store.group({ streamArn: record.arn, group });
    if (!state)
      throw new StreamError('ResourceNotFoundException', `Consumer group ${group} of stream ${ref.name} not found.`);
    return state;
  }

  async list(ref: StreamRef): Promise<string[]> {
    return this.catalog.store.groups(streamArn(ref));
  }

  async remove(ref: StreamRef, group: string): Promise<void> {
    const record = await this.catalog.current(ref);
    await this.catalog.store.deleteGroup({ streamArn: record.arn, group });
  }

  private async coordinate(ref: StreamRef, group: string, req: HeartbeatRequest, leaving: boolean) {
    checkName('group', group);
    checkName('member', req.member);
    const leaseMs = req.leaseMs ?? DEFAULT_LEASE_MS;
    if (!Number.isInteger(leaseMs) || leaseMs < MIN_LEASE_MS || leaseMs > MAX_LEASE_MS) {
      throw new GroupError(
        'InvalidArgumentException',
        `leaseMs must be an integer from ${MIN_LEASE_MS} to ${MAX_LEASE_MS}.`,
      );
    }
    const record = await this.catalog.current(ref);
    if (record.status === 'DELETING') throw streamErrors.streamNotFound(ref.name, ref.account);
    const key = { streamArn: record.arn, group };
    const start = req.start ?? 'TRIM_HORIZON';
    // LATEST needs each open shard's newest sequence number, but only when the group is new.
    const isNew = start === 'LATEST' && (await this.catalog.store.group(key)) === undefined;
    const shards = await this.groupShards(record, isNew);
    let answer: HeartbeatAnswer | undefined;
    await this.catalog.store.coordinate(key, (state) => {
      const result = heartbeat(state, shards, {
        member: req.member,
        held: req.held,
        now: this.clock.now(),
        leaseMs,
        leaving,
        start,
      });
      answer = { assigned: result.assigned, release: result.release, members: result.members, leaseMs };
      return result.state;
    });
    return answer!;
  }

  private async groupShards(record: StreamRecord, withLatest: boolean): Promise<GroupShard[]> {
    return Promise.all(
      record.shards.map(async (s) => ({
        shardId: s.shardId,
        parents: [s.parentShardId, s.adjacentParentShardId].filter((p): p is string => p !== undefined),
        closed: s.closedAt !== undefined,
        ...(withLatest && s.closedAt === undefined ? { latest: await this.records.latestSequence(record, s) } : {}),
      })),
    );
  }
}

function checkName(what: string, value: string): void {
  if (!NAME.test(value)) {
    throw new GroupError(
      'InvalidArgumentException',
      `The ${what} name must be 1 to 128 letters, digits, '_', '.', ':' or '-'.`,
    );
  }
}
