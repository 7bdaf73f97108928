/**
 * A pipe's parameters for reading: the nested structures of the API reference (SourceParameters,
 * EnrichmentParameters, TargetParameters) as labelled rows, and the source's filter patterns.
 *
 * The wrapper that names the resource type (`KinesisStreamParameters`, `SqsQueueParameters`,
 * `StepFunctionStateMachineParameters`, …) is dropped: the source's or target's ARN already says
 * what it is. Deeper structures keep their path (`Dead letter config › Arn`).
 */
import type { Parameters } from '../api/pipes.js';

export interface ParameterRow {
  readonly label: string;
  readonly value: string;
  /** Shown as a block (a template or a structure), not inline. */
  readonly block: boolean;
}

/** `MaximumBatchingWindowInSeconds` → `Maximum batching window in seconds`. */
export function words(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Members shown as blocks even when they are strings. */
const BLOCK_MEMBERS = new Set(['InputTemplate']);

/**
 * The rows of a parameters structure, in the order the API answered them, without the members
 * named in `omit` (at the top level: `FilterCriteria`, shown on its own).
 */
export function parameterRows(params: Parameters | undefined, omit: readonly string[] = []): ParameterRow[] {
  const rows: ParameterRow[] = [];
  const visit = (value: unknown, path: readonly string[]) => {
    const label = path.map(words).join(' › ');
    if (isRecord(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
    } else if (Array.isArray(value) && value.every(isScalar)) {
      rows.push({ label, value: value.map(String).join(', '), block: false });
    } else if (isScalar(value)) {
      rows.push({
        label,
        value: String(value),
        block: BLOCK_MEMBERS.has(path.at(-1)!) || String(value).includes('\n'),
      });
    } else {
      rows.push({ label, value: JSON.stringify(value, null, 2), block: true });
    }
  };
  for (const [key, value] of Object.entries(params ?? {})) {
    if (omit.includes(key)) continue;
    // `KinesisStreamParameters: {…}`: its members at the top.
    if (key.endsWith('Parameters') && isRecord(value)) {
      for (const [k, v] of Object.entries(value)) visit(v, [k]);
    } else visit(value, [key]);
  }
  return rows;
}

/** The patterns of the source's FilterCriteria (`{Filters: [{Pattern}]}`), as the API stores them (JSON text). */
export function filterPatterns(sourceParameters: Parameters | undefined): string[] {
  const criteria = sourceParameters?.FilterCriteria;
  if (!isRecord(criteria) || !Array.isArray(criteria.Filters)) return [];
  return criteria.Filters.flatMap((f: unknown) => (isRecord(f) && typeof f.Pattern === 'string' ? [f.Pattern] : []));
}
