/**
 * @module kernel
 * The vocabulary every other module shares: JSON values, Result, branded ids, the Clock and
 * Entropy ports, and a seedable random generator. It imports nothing, not even from Node.
 */
export type { Brand } from './brand.js';
export { isJsonObject, type Json, type JsonObject, jsonEquals, jsonTypeOf, utf8Length } from './json.js';
export { isPromise, type MaybePromise } from './maybe-promise.js';
export type { Clock, Entropy, Instant } from './ports.js';
export { nextFloat, nextHex, nextUint32, nextUuid, type RandomState, seedRandom } from './random.js';
export { err, ok, type Result } from './result.js';
