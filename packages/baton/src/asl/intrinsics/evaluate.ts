/**
 * A parsed call turned into a closure once, at definition time. Failures carry AWS's words
 * (recorded runs), naming the whole expression as written even when an inner call failed:
 *
 * - an argument path that finds nothing: States.Runtime, `The function '<text>' had the following
 *   error: The JsonPath argument for the field '<path>' could not be found in the input '<input>'`
 *   (a `$$.x` path is reported as `$.x`, and the input is the state input even then);
 * - arguments that do not fit the function: States.Runtime, `The function '<text>' had the
 *   following error: Invalid arguments in States.X`.
 */
import type { Json } from '../../kernel/index.js';
import { StatesError, StatesErrorName } from '../errors.js';
import type { EvalEnv } from '../query/env.js';
import { readExisting } from '../query/jsonpath/index.js';
import { InvalidArguments } from './invalid-arguments.js';
import { INTRINSICS } from './registry.js';
import type { ArgNode, CallNode } from './syntax.js';

type Evaluator = (input: Json, env: EvalEnv) => Json;

export function compileCall(call: CallNode, text: string): Evaluator {
  return compileNode(call, text);
}

function compileNode(node: ArgNode, text: string): Evaluator {
  switch (node.kind) {
    case 'string':
    case 'literal': {
      const value = node.value;
      return () => value;
    }
    case 'path': {
      const { path } = node;
      const reported = path.root === 'context' ? node.text.slice(1) : node.text;
      return (input, env) => {
        const found = readExisting(path, input, env);
        if (found !== undefined) return found;
        throw failure(
          text,
          `The JsonPath argument for the field '${reported}' could not be found in the input '${JSON.stringify(input)}'`,
        );
      };
    }
    case 'call':
      return compileInvocation(node, text);
  }
}

function compileInvocation(call: CallNode, text: string): Evaluator {
  const fn = INTRINSICS.get(call.name);
  const invalid = () => failure(text, `Invalid arguments in ${call.name}`);
  if (fn === undefined || call.args.length < fn.minArgs || call.args.length > fn.maxArgs) {
    return () => {
      throw invalid();
    };
  }
  const args = call.args.map((a) => compileNode(a, text));
  const impl = fn.prepare(call.args);
  return (input, env) => {
    const values = args.map((a) => a(input, env));
    try {
      return impl(values, env);
    } catch (e) {
      if (e instanceof InvalidArguments) throw invalid();
      throw e;
    }
  };
}

function failure(text: string, detail: string): StatesError {
  return new StatesError(StatesErrorName.Runtime, `The function '${text}' had the following error: ${detail}`);
}
