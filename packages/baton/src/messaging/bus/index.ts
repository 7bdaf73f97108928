/**
 * @module messaging/bus
 * Event buses with EventBridge semantics: buses, rules whose patterns compile into one matcher
 * per bus, targets with input transformation, and at-least-once delivery through a durable
 * outbox (written with the PutEvents that accepted the event, drained by a delivery worker with
 * retries, back-off and dead-letter queues). Durable through the store's BusStore port; imports
 * nothing of api/ or runtime/ (errors are BusErrors, which the API layer encodes; targets are
 * reached through the TargetDispatcher port). Scheduled rules fire from the store (scheduler.ts);
 * archives keep events in the shared log and replays put them back (archives.ts, replays.ts); API
 * destinations call HTTP endpoints through connections (connections.ts, api-destinations.ts).
 * Entry point: `EventBusService`.
 *
 * @example
 * const bus = new EventBusService({ store: store.bus, tags: store.tags, clock, dispatcher });
 * bus.start();
 * await bus.rules.put(busRef(at, 'default'), { name: 'orders', eventPattern: '{"source":["shop"]}' }, {});
 * await bus.putEvents(at, [{ source: 'shop', detailType: 'OrderPlaced', detail: '{"id":1}' }]);
 */
export type { ApiDestinationChange, ApiDestinationInput, ApiDestinationState } from './api-destinations.js';
export type { ArchiveChange, ArchiveFilter, ArchiveInput } from './archives.js';
export {
  type Authorization,
  type ConnectionChange,
  type ConnectionInput,
  type Connections,
  publicAuthParameters,
} from './connections.js';
export type { DeliveryOptions } from './delivery.js';
export {
  buildEnvelope,
  checkEntry,
  type EventEnvelope,
  entrySize,
  eventTime,
  MAX_ENTRIES,
  MAX_ENTRY_BYTES,
  type PutEventsEntry,
} from './envelope.js';
export { BusError, type BusErrorCode, busErrors, type EntryError } from './errors.js';
export {
  type BusLocation,
  type BusRef,
  busArn,
  busRef,
  DEFAULT_BUS,
  parseBusArn,
  parseRuleArn,
  ruleArn,
} from './names.js';
export type { ReplayFilter, ReplayInput } from './replays.js';
export { afterFailure, type BackoffOptions, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export type { PutEventsResult } from './routing.js';
export { MAX_TARGETS_PER_RULE, type RuleInput, type Rules, type TargetInput } from './rules.js';
export { EventBusService, type EventBusServiceOptions } from './service.js';
export type { ResourceTags } from './tags.js';
export {
  type DeadLetter,
  type Dispatch,
  type DispatchOutcome,
  partitionKeyOf,
  type TargetDispatcher,
  type TargetKind,
  type TargetSettings,
  targetKind,
} from './targets.js';
export {
  compileTargetInput,
  type DeliveryContext,
  PREDEFINED,
  readPathText,
  type TargetInputSpec,
} from './transform.js';
