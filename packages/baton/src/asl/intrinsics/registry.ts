/**
 * The 18 intrinsic functions of the developer guide's "Intrinsic functions" page, with the
 * argument counts the guide documents. A call with another count is accepted when the definition
 * is created and fails when it runs, as on AWS; States.UUID ignores extra arguments (recorded).
 */
import type { Json } from '../../kernel/index.js';
import type { EvalEnv } from '../query/env.js';
import {
  arrayContains,
  arrayGetItem,
  arrayLength,
  arrayPartition,
  arrayRange,
  arrayUnique,
  statesArray,
} from './array.js';
import { statesBase64Decode, statesBase64Encode } from './encoding.js';
import { statesHash } from './hash.js';
import { jsonMerge, jsonToString, stringToJson } from './json.js';
import { mathAdd, mathRandom, uuid } from './math.js';
import { prepareFormat, stringSplit } from './string.js';
import type { ArgNode } from './syntax.js';

/** Runs a call on its evaluated arguments; throws InvalidArguments when they do not fit. */
type IntrinsicImpl = (args: readonly Json[], env: EvalEnv) => Json;

interface IntrinsicFunction {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Builds the implementation from the argument nodes, for a function that reads its literals. */
  readonly prepare: (nodes: readonly ArgNode[]) => IntrinsicImpl;
}

function fixed(minArgs: number, maxArgs: number, impl: IntrinsicImpl): IntrinsicFunction {
  return { minArgs, maxArgs, prepare: () => impl };
}

export const INTRINSICS: ReadonlyMap<string, IntrinsicFunction> = new Map([
  ['States.Format', { minArgs: 1, maxArgs: Number.POSITIVE_INFINITY, prepare: prepareFormat }],
  ['States.StringToJson', fixed(1, 1, stringToJson)],
  ['States.JsonToString', fixed(1, 1, jsonToString)],
  ['States.Array', fixed(0, Number.POSITIVE_INFINITY, statesArray)],
  ['States.ArrayPartition', fixed(2, 2, arrayPartition)],
  ['States.ArrayContains', fixed(2, 2, arrayContains)],
  ['States.ArrayRange', fixed(3, 3, arrayRange)],
  ['States.ArrayGetItem', fixed(2, 2, arrayGetItem)],
  ['States.ArrayLength', fixed(1, 1, arrayLength)],
  ['States.ArrayUnique', fixed(1, 1, arrayUnique)],
  ['States.Base64Encode', fixed(1, 1, statesBase64Encode)],
  ['States.Base64Decode', fixed(1, 1, statesBase64Decode)],
  ['States.Hash', fixed(2, 2, statesHash)],
  ['States.JsonMerge', fixed(3, 3, jsonMerge)],
  ['States.MathRandom', fixed(2, 3, mathRandom)],
  ['States.MathAdd', fixed(2, 2, mathAdd)],
  ['States.StringSplit', fixed(2, 2, stringSplit)],
  ['States.UUID', fixed(0, Number.POSITIVE_INFINITY, uuid)],
]);
