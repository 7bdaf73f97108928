/**
 * How both SQL adapters keep a pipe: the record as a JSON document beside the columns ListPipes
 * filters on, and its version in a column of its own (the optimistic check compares it). One
 * mapping, so the adapters cannot drift apart.
 */
import type { PipeFilter, PipeRecord } from './port.js';

export interface PipeRow {
  record: string;
  version: number;
}

/** The values of a pipe's row, in column order: arn, source, target, desired_state, current_state, version, record. */
export function pipeColumns(
  record: PipeRecord,
  version: number,
): [string, string, string, string, string, number, string] {
  const { version: _version, ...document } = record;
  return [
    record.arn,
    record.source,
    record.target,
    record.desiredState,
    record.currentState,
    version,
    JSON.stringify(document),
  ];
}

export function pipeOf(row: PipeRow): PipeRecord {
  return { ...(JSON.parse(row.record) as Omit<PipeRecord, 'version'>), version: Number(row.version) };
}

/** A filter's values as named statement parameters: null for each filter not given. */
export function filterValues(filter: PipeFilter): Record<'desired' | 'current' | 'source' | 'target', string | null> {
  return {
    desired: filter.desiredState ?? null,
    current: filter.currentState ?? null,
    source: filter.sourcePrefix ?? null,
    target: filter.targetPrefix ?? null,
  };
}
