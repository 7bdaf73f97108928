/**
 * The pattern IR: what an EventBridge event pattern or an SNS filter policy means, with
 * the JSON syntax gone. Both parsers produce it; the compiled matcher and the reference
 * matcher consume it.
 *
 * A pattern is a disjunction of branches (one per combination of `$or` choices, exactly
 * as event-ruler expands them). A branch is a conjunction of fields sorted by path; a
 * field holds the alternatives of one value list (`"state": ["a", {"prefix": "b"}]`).
 */

import type { IpRange } from './ip.js';
import type { NumberKey } from './number.js';
import type { Wildcard } from './wildcard.js';

/** One side of a numeric range. Keys compare as strings in numeric order (see number.ts). */
export interface Bound {
  readonly key: NumberKey;
  readonly inclusive: boolean;
}

/** One element of a pattern's value list. */
export type Matcher =
  /** A JSON string literal. */
  | { readonly kind: 'exact'; readonly value: string }
  /** `null`, `true` or `false`. */
  | { readonly kind: 'literal'; readonly value: 'null' | 'true' | 'false' }
  /** A JSON number literal: equal by value when both sides are comparable, else by text. */
  | { readonly kind: 'number'; readonly text: string; readonly key: NumberKey | undefined }
  /** A string literal that is an IP address: matches any spelling of the same address. */
  | { readonly kind: 'ip'; readonly range: IpRange }
  | { readonly kind: 'prefix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly pattern: Wildcard }
  /** `numeric` (ranges and `=`, which is the range [k, k]); matches JSON numbers only. */
  | { readonly kind: 'numeric'; readonly lower: Bound | undefined; readonly upper: Bound | undefined }
  | { readonly kind: 'cidr'; readonly range: IpRange }
  | { readonly kind: 'exists'; readonly value: boolean }
  /** Excludes equal strings, or (never both) numbers equal by value. */
  | { readonly kind: 'anything-but'; readonly strings: readonly string[]; readonly numbers: readonly NumberKey[] }
  | { readonly kind: 'anything-but-ignore-case'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-prefix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-suffix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-wildcard'; readonly patterns: readonly Wildcard[] };

export type MatcherKind = Matcher['kind'];

/** A field test: the event must have a leaf at `path` whose value passes one matcher. */
export interface Field {
  /** Dot-joined path, as event-ruler names fields (`detail.state`). */
  readonly path: string;
  readonly matchers: readonly Matcher[];
}

/** All fields must pass. Sorted by path (UTF-16 code unit order, as Java sorts). */
export type Branch = readonly Field[];

/** Which service's rules produced the IR; only messages and limits differ, never matching. */
export type PatternDialect = 'event-pattern' | 'filter-policy';

export interface PatternIR {
  readonly dialect: PatternDialect;
  /** At least one branch; the pattern matches when any branch does. */
  readonly branches: readonly Branch[];
}

/** An invalid pattern, policy or event, with the AWS error code and message the API must return. */
export interface PatternError {
  readonly code: 'InvalidEventPatternException' | 'InvalidParameter' | 'ValidationException';
  readonly message: string;
}
