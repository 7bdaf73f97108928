/**
 * FilterCriteria (user guide, "Amazon EventBridge Pipes filtering"): up to five event patterns,
 * a record passing when any one matches its decoded, filterable fields. The patterns are the
 * bus's (patterns module): parsed and compiled once, into one matcher.
 */
import { createMatcher, type PatternIR, parseEventPattern } from '../../patterns/index.js';
import { pipeErrors } from './errors.js';
import { filterable, type SourceRecord } from './records.js';

export const MAX_FILTERS = 5;

export interface RecordFilter {
  matches(record: SourceRecord): boolean;
}

/** Parses a pattern as CreatePipe checks it; `path` names the member in errors. */
export function parseFilterPattern(pattern: string, path: string): PatternIR {
  const ir = parseEventPattern(pattern);
  if (!ir.ok) throw pipeErrors.invalid(`Parameter ${path} is not valid. Reason: ${ir.error.message}`);
  return ir.value;
}

export function compileFilter(patterns: readonly string[]): RecordFilter {
  if (patterns.length === 0) return { matches: () => true };
  const matcher = createMatcher<number>();
  patterns.forEach((p, i) => {
    matcher.add(i, parseFilterPattern(p, `sourceParameters.filterCriteria.filters.${i}.pattern`));
  });
  return { matches: (record) => matcher.match(filterable(record)).length > 0 };
}
