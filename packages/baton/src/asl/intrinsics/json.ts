/**
 * States.StringToJson, States.JsonToString and States.JsonMerge (developer guide, "Intrinsic
 * functions" → "Intrinsics for JSON data manipulation").
 */
import { isJsonObject, type Json } from '../../kernel/index.js';
import { requireString } from './arguments.js';
import { InvalidArguments } from './invalid-arguments.js';

/**
 * Blank text parses to null, as recorded against AWS for "" and " "; "-0" parses to 0, as Jackson
 * reads it as the integer zero (recorded).
 */
export function stringToJson([text]: readonly Json[]): Json {
  const source = requireString(text);
  if (/^[ \t\n\r]*$/.test(source)) return null;
  try {
    return JSON.parse(source, (_key, value: Json) => (Object.is(value, -0) ? 0 : value)) as Json;
  } catch {
    throw new InvalidArguments();
  }
}

/** Compact JSON text, as AWS (Jackson) writes it. */
export function jsonToString([value]: readonly Json[]): Json {
  return JSON.stringify(value);
}

/**
 * Shallow merge: the second object's members win. "Step Functions only supports the shallow
 * merging mode", so `true` as the third argument fails; AWS treats any other value as false
 * (recorded for the string "false").
 */
export function jsonMerge([first, second, deep]: readonly Json[]): Json {
  if (!isJsonObject(first) || !isJsonObject(second) || deep === true) throw new InvalidArguments();
  return { ...first, ...second };
}
