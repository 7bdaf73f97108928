/**
 * Archives and replays (API reference: CreateArchive, DescribeArchive, ListArchives,
 * UpdateArchive, DeleteArchive; StartReplay, DescribeReplay, ListReplays, CancelReplay). Members
 * are checked here with AWS's request-validation messages; what they mean, by the bus service.
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import type { EventBusService } from '../../../messaging/bus/index.js';
import { parseEventPattern } from '../../../patterns/index.js';
import type {
  EventArchiveRecord,
  EventArchiveState,
  EventReplayRecord,
  EventReplayState,
} from '../../../store/port.js';
import { AwsError, validationError } from '../../errors.js';
import { serialization } from '../json-members.js';
import type { Operation } from '../json-protocol.js';
import { epochSeconds } from '../pagination.js';
import type { EventsDeps } from './deps.js';
import {
  checkString,
  nextToken,
  optionalArray,
  optionalEnum,
  optionalInteger,
  optionalString,
  pageOf,
  requiredString,
  type StringRule,
} from './input.js';

const NAME = { pattern: /^[.\-_A-Za-z0-9]+$/, patternText: '[\\.\\-_A-Za-z0-9]+' };
const ARCHIVE_NAME: StringRule = { min: 1, max: 48, ...NAME };
const REPLAY_NAME: StringRule = { min: 1, max: 64, ...NAME };
const ARN: StringRule = { min: 1, max: 1600 };
const ARCHIVE_STATES: readonly EventArchiveState[] = [
  'ENABLED',
  'DISABLED',
  'CREATING',
  'UPDATING',
  'CREATE_FAILED',
  'UPDATE_FAILED',
];
const REPLAY_STATES: readonly EventReplayState[] = [
  'STARTING',
  'RUNNING',
  'CANCELLING',
  'COMPLETED',
  'CANCELLED',
  'FAILED',
];

/** An EventPattern member, checked by the matcher's parser (InvalidEventPatternException with its reason). */
function eventPatternOf(input: JsonObject): string | undefined {
  const pattern = optionalString(input, 'EventPattern', { max: 4096 });
  if (pattern === undefined) return undefined;
  const parsed = parseEventPattern(pattern);
  if (!parsed.ok) throw new AwsError('InvalidEventPatternException', parsed.error.message);
  return pattern;
}

/** A timestamp member (epoch seconds on the JSON protocol) as epoch milliseconds. */
function timestampOf(input: JsonObject, field: string): number {
  const v = input[field];
  if (v === undefined || v === null) {
    const path = field.charAt(0).toLowerCase() + field.slice(1);
    throw validationError(
      `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw serialization(field, 'a timestamp');
  return Math.round(v * 1000);
}

/** ListArchives and ListReplays take one filter at most. */
function oneFilter(operation: string, filters: readonly unknown[]): void {
  if (filters.filter((f) => f !== undefined).length > 1) {
    throw validationError(
      `At most one filter is allowed for ${operation}. Use either : State, EventSourceArn, or NamePrefix.`,
    );
  }
}

async function archiveSummary(bus: EventBusService, a: EventArchiveRecord): Promise<JsonObject> {
  const stats = await bus.archives.stats(a);
  return {
    ArchiveName: a.name,
    EventSourceArn: a.eventSourceArn,
    State: a.state,
    RetentionDays: a.retentionDays,
    SizeBytes: stats.sizeBytes,
    EventCount: stats.eventCount,
    CreationTime: epochSeconds(a.createdAt),
  };
}

function replaySummary(r: EventReplayRecord): JsonObject {
  return {
    ReplayName: r.name,
    EventSourceArn: r.eventSourceArn,
    State: r.state,
    ...(r.stateReason !== undefined ? { StateReason: r.stateReason } : {}),
    EventStartTime: epochSeconds(r.eventStartTime),
    EventEndTime: epochSeconds(r.eventEndTime),
    ...(r.eventLastReplayedTime !== undefined ? { EventLastReplayedTime: epochSeconds(r.eventLastReplayedTime) } : {}),
    ReplayStartTime: epochSeconds(r.replayStartTime),
    ...(r.replayEndTime !== undefined ? { ReplayEndTime: epochSeconds(r.replayEndTime) } : {}),
  };
}

export function archiveOperations({ bus }: EventsDeps): Record<string, Operation> {
  return {
    async CreateArchive(input, ctx) {
      const name = requiredString(input, 'ArchiveName', ARCHIVE_NAME);
      const eventSourceArn = requiredString(input, 'EventSourceArn', ARN);
      const description = optionalString(input, 'Description', { max: 512 });
      const eventPattern = eventPatternOf(input);
      const retentionDays = optionalInteger(input, 'RetentionDays', 0, Number.MAX_SAFE_INTEGER);
      const record = await bus.archives.create(ctx, {
        name,
        eventSourceArn,
        ...(description !== undefined ? { description } : {}),
        ...(eventPattern !== undefined ? { eventPattern } : {}),
        ...(retentionDays !== undefined ? { retentionDays } : {}),
      });
      return { ArchiveArn: record.arn, State: record.state, CreationTime: epochSeconds(record.createdAt) };
    },

    async DescribeArchive(input, ctx) {
      const record = await bus.archives.get(ctx, requiredString(input, 'ArchiveName', ARCHIVE_NAME));
      return {
        ArchiveArn: record.arn,
        ...(record.description !== undefined ? { Description: record.description } : {}),
        ...(record.eventPattern !== undefined ? { EventPattern: record.eventPattern } : {}),
        ...(await archiveSummary(bus, record)),
      };
    },

    async ListArchives(input, ctx) {
      const namePrefix = optionalString(input, 'NamePrefix', ARCHIVE_NAME);
      const eventSourceArn = optionalString(input, 'EventSourceArn', ARN);
      const state = optionalEnum(input, 'State', ARCHIVE_STATES);
      oneFilter('ListArchives', [namePrefix, eventSourceArn, state]);
      const scope = `ListArchives:${ctx.region}:${ctx.account}:${namePrefix ?? ''}:${eventSourceArn ?? ''}:${state ?? ''}`;
      const page = await bus.archives.list(
        ctx,
        {
          ...(namePrefix !== undefined ? { namePrefix } : {}),
          ...(eventSourceArn !== undefined ? { eventSourceArn } : {}),
          ...(state !== undefined ? { state } : {}),
        },
        pageOf(input, scope),
      );
      const archives = await Promise.all(page.items.map((a) => archiveSummary(bus, a)));
      return { Archives: archives, ...nextToken(scope, page.next) };
    },

    async UpdateArchive(input, ctx) {
      const name = requiredString(input, 'ArchiveName', ARCHIVE_NAME);
      const description = optionalString(input, 'Description', { max: 512 });
      const eventPattern = eventPatternOf(input);
      const retentionDays = optionalInteger(input, 'RetentionDays', 0, Number.MAX_SAFE_INTEGER);
      const record = await bus.archives.update(ctx, name, {
        ...(description !== undefined ? { description } : {}),
        ...(eventPattern !== undefined ? { eventPattern } : {}),
        ...(retentionDays !== undefined ? { retentionDays } : {}),
      });
      return { ArchiveArn: record.arn, State: record.state, CreationTime: epochSeconds(record.createdAt) };
    },

    async DeleteArchive(input, ctx) {
      await bus.archives.delete(ctx, requiredString(input, 'ArchiveName', ARCHIVE_NAME));
      return {};
    },

    async StartReplay(input, ctx) {
      const name = requiredString(input, 'ReplayName', REPLAY_NAME);
      const description = optionalString(input, 'Description', { max: 512 });
      const eventSourceArn = requiredString(input, 'EventSourceArn', ARN);
      const eventStartTime = timestampOf(input, 'EventStartTime');
      const eventEndTime = timestampOf(input, 'EventEndTime');
      const destination = input.Destination;
      if (destination === undefined || destination === null) {
        throw validationError(
          "1 validation error detected: Value null at 'destination' failed to satisfy constraint: Member must not be null",
        );
      }
      if (!isJsonObject(destination))
        throw new AwsError('SerializationException', "Expected an object for 'Destination'");
      const arn = requiredString(destination, 'Arn', { ...ARN, path: 'destination.arn' });
      const filterArns = optionalArray(destination, 'FilterArns')?.map((f, i) => {
        if (typeof f !== 'string') throw serialization(`FilterArns.${i + 1}`, 'a string');
        return checkString(f, ARN, `destination.filterArns.${i + 1}.member`);
      });
      const record = await bus.replays.startReplay(ctx, {
        name,
        ...(description !== undefined ? { description } : {}),
        eventSourceArn,
        eventStartTime,
        eventEndTime,
        destination: { arn, ...(filterArns !== undefined ? { filterArns } : {}) },
      });
      return { ReplayArn: record.arn, State: record.state, ReplayStartTime: epochSeconds(record.replayStartTime) };
    },

    async DescribeReplay(input, ctx) {
      const r = await bus.replays.get(ctx, requiredString(input, 'ReplayName', REPLAY_NAME));
      return {
        ReplayArn: r.arn,
        ...(r.description !== undefined ? { Description: r.description } : {}),
        Destination: {
          Arn: r.destination.arn,
          ...(r.destination.filterArns !== undefined ? { FilterArns: [...r.destination.filterArns] } : {}),
        },
        ...replaySummary(r),
      };
    },

    async ListReplays(input, ctx) {
      const namePrefix = optionalString(input, 'NamePrefix', REPLAY_NAME);
      const eventSourceArn = optionalString(input, 'EventSourceArn', ARN);
      const state = optionalEnum(input, 'State', REPLAY_STATES);
      oneFilter('ListReplays', [namePrefix, eventSourceArn, state]);
      const scope = `ListReplays:${ctx.region}:${ctx.account}:${namePrefix ?? ''}:${eventSourceArn ?? ''}:${state ?? ''}`;
      const page = await bus.replays.list(
        ctx,
        {
          ...(namePrefix !== undefined ? { namePrefix } : {}),
          ...(eventSourceArn !== undefined ? { eventSourceArn } : {}),
          ...(state !== undefined ? { state } : {}),
        },
        pageOf(input, scope),
      );
      return { Replays: page.items.map(replaySummary), ...nextToken(scope, page.next) };
    },

    async CancelReplay(input, ctx) {
      const r = await bus.replays.cancel(ctx, requiredString(input, 'ReplayName', REPLAY_NAME));
      return { ReplayArn: r.arn, State: r.state };
    },
  };
}
