/**
 * @module messaging/outbox
 * The machine that drains a transactional outbox at least once: rows leased to the node that
 * wrote them or claimed by a poll, leases renewed while an attempt runs, attempts timed out,
 * delivered rows deleted, failed ones retried or given up. The event bus's DeliveryWorker and the
 * topics' OutboxWorker extend `OutboxDrainer` with their attempt and failure policy. Imports the
 * store port and GroupCommit only.
 *
 * @example
 * class Worker extends OutboxDrainer<Row, Failure> {
 *   protected override attempt(row: Row, signal: AbortSignal) { return send(row, signal); }
 *   protected override async afterFailure(row: Row, failure: Failure, now: number) {
 *     return row.attempts < 3 ? now + 1000 : 'givenUp';
 *   }
 * }
 */
export {
  DEFAULT_DRAINER,
  type DispatchRoom,
  type DrainerOptions,
  type DrainerSettings,
  type Failure,
  OutboxDrainer,
  type OutboxRow,
  type OutboxStore,
  type Outcome,
} from './drainer.js';
