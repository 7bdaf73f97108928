/**
 * Event buses (API reference: CreateEventBus, DescribeEventBus, ListEventBuses, DeleteEventBus).
 * The default bus exists in every region and account and cannot be deleted; deleting a bus that
 * does not exist succeeds.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { busArn, busRef } from '../../../messaging/bus/index.js';
import type { EventBusRecord } from '../../../store/port.js';
import type { Operation } from '../json-protocol.js';
import { epochSeconds } from '../pagination.js';
import type { EventsDeps } from './deps.js';
import {
  BUS_NAME,
  busOf,
  nextToken,
  optionalObject,
  optionalString,
  pageOf,
  readTags,
  requiredString,
} from './input.js';

function busOutput(bus: EventBusRecord): JsonObject {
  return {
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description !== undefined ? { Description: bus.description } : {}),
    ...(bus.kmsKeyIdentifier !== undefined ? { KmsKeyIdentifier: bus.kmsKeyIdentifier } : {}),
    ...(bus.deadLetterConfig !== undefined ? { DeadLetterConfig: bus.deadLetterConfig } : {}),
    CreationTime: epochSeconds(bus.createdAt),
    LastModifiedTime: epochSeconds(bus.lastModifiedAt),
  };
}

export function busOperations({ bus }: EventsDeps): Record<string, Operation> {
  return {
    async CreateEventBus(input, ctx) {
      const name = requiredString(input, 'Name', BUS_NAME);
      const description = optionalString(input, 'Description', { max: 512 });
      const kmsKeyIdentifier = optionalString(input, 'KmsKeyIdentifier', { max: 2048 });
      const deadLetterConfig = optionalObject(input, 'DeadLetterConfig');
      const record = await bus.createBus(
        ctx,
        name,
        {
          ...(description !== undefined ? { description } : {}),
          ...(kmsKeyIdentifier !== undefined ? { kmsKeyIdentifier } : {}),
          ...(deadLetterConfig !== undefined ? { deadLetterConfig } : {}),
        },
        readTags(input),
      );
      const out = busOutput(record);
      delete out.Name;
      delete out.Arn;
      delete out.CreationTime;
      delete out.LastModifiedTime;
      return { EventBusArn: record.arn, ...out };
    },

    async DescribeEventBus(input, ctx) {
      return busOutput(await bus.bus(busOf(ctx, input, 'Name')));
    },

    async ListEventBuses(input, ctx) {
      const prefix = optionalString(input, 'NamePrefix', { min: 1, max: 256 }) ?? '';
      const scope = `ListEventBuses:${busArn(ctx, prefix)}`;
      const page = await bus.listBuses(ctx, prefix, pageOf(input, scope));
      return { EventBuses: page.items.map(busOutput), ...nextToken(scope, page.next) };
    },

    async DeleteEventBus(input, ctx) {
      await bus.deleteBus(busRef(ctx, requiredString(input, 'Name', BUS_NAME)));
      return {};
    },
  };
}
