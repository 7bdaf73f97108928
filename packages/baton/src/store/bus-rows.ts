/**
 * The rows both SQL adapters read deliveries and targets from, and how they become records: one
 * mapping, so the adapters cannot drift apart.
 */
import type { JsonObject } from '../kernel/index.js';
import type { EventDeliveryRecord, EventTargetRecord } from './port.js';

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

export interface TargetRow {
  rule_arn: string;
  id: string;
  target_arn: string;
  target: string;
}

export function targetOf(row: TargetRow): EventTargetRecord {
  return { ruleArn: row.rule_arn, id: row.id, arn: row.target_arn, target: JSON.parse(row.target) as JsonObject };
}
