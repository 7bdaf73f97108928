/**
 * @module asl/query/jsonpath
 * JSONPath as Step Functions uses it (Jayway JsonPath semantics; developer guide, "Paths",
 * "Reference Paths", "InputPath, Parameters and ResultSelector", "ResultPath"): full paths
 * (wildcards, slices, unions, filters, recursive descent, `length()` and the aggregations) where
 * AWS allows them, reference paths (a single node) elsewhere, roots `$` (the value at hand), `$$`
 * (the context object) and `$name` (a variable), the ResultPath writer, and AWS's messages for a
 * path that finds nothing. Pure: imports only kernel and the shared EvalEnv.
 *
 * Entry points: `parseJsonPath` / `parseReferencePath` (once, at definition time) → `JsonPath`
 * whose `read` runs per transition; `writeResultPath`; `invalidPathMessage`,
 * `fieldPathNotFoundMessage`, `normalizedPath` for failure causes; `selectsNode`,
 * `disjointPaths`, `writeGrowthBytes` for the payload quota's size bounds.
 */
import { err, type Json, ok, type Result } from '../../../kernel/index.js';
import type { EvalEnv } from '../env.js';
import { asCompiled, CompiledPath, type JsonPath } from './compiled.js';
import { PathSyntaxError } from './cursor.js';
import { parsePathText } from './parse.js';

export type { JsonPath } from './compiled.js';
export {
  explainMissingPath,
  fieldPathNotFoundMessage,
  invalidDynamicFieldMessage,
  invalidPathMessage,
  normalizedPath,
} from './messages.js';
export { disjointPaths, selectsNode, writeGrowthBytes } from './sizing.js';
export { writeResultPath } from './write.js';

/** Parses a full path (InputPath, OutputPath, `key.$` values, intrinsic arguments). */
export function parseJsonPath(text: string): Result<JsonPath, string> {
  try {
    return ok(new CompiledPath(text, parsePathText(text)));
  } catch (e) {
    if (e instanceof PathSyntaxError) return err(e.message);
    throw e;
  }
}

/**
 * Parses a reference path (ResultPath, Choice `Variable`, the `…Path` fields, ErrorPath,
 * CausePath): only `.name`, `['name']` and `[n]` steps, so it names at most one node.
 */
export function parseReferencePath(text: string): Result<JsonPath, string> {
  const parsed = parseJsonPath(text);
  if (!parsed.ok) return parsed;
  return asCompiled(parsed.value).simple ? parsed : err('Value is not a Reference Path');
}

/**
 * Reads a path as an intrinsic function argument: like `read`, except that an array index past
 * either end finds nothing instead of null (AWS fails `States.Format('{}', $.items[5])` but
 * resolves `"v.$": "$.items[5]"` to null).
 */
export function readExisting(path: JsonPath, input: Json, env: EvalEnv): Json | undefined {
  return asCompiled(path).readExisting(input, env);
}
