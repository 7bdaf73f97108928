/**
 * The shared last step of both parsers: raw branches to IR branches (fields sorted by
 * path), and the wildcard complexity guard, which AWS applies per field of a branch.
 */
import { MAX_WILDCARD_COMPLEXITY, wildcardComplexity } from '../complexity.js';
import type { Branch, Field } from '../ir.js';
import type { Wildcard } from '../wildcard.js';
import type { RawBranch } from './rule-compiler.js';

export const TOO_COMPLEX =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character';

export function toBranches(raw: readonly RawBranch[]): Branch[] {
  return raw.map((b) =>
    [...b.entries()]
      .map(([path, matchers]): Field => ({ path, matchers }))
      .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0)),
  );
}

/** True when some field of some branch has wildcards too complex for AWS to accept. */
export function tooComplex(branches: readonly Branch[]): boolean {
  for (const branch of branches) {
    for (const field of branch) {
      const wildcards: Wildcard[] = [];
      for (const m of field.matchers) if (m.kind === 'wildcard') wildcards.push(m.pattern);
      if (wildcards.length > 0 && wildcardComplexity(wildcards) > MAX_WILDCARD_COMPLEXITY) return true;
    }
  }
  return false;
}
