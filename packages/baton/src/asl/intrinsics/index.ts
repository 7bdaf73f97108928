/**
 * @module asl/intrinsics
 * The 18 intrinsic functions of JSONPath states (developer guide, "Intrinsic functions"):
 * States.Format, StringToJson, JsonToString, Array, ArrayPartition, ArrayContains, ArrayRange,
 * ArrayGetItem, ArrayLength, ArrayUnique, Base64Encode, Base64Decode, Hash, JsonMerge,
 * MathRandom, MathAdd, StringSplit and UUID. Pure: imports kernel, the ASL errors and the query
 * modules only; hashing, Base64, UTF-8 and Java's Random are implemented here.
 *
 * Entry points: `isIntrinsicCall` (is this `key.$` value a call?), `parseIntrinsic` (once, at
 * definition time) → `IntrinsicCall.evaluate` (per execution; throws StatesError with AWS's
 * words); `hashHex`/`isHashAlgorithm` for JSONata's `$hash`.
 */
import { err, type Json, ok, type Result } from '../../kernel/index.js';
import type { EvalEnv } from '../query/env.js';
import { compileCall } from './evaluate.js';
import { INTRINSICS } from './registry.js';
import { IntrinsicSyntaxError, parseCallText } from './syntax.js';

export { type HashAlgorithm, hashHex, isHashAlgorithm } from './hash.js';

export interface IntrinsicCall {
  /** The call as written in the definition. */
  readonly text: string;
  /**
   * Evaluates the call against the state's input. Throws StatesError (States.Runtime) when an
   * argument path finds nothing or the arguments do not fit the function.
   */
  evaluate(input: Json, env: EvalEnv): Json;
}

/** True when a `key.$` value (or ErrorPath/CausePath) is written as an intrinsic call rather than a path. */
export function isIntrinsicCall(text: string): boolean {
  return text.trimStart().startsWith('States.');
}

/**
 * Parses an intrinsic call. The error is a description of the syntax problem (unknown function,
 * unbalanced parenthesis, invalid escape or argument, nesting deeper than 10) for the validator
 * to report under the field; AWS words that report as "The value for the field 'x.$' must be a
 * valid JSONPath or a valid intrinsic function call" (see `invalidDynamicFieldMessage`).
 */
export function parseIntrinsic(text: string): Result<IntrinsicCall, string> {
  try {
    const evaluate = compileCall(
      parseCallText(text, (name) => INTRINSICS.has(name)),
      text,
    );
    return ok({ text, evaluate });
  } catch (e) {
    if (e instanceof IntrinsicSyntaxError) return err(e.message);
    throw e;
  }
}
