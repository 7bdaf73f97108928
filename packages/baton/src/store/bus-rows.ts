/**
 * The rows both SQL adapters write and read deliveries as, and read targets and schedules from,
 * and how they become records: one mapping, so the adapters cannot drift apart.
 */
import type { JsonObject } from '../kernel/index.js';
import type { EventDeliveryRecord, EventScheduleRecord, EventTargetRecord, NewEventDelivery } from './port.js';

export interface DeliveryRow {
  id: string;
  rule_arn: string;
  target_id: string;
  target: string;
  event: string;
  ingested_at: number;
  due_at: number;
  attempts: number;
  lease: string | null;
  last_error: string | null;
}

export function deliveryOf(row: DeliveryRow): EventDeliveryRecord {
  return {
    id: row.id,
    ruleArn: row.rule_arn,
    targetId: row.target_id,
    target: JSON.parse(row.target) as JsonObject,
    event: row.event,
    ingestedAt: row.ingested_at,
    dueAt: row.due_at,
    attempts: row.attempts,
    ...(row.lease !== null ? { lease: row.lease } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
  };
}

/**
 * The columns a new delivery is inserted with, whether BusStore.enqueue or a schedule's fire
 * writes it. The target stays a document for the adapter to encode; a row written leased counts
 * its first attempt.
 */
export function newDeliveryRow(delivery: NewEventDelivery) {
  return {
    id: delivery.id,
    rule_arn: delivery.ruleArn,
    target_id: delivery.targetId,
    target: delivery.target,
    event: delivery.event,
    ingested_at: delivery.ingestedAt,
    due_at: delivery.dueAt,
    attempts: delivery.lease !== undefined ? 1 : 0,
    lease: delivery.lease ?? null,
  };
}

export interface TargetRow {
  rule_arn: string;
  id: string;
  target_arn: string;
  target: string;
}

export function targetOf(row: TargetRow): EventTargetRecord {
  return { ruleArn: row.rule_arn, id: row.id, arn: row.target_arn, target: JSON.parse(row.target) as JsonObject };
}

export interface ScheduleRow {
  rule_arn: string;
  expression: string;
  next_fire_at: number | null;
}

export function scheduleOf(row: ScheduleRow): EventScheduleRecord {
  return {
    ruleArn: row.rule_arn,
    expression: row.expression,
    ...(row.next_fire_at !== null ? { nextFireAt: row.next_fire_at } : {}),
  };
}
