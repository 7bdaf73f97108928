/**
 * Argument coercions shared by the intrinsic families. A fractional number where AWS wants an
 * integer is cut towards zero as Java's `(int)` cast does (recorded: ArrayPartition with 2.6
 * partitions by 2, ArrayGetItem with 1.2 reads index 1, ArrayRange(1.6, 1.4, 1) gives [1]);
 * only States.MathAdd rounds, and it says so itself.
 */
import type { Json } from '../../kernel/index.js';
import { InvalidArguments } from './invalid-arguments.js';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** A number cut to a Java int (saturating, as `(int) double` does); anything else is invalid. */
export function javaInt(v: Json | undefined): number {
  if (typeof v !== 'number' || Number.isNaN(v)) throw new InvalidArguments();
  return Math.min(Math.max(Math.trunc(v), INT_MIN), INT_MAX);
}

export function isJavaInt(n: number): boolean {
  return Number.isInteger(n) && n >= INT_MIN && n <= INT_MAX;
}

export function requireArray(v: Json | undefined): Json[] {
  if (!Array.isArray(v)) throw new InvalidArguments();
  return v;
}

export function requireString(v: Json | undefined): string {
  if (typeof v !== 'string') throw new InvalidArguments();
  return v;
}
