/**
 * The array intrinsics (developer guide, "Intrinsic functions" → "Intrinsics for arrays"):
 * States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength and
 * ArrayUnique. Where the guide is silent, behaviour follows runs recorded against AWS; each such
 * rule names its evidence.
 */
import type { Json } from '../../kernel/index.js';
import { javaInt, requireArray } from './arguments.js';
import { InvalidArguments } from './invalid-arguments.js';
import { javaHashSetOrder } from './java-hash.js';
import { javaText } from './java-text.js';

/** "The new array can contain up to 1000 elements." */
const MAX_RANGE_LENGTH = 1000;

export function statesArray(args: readonly Json[]): Json {
  return args.slice();
}

export function arrayPartition([array, chunk]: readonly Json[]): Json {
  const items = requireArray(array);
  const size = javaInt(chunk);
  if (size <= 0) throw new InvalidArguments();
  const chunks: Json[] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Compared as Java text (see java-text.ts): `true` is found in `["true"]`, member order matters. */
export function arrayContains([array, value]: readonly Json[]): Json {
  const items = requireArray(array);
  const wanted = javaText(value!);
  return items.some((item) => javaText(item) === wanted);
}

/** Both ends included; a negative step counts down; a step that points away gives []. */
export function arrayRange([start, end, step]: readonly Json[]): Json {
  const first = javaInt(start);
  const last = javaInt(end);
  const by = javaInt(step);
  if (by === 0) throw new InvalidArguments();
  const count = (by > 0 ? last >= first : last <= first) ? Math.floor((last - first) / by) + 1 : 0;
  if (count > MAX_RANGE_LENGTH) throw new InvalidArguments();
  return Array.from({ length: count }, (_, i) => first + i * by);
}

/**
 * Zero-based. A negative index or one past the end fails, except on an empty array, where AWS
 * answers null (recorded: `States.ArrayGetItem([], 999)` is null, `([10,20,30], 3)` fails).
 */
export function arrayGetItem([array, index]: readonly Json[]): Json {
  const items = requireArray(array);
  const i = javaInt(index);
  if (i < 0) throw new InvalidArguments();
  if (items.length === 0) return null;
  if (i >= items.length) throw new InvalidArguments();
  return items[i]!;
}

export function arrayLength([array]: readonly Json[]): Json {
  return requireArray(array).length;
}

/** The distinct values in Java HashSet order, which is AWS's order (see java-hash.ts). */
export function arrayUnique([array]: readonly Json[]): Json {
  return javaHashSetOrder(requireArray(array));
}
