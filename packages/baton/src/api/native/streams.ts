/**
 * Consumer groups for streams: Baton's native API for what Kinesis has no call for (the KCL
 * keeps this in DynamoDB). JSON over HTTP; `{stream}` is a stream name (in `?region=`, the
 * request's SigV4 region, or the server's) or a URL-encoded stream ARN.
 *
 *   POST   /baton/streams/{stream}/groups/{group}/members/{member}    join or heartbeat
 *          body {held?: [shardId], leaseMs?: 1000..300000 (10000), start?: 'TRIM_HORIZON'|'LATEST'}
 *          → 200 {assigned: [{shardId, checkpoint?, leaseUntil}], release: [shardId], members, leaseMs, heartbeatMs}
 *   DELETE /baton/streams/{stream}/groups/{group}/members/{member}    leave (its shards go to the others) → 204
 *   PUT    /baton/streams/{stream}/groups/{group}/shards/{shardId}/checkpoint
 *          body {member, sequenceNumber?, shardEnd?: boolean} → 200 {} | 409 LeaseLostException
 *          (sequenceNumber may be left out only with shardEnd: a closed shard read to its end with nothing in it)
 *   GET    /baton/streams/{stream}/groups                              → {groups: [name]}
 *   GET    /baton/streams/{stream}/groups/{group}                      → {members, shards: [{shardId, owner?, leaseUntil, checkpoint?, finished}]}
 *   DELETE /baton/streams/{stream}/groups/{group}                      → 204
 *
 * A member heartbeats every `heartbeatMs` (a third of its lease), listing in `held` the shards
 * it is processing; it reads each assigned shard with the Kinesis API (GetShardIterator
 * AFTER_SEQUENCE_NUMBER `checkpoint`, or TRIM_HORIZON without one), checkpoints after
 * processing, stops a shard named in `release` (after checkpointing what it processed) and
 * leaves it out of `held` from then on. A shard read to its end (GetRecords answered no
 * NextShardIterator) is checkpointed with `shardEnd: true`; its children are assigned after.
 * Errors are `{__type, message}` like the AWS APIs'. With `--auth`, requests are SigV4-signed.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  GroupError,
  parseStreamArn,
  StreamError,
  type StreamRef,
  type StreamService,
} from '../../messaging/streams/index.js';
import type { AccessKeys } from '../auth.js';
import { regionOf } from '../aws/request-context.js';
import { AwsError } from '../errors.js';
import { nativeRoute } from './route.js';

export interface StreamGroupsOptions {
  readonly streams: StreamService;
  readonly region: string;
  readonly account: string;
  readonly accessKeys?: AccessKeys;
}

type Params = { stream: string; group?: string; member?: string; shardId?: string };

export function registerStreamGroups(app: FastifyInstance, options: StreamGroupsOptions): void {
  const { streams } = options;

  const refOf = (request: FastifyRequest): StreamRef => {
    const { stream } = request.params as Params;
    if (stream.startsWith('arn:')) {
      const ref = parseStreamArn(stream);
      if (!ref) throw new StreamError('InvalidArgumentException', `Invalid ARN: ${stream}.`);
      return ref;
    }
    const region = (request.query as { region?: string }).region || regionOf(request, options.region);
    return { region, account: options.account, name: stream };
  };

  /** A route answering its handler's object (200) or nothing (204). */
  const route = (handler: (request: FastifyRequest, ref: StreamRef, params: Params) => Promise<object | undefined>) =>
    nativeRoute({ accessKeys: options.accessKeys, domainError: groupError }, async (request, reply) => {
      const out = await handler(request, refOf(request), request.params as Params);
      return out === undefined ? reply.code(204).send() : reply.code(200).send(out);
    });

  const body = (request: FastifyRequest): Record<string, unknown> => {
    const b = request.body;
    if (b === undefined || b === null || b === '') return {};
    if (typeof b !== 'object' || Array.isArray(b))
      throw new GroupError('InvalidArgumentException', 'The body must be a JSON object.');
    return b as Record<string, unknown>;
  };

  app.post(
    '/baton/streams/:stream/groups/:group/members/:member',
    route(async (request, ref, p) => {
      const b = body(request);
      const held = b.held ?? [];
      if (!Array.isArray(held) || !held.every((s) => typeof s === 'string')) {
        throw new GroupError('InvalidArgumentException', 'held must be a list of shard ids.');
      }
      if (b.start !== undefined && b.start !== 'TRIM_HORIZON' && b.start !== 'LATEST') {
        throw new GroupError('InvalidArgumentException', "start must be 'TRIM_HORIZON' or 'LATEST'.");
      }
      if (b.leaseMs !== undefined && typeof b.leaseMs !== 'number') {
        throw new GroupError('InvalidArgumentException', 'leaseMs must be a number.');
      }
      const answer = await streams.groups.heartbeat(ref, p.group!, {
        member: p.member!,
        held: held as string[],
        ...(b.leaseMs !== undefined ? { leaseMs: b.leaseMs as number } : {}),
        ...(b.start !== undefined ? { start: b.start as 'LATEST' } : {}),
      });
      return { ...answer, heartbeatMs: Math.floor(answer.leaseMs / 3) };
    }),
  );

  app.delete(
    '/baton/streams/:stream/groups/:group/members/:member',
    route(async (_request, ref, p) => {
      await streams.groups.leave(ref, p.group!, p.member!);
      return undefined;
    }),
  );

  app.put(
    '/baton/streams/:stream/groups/:group/shards/:shardId/checkpoint',
    route(async (request, ref, p) => {
      const b = body(request);
      if (typeof b.member !== 'string' || (b.sequenceNumber !== undefined && typeof b.sequenceNumber !== 'string')) {
        throw new GroupError('InvalidArgumentException', 'member (and sequenceNumber, when given) must be strings.');
      }
      const sequence = b.sequenceNumber as string | undefined;
      await streams.groups.checkpoint(ref, p.group!, b.member, p.shardId!, sequence, b.shardEnd === true);
      return {};
    }),
  );

  app.get(
    '/baton/streams/:stream/groups',
    route(async (_request, ref) => ({ groups: await streams.groups.list(ref) })),
  );

  app.get(
    '/baton/streams/:stream/groups/:group',
    route(async (_request, ref, p) => {
      const state = await streams.groups.describe(ref, p.group!);
      return { members: state.members, shards: state.leases };
    }),
  );

  app.delete(
    '/baton/streams/:stream/groups/:group',
    route(async (_request, ref, p) => {
      await streams.groups.remove(ref, p.group!);
      return undefined;
    }),
  );
}

/** The statuses of the coordination's errors: a lost lease is a conflict, a missing stream not found. */
function groupError(e: unknown): AwsError | undefined {
  if (e instanceof GroupError) return new AwsError(e.code, e.message, e.code === 'LeaseLostException' ? 409 : 400);
  if (e instanceof StreamError) {
    return new AwsError(e.code, e.message, e.code === 'ResourceNotFoundException' ? 404 : 400);
  }
  return undefined;
}
