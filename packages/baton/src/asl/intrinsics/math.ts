/**
 * States.MathAdd, States.MathRandom (developer guide, "Intrinsic functions" → "Intrinsics for
 * Math operations") and States.UUID ("Intrinsic for unique ID generation"). The random ones draw
 * from the execution's generator in EvalEnv, so replaying an execution repeats their values.
 */
import { type Json, nextFloat, nextUuid } from '../../kernel/index.js';
import { javaRandomNextInt } from '../java-random.js';
import type { EvalEnv } from '../query/env.js';
import { isJavaInt, javaInt } from './arguments.js';
import { InvalidArguments } from './invalid-arguments.js';

/**
 * Rounds each operand to the nearest integer, halves upwards as Java's Math.round does (recorded:
 * 1.49 + 1.5 = 3, -1.5 + -1.51 = -3); operands and sum must fit a 32-bit int.
 */
export function mathAdd([a, b]: readonly Json[]): Json {
  if (typeof a !== 'number' || typeof b !== 'number') throw new InvalidArguments();
  const x = Math.round(a) || 0;
  const y = Math.round(b) || 0;
  if (!isJavaInt(x) || !isJavaInt(y) || !isJavaInt(x + y)) throw new InvalidArguments();
  return x + y;
}

/**
 * An integer in [start, end): AWS cuts fractional bounds towards zero and refuses start ≥ end
 * (recorded: MathRandom(1.4, 1.6) fails). With a seed it is Java's `new Random(seed)
 * .nextInt(end - start) + start`, so a seed gives AWS's own number.
 */
export function mathRandom([start, end, seed]: readonly Json[], env: EvalEnv): Json {
  const low = javaInt(start);
  const high = javaInt(end);
  // Java computes the bound in int arithmetic; an overflowing span is refused like an empty one.
  const bound = (high - low) | 0;
  if (low >= high || bound <= 0) throw new InvalidArguments();
  if (seed === undefined) return low + Math.floor(nextFloat(env.random) * bound);
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new InvalidArguments();
  return low + javaRandomNextInt(seed, bound);
}

/** A version-4 UUID. AWS ignores any arguments given (recorded for `States.UUID('x')`). */
export function uuid(_args: readonly Json[], env: EvalEnv): Json {
  return nextUuid(env.random);
}
