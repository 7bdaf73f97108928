/**
 * PutEvents (API reference: PutEvents, PutEventsRequestEntry, PutEventsResultEntry): up to 10
 * entries, each accepted or refused on its own (EventId, or ErrorCode and ErrorMessage in its
 * place); the request as a whole is refused when too many or too large. Time arrives as epoch
 * seconds (the JSON protocol's timestamps).
 */
import { isJsonObject, type JsonObject } from '../../../kernel/index.js';
import type { PutEventsEntry } from '../../../messaging/bus/index.js';
import { serialization } from '../json-members.js';
import type { Operation } from '../json-protocol.js';
import type { EventsDeps } from './deps.js';
import { optionalArray, optionalString, requiredArray } from './input.js';

function readEntry(raw: unknown, i: number): PutEventsEntry {
  if (!isJsonObject(raw as never)) throw serialization(`Entries.${i}`, 'an object');
  const e = raw as JsonObject;
  const time = e.Time;
  if (time !== undefined && time !== null && typeof time !== 'number') {
    throw serialization(`Entries.${i}.Time`, 'a timestamp');
  }
  const resources = optionalArray(e, 'Resources');
  if (resources && !resources.every((r) => typeof r === 'string')) {
    throw serialization(`Entries.${i}.Resources`, 'strings');
  }
  const field = (name: string) => optionalString(e, name);
  const source = field('Source');
  const detailType = field('DetailType');
  const detail = field('Detail');
  const eventBusName = field('EventBusName');
  const traceHeader = field('TraceHeader');
  return {
    ...(source !== undefined ? { source } : {}),
    ...(detailType !== undefined ? { detailType } : {}),
    ...(detail !== undefined ? { detail } : {}),
    ...(resources ? { resources: resources as string[] } : {}),
    ...(typeof time === 'number' ? { time: Math.round(time * 1000) } : {}),
    ...(eventBusName !== undefined ? { eventBusName } : {}),
    ...(traceHeader !== undefined ? { traceHeader } : {}),
  };
}

export function putEventsOperations({ bus }: EventsDeps): Record<string, Operation> {
  return {
    async PutEvents(input, ctx) {
      const entries = requiredArray(input, 'Entries', 1, 10).map((raw, i) => readEntry(raw, i + 1));
      const results = await bus.putEvents(ctx, entries);
      return {
        FailedEntryCount: results.filter((r) => r.error).length,
        Entries: results.map(
          (r): JsonObject =>
            r.error ? { ErrorCode: r.error.code, ErrorMessage: r.error.message } : { EventId: r.eventId! },
        ),
      };
    },
  };
}
