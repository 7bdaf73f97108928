/**
 * The words Step Functions uses when a path finds nothing, for the interpreter to put after its
 * "An error occurred while executing the state …" prefix. Two families, both recorded against AWS:
 *
 * - InputPath/OutputPath quote Jayway JsonPath's own exception text:
 *   `Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']`.
 * - Payload template fields (`key.$`) and ErrorPath/CausePath name the field and the input:
 *   `The JSONPath '$.x' specified for the field 'key.$' could not be found in the input '{…}'`.
 *
 * Jayway reads JSON through Jackson's tree model on AWS (a missing array element reads as null,
 * see read.ts), so its messages name Jackson node classes.
 */
import { isJsonObject, type Json } from '../../../kernel/index.js';
import type { EvalEnv } from '../env.js';
import { asCompiled, type JsonPath } from './compiled.js';
import type { Step } from './model.js';
import { element } from './read.js';

const PROVIDER = 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider';

/** Jayway's normalized form of a path, `$['a']['b'][0]`, as its exceptions print it. */
export function normalizedPath(path: JsonPath): string {
  const compiled = asCompiled(path);
  const prefix = compiled.root === 'variable' ? `$${compiled.variableName}` : '$';
  return prefix + compiled.steps.map(fragment).join('');
}

function fragment(s: Step): string {
  switch (s.kind) {
    case 'name':
      return `['${s.name}']`;
    case 'index':
      return `[${s.index}]`;
    case 'names':
      return `[${s.names.map((n) => `'${n}'`).join(',')}]`;
    case 'indexes':
      return `[${s.indexes.join(',')}]`;
    case 'wildcard':
      return '[*]';
    case 'slice':
      return `[${s.start ?? ''}:${s.end ?? ''}${s.step === 1 ? '' : `:${s.step}`}]`;
    case 'descend':
      return '..';
    case 'filter':
      return '[?]';
    case 'function':
      return `.${s.name}()`;
  }
}

/**
 * Why a definite path read nothing, in Jayway's words (`No results for path: …`, `Missing
 * property in path …`, …): the detail of the InputPath/OutputPath message.
 */
export function explainMissingPath(path: JsonPath, input: Json, env: EvalEnv): string {
  const compiled = asCompiled(path);
  const full = `No results for path: ${normalizedPath(path)}`;
  let v: Json | undefined = compiled.start(input, env);
  if (v === undefined || !compiled.simple) return full;
  let at = compiled.root === 'variable' ? `$${compiled.variableName}` : '$';
  // A Java null (an index past the end) differs from a JSON null (Jackson's NullNode) in Jayway's texts.
  let javaNull = false;
  const steps = compiled.steps;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    const here = at + fragment(s);
    if (s.kind === 'name') {
      if (!isJsonObject(v)) {
        return `Expected to find an object with property ['${s.name}'] in path ${at} but found '${javaNull ? 'null' : jacksonClass(v)}'. This is not a json object according to the JsonProvider: '${PROVIDER}'.`;
      }
      if (!Object.hasOwn(v, s.name)) return i === steps.length - 1 ? full : `Missing property in path ${here}`;
      v = v[s.name]!;
      javaNull = false;
    } else if (s.kind === 'index') {
      if (javaNull) return `The path ${at} is null`;
      if (!Array.isArray(v))
        return `Filter: [${s.index}] can only be applied to arrays. Current context is: ${JSON.stringify(v)}`;
      const next = element(v, s.index, 'miss');
      javaNull = next === undefined;
      v = next ?? null;
    }
    at = here;
  }
  return full;
}

function jacksonClass(v: Json): string {
  const node = 'com.fasterxml.jackson.databind.node.';
  if (v === null) return `${node}NullNode`;
  if (Array.isArray(v)) return `${node}ArrayNode`;
  if (typeof v === 'string') return `${node}TextNode`;
  if (typeof v === 'boolean') return `${node}BooleanNode`;
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) return `${node}IntNode`;
    return Number.isSafeInteger(v) ? `${node}LongNode` : `${node}DoubleNode`;
  }
  return `${node}ObjectNode`;
}

/** InputPath/OutputPath found nothing: `Invalid path '<path>' : <Jayway's reason>`. */
export function invalidPathMessage(path: JsonPath, input: Json, env: EvalEnv): string {
  return `Invalid path '${path.text}' : ${explainMissingPath(path, input, env)}`;
}

/** A payload template field or ErrorPath/CausePath found nothing. */
export function fieldPathNotFoundMessage(pathText: string, field: string, input: Json): string {
  return `The JSONPath '${pathText}' specified for the field '${field}' could not be found in the input '${JSON.stringify(input)}'`;
}

/** The InvalidDefinition text for a `key.$` value that is neither a path nor an intrinsic call. */
export function invalidDynamicFieldMessage(field: string): string {
  return `The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call`;
}
