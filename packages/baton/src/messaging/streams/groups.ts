/**
 * Consumer groups: members of a group share a stream's shards, each shard processed by one
 * member at a time under a lease, resuming after the group's checkpoint. Kinesis has no API for
 * this (the KCL keeps leases in DynamoDB); Baton keeps them in its store and decides here, in a
 * pure function the store applies atomically (StreamStore.coordinate) on every heartbeat.
 *
 * The rules, for the member `m` that heartbeats at `now` holding the shards `held`:
 * 1. Members whose session ended (no heartbeat for `sessionMs`) are gone; `m` is renewed (or
 *    removed when it leaves). Leases of gone members, leases that ran out, and leases `m` no
 *    longer holds (it let them go) lose their owner.
 * 2. A shard is eligible while it is not finished and all its parents (those still in the
 *    stream) are finished: children of a split or merge start only after their parents were
 *    read to the end, which keeps each key's order across resharding.
 * 3. Eligible shards are shared evenly among live members (sorted by id; the first
 *    `eligible mod members` take one more). `m` keeps up to its share of what it holds (leases
 *    renewed), is told to release the rest, and takes unowned eligible shards up to its share.
 *    A shard another member still holds is never taken: that member is told to release it at
 *    its own heartbeat, finishes its batch, checkpoints, and lets it go at its next one. So two
 *    members never process one shard at once unless one of them stalls past its lease, and
 *    then its checkpoints are refused (StreamStore.checkpoint is guarded by the lease).
 */
import type { GroupMember, GroupState, ShardLease } from '../../store/port.js';

export type StartPosition = 'TRIM_HORIZON' | 'LATEST';

/** A shard as coordination sees it. */
export interface GroupShard {
  readonly shardId: string;
  readonly parents: readonly string[];
  readonly closed: boolean;
  /** For a group that starts at LATEST: the sequence number of the shard's newest record (or its start). */
  readonly latest?: string;
}

export interface Heartbeat {
  readonly member: string;
  readonly held: readonly string[];
  readonly now: number;
  readonly leaseMs: number;
  readonly leaving: boolean;
  readonly start: StartPosition;
}

export interface Assignment {
  readonly shardId: string;
  /** Resume after this sequence number; absent: from the shard's oldest record (TRIM_HORIZON). */
  readonly checkpoint?: string;
  readonly leaseUntil: number;
}

export interface HeartbeatResult {
  readonly state: GroupState;
  /** The shards the member processes now. */
  readonly assigned: readonly Assignment[];
  /** Shards the member holds but must give up: finish the batch in hand, checkpoint, stop holding. */
  readonly release: readonly string[];
  readonly members: number;
}

export function heartbeat(state: GroupState, shards: readonly GroupShard[], hb: Heartbeat): HeartbeatResult {
  const { member, now } = hb;
  const members: GroupMember[] = state.members.filter((m) => m.expiresAt > now && m.id !== member);
  if (!hb.leaving) members.push({ id: member, expiresAt: now + hb.leaseMs });
  members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const alive = new Set(members.map((m) => m.id));
  const held = new Set(hb.held);

  // A group's first heartbeat creates its leases; one starting at LATEST begins after each open
  // shard's newest record and skips closed shards (they hold only older records).
  const fresh = state.members.length === 0 && state.leases.length === 0;
  const leases = new Map<string, ShardLease>(
    state.leases.map((l) => {
      const gone =
        l.owner !== undefined &&
        (!alive.has(l.owner) || l.leaseUntil <= now || (l.owner === member && !held.has(l.shardId)));
      return [l.shardId, gone ? { ...withoutOwner(l), leaseUntil: 0 } : l];
    }),
  );
  for (const s of shards) {
    if (leases.has(s.shardId)) continue;
    const latest = fresh && hb.start === 'LATEST';
    leases.set(s.shardId, {
      shardId: s.shardId,
      leaseUntil: 0,
      finished: latest && s.closed,
      ...(latest && !s.closed && s.latest !== undefined ? { checkpoint: s.latest } : {}),
    });
  }

  const inStream = new Set(shards.map((s) => s.shardId));
  const finished = (id: string) => !inStream.has(id) || leases.get(id)?.finished === true;
  const eligible = shards
    .filter((s) => !leases.get(s.shardId)!.finished && s.parents.every(finished))
    .map((s) => s.shardId)
    .sort();

  const release: string[] = [];
  const assigned: Assignment[] = [];
  const index = members.findIndex((m) => m.id === member);
  if (index >= 0) {
    const share = Math.floor(eligible.length / members.length) + (index < eligible.length % members.length ? 1 : 0);
    const mine = eligible.filter((id) => leases.get(id)!.owner === member);
    const leaseUntil = now + hb.leaseMs;
    const take = (id: string) => {
      const lease = { ...leases.get(id)!, owner: member, leaseUntil };
      leases.set(id, lease);
      assigned.push({
        shardId: id,
        leaseUntil,
        ...(lease.checkpoint !== undefined ? { checkpoint: lease.checkpoint } : {}),
      });
    };
    for (const id of mine.slice(0, share)) take(id);
    release.push(...mine.slice(share));
    for (const id of eligible) {
      if (assigned.length >= share) break;
      if (leases.get(id)!.owner === undefined) take(id);
    }
  }
  return {
    state: { members, leases: [...leases.values()] },
    assigned,
    release,
    members: members.length,
  };
}

function withoutOwner(lease: ShardLease): ShardLease {
  const { owner: _owner, ...rest } = lease;
  return rest;
}
