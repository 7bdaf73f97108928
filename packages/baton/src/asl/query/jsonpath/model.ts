/**
 * The parsed form of a JSONPath (Jayway JsonPath's grammar, which Step Functions uses: developer
 * guide, "Paths"): a root and a list of steps, each step mapping one node to zero or more nodes.
 * Paths are parsed once, at definition time; evaluation walks these plain objects.
 */
import type { Json } from '../../../kernel/index.js';

export type Root = 'input' | 'context' | 'variable';

export type Step =
  /** `.name` or `['name']`. `inherited` marks names Object.prototype also has, read with Object.hasOwn. */
  | { readonly kind: 'name'; readonly name: string; readonly inherited: boolean; readonly arrayLength?: true }
  /** `[2]`, `[-1]`: an index from the end when negative. */
  | { readonly kind: 'index'; readonly index: number }
  /** `['a','b']`: as the last step, Jayway merges the named members into one object. */
  | { readonly kind: 'names'; readonly names: readonly string[] }
  /** `[0,2]` */
  | { readonly kind: 'indexes'; readonly indexes: readonly number[] }
  /** `.*` or `[*]`: every member of an object or element of an array. */
  | { readonly kind: 'wildcard' }
  /** `[start:end:step]` with Python's rules for missing and negative bounds. */
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number; readonly step: number }
  /** `..`: the node and all its descendants, in document order; the next step applies to each. */
  | { readonly kind: 'descend' }
  /** `[?(...)]` */
  | { readonly kind: 'filter'; readonly test: Filter }
  /** `.length()` and the aggregations, only as the last step. */
  | { readonly kind: 'function'; readonly name: PathFunction };

export type PathFunction = 'length' | 'min' | 'max' | 'avg' | 'sum' | 'stddev';

export type Filter =
  | { readonly kind: 'or' | 'and'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'not'; readonly operand: Filter }
  | { readonly kind: 'exists'; readonly path: PathOperand }
  | { readonly kind: 'compare'; readonly op: FilterOperator; readonly left: Operand; readonly right: Operand };

export type FilterOperator =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | 'in'
  | 'nin'
  | 'subsetof'
  | 'anyof'
  | 'noneof'
  | 'contains'
  | 'size'
  | 'empty';

export interface PathOperand {
  readonly kind: 'path';
  /** `@` (the candidate node) or `$` (the document the whole path started from). */
  readonly relative: boolean;
  readonly steps: readonly Step[];
  readonly definite: boolean;
}

export type Operand =
  | PathOperand
  | { readonly kind: 'literal'; readonly value: Json }
  | { readonly kind: 'regex'; readonly regex: RegExp };

/** The syntax tree of a whole path, before it is compiled into a reader. */
export interface ParsedPath {
  readonly root: Root;
  readonly variableName?: string;
  readonly steps: readonly Step[];
}

/** True when the steps select at most one node (Jayway's "definite path"). */
export function isDefinite(steps: readonly Step[]): boolean {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.kind === 'name' || s.kind === 'index' || s.kind === 'function') continue;
    // A trailing ['a','b'] merges into one object, so it still yields a single node.
    if (s.kind === 'names' && isLastSelection(steps, i)) continue;
    return false;
  }
  return true;
}

/** True when step `i` is the last step that selects nodes (only a function may follow it). */
export function isLastSelection(steps: readonly Step[], i: number): boolean {
  return i === steps.length - 1 || (i === steps.length - 2 && steps[i + 1]!.kind === 'function');
}
