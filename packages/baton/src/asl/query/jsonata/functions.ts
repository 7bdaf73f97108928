/**
 * The Step Functions dialect of JSONata (developer guide, "Transforming data with JSONata in
 * Step Functions" → "JSONata functions provided by Step Functions", and its restrictions):
 * `$partition`, `$range`, `$hash`, `$random([seed])`, `$uuid()`, `$parse`; `$eval` is absent;
 * `$now()` and `$millis()` return the execution's time, not the host clock, so replay agrees.
 *
 * Edge behaviour (undefined arguments, rounding, error codes and texts) follows what was measured
 * against AWS and recorded in floci-io/floci#2736/#2737 (its JsonataEvaluator), since the guide
 * documents only the happy path. Errors are thrown as JSONata error objects (`code` + fields the
 * JSONata message template fills, or `message` for D3137), so they read exactly like JSONata's own.
 */
import type jsonata from 'jsonata';
import { type Json, nextFloat, nextUuid } from '../../../kernel/index.js';
import { hashHex, isHashAlgorithm } from '../../intrinsics/index.js';
import { javaRandomDouble } from '../../java-random.js';
import type { EvalEnv } from '../env.js';

/**
 * The binding that carries the per-evaluation runtime to these functions. It contains a space, so
 * no expression can spell `$ baton` and read or shadow it. A module-level "current evaluation"
 * would be wrong: evaluations are async and interleave.
 */
export const RUNTIME_BINDING = ' baton';

export interface EvaluationRuntime {
  readonly env: EvalEnv;
  /** The execution's time in epoch milliseconds. */
  readonly now: number;
}

/** Installs the dialect on one compiled expression (JSONata has no shared registry to install it once). */
export function installStepFunctionsDialect(expression: jsonata.Expression): void {
  // AWS answers `$eval(...)` with T1006 "Attempted to invoke a non-function": the name is unbound.
  expression.assign('eval', undefined);
  expression.registerFunction('now', now, '<s?s?:s>');
  expression.registerFunction('millis', millis, '<:n>');
  expression.registerFunction('random', random, '<x?:n>');
  expression.registerFunction('uuid', uuid, '<:s>');
  // Every documented parameter is optional (`x?`) so each function decides what an undefined
  // argument means; JSONata's own signature check still names a surplus argument (T0410).
  expression.registerFunction('partition', partition, '<x?x?:x>');
  expression.registerFunction('range', range, '<x?x?x?:x>');
  expression.registerFunction('hash', hash, '<x?x?:x>');
  expression.registerFunction('parse', parse, '<x?:x>');
}

function runtime(focus: jsonata.Focus): EvaluationRuntime {
  return focus.environment.lookup(RUNTIME_BINDING) as EvaluationRuntime;
}

/** A JSONata error object; JSONata fills in the function name (`token`) and renders the message. */
function jsonataError(code: string, fields: Record<string, unknown>): object {
  return { code, ...fields };
}

function signatureError(argument: number): object {
  return jsonataError('T0410', { index: argument });
}

/** AWS casts numeric arguments to a Java long: -1.7 becomes -1, 2.9 becomes 2. */
function towardsZero(value: unknown, argument: number): number {
  if (typeof value !== 'number') throw signatureError(argument);
  return Math.trunc(value);
}

function now(this: jsonata.Focus, picture?: string, timezone?: string): string {
  // `$now(picture, timezone)` is `$fromMillis` of the evaluation time, as in JSONata itself.
  const fromMillis = this.environment.lookup('fromMillis') as { implementation: (...a: unknown[]) => string };
  return fromMillis.implementation.call(this, runtime(this).now, picture, timezone);
}

function millis(this: jsonata.Focus): number {
  return runtime(this).now;
}

/** Without a seed the draw comes from the execution's generator, so replay repeats it. */
function random(this: jsonata.Focus, seed?: unknown): number {
  return seed === undefined ? nextFloat(runtime(this).env.random) : javaRandomDouble(towardsZero(seed, 1));
}

function uuid(this: jsonata.Focus): string {
  return nextUuid(runtime(this).env.random);
}

/** `$partition(array, size)`: chunks of `size`, the last one shorter. */
function partition(array?: unknown, size?: unknown): unknown {
  if (array === undefined) return undefined;
  if (!Array.isArray(array)) throw jsonataError('T0412', { index: 1 });
  if (array.length === 0) return undefined;
  if (size === undefined) return [array];
  const chunk = towardsZero(size, 2);
  if (chunk < 0) throw jsonataError('D3137', { message: 'Second argument must be zero or greater' });
  if (chunk === 0) return undefined;
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += chunk) chunks.push(array.slice(i, i + chunk));
  return chunks;
}

/** `$range(start, end, step)`: start, start+step, … up to end inclusive; one element collapses to a number. */
function range(start?: unknown, end?: unknown, step?: unknown): unknown {
  const first = towardsZero(start, 1);
  const last = towardsZero(end, 2);
  if (step === undefined) return undefined;
  const by = towardsZero(step, 3);
  if (by === 0 || (by > 0 && first > last) || (by < 0 && first < last)) return undefined;
  if (first === last) return first;
  const count = Math.floor((last - first) / by) + 1;
  // JSONata's own bound on a range (`[1..n]`), so one call cannot exhaust the engine's memory.
  if (count > 1e7) throw jsonataError('D2014', { value: count });
  const values = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = first + i * by;
  return values;
}

/** `$hash(data, algorithm)`: the lower-case hex digest of the UTF-8 bytes of `data`. */
function hash(data?: unknown, algorithm?: unknown): unknown {
  if (typeof data !== 'string') throw signatureError(1);
  if (algorithm === undefined) return undefined;
  if (typeof algorithm !== 'string') throw signatureError(2);
  if (!isHashAlgorithm(algorithm)) {
    throw jsonataError('D3137', {
      message: `Hash algorithm '${algorithm}' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5`,
    });
  }
  return hashHex(data, algorithm);
}

/** `$parse(json)`: what AWS offers instead of `$eval`. */
function parse(text?: unknown): unknown {
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw signatureError(1);
  try {
    return JSON.parse(text) as Json;
  } catch {
    throw jsonataError('D3137', { message: 'Invalid JSON' });
  }
}
