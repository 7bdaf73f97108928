/** Loading a handlers module for `baton run` and `baton test`. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionNameOf, invokeResult, isLambdaInvoke } from '../integrations/functions.js';
import type { JsonObject } from '../kernel/index.js';
import { TaskError, type TaskHandler } from '../runtime/in-memory-runner.js';

/**
 * A handlers module exports functions named after the function or activity in the Resource ARN
 * (`…:function:ValidateOrder` → `export function ValidateOrder`), and/or a default object keyed
 * by full Resource strings. `arn:aws:states:::lambda:invoke` tasks call the export named by their
 * FunctionName with their Payload, and get Lambda Invoke's result shape.
 */
export async function loadHandlers(modulePath: string): Promise<(resource: string) => TaskHandler | undefined> {
  const mod = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, unknown>;
  const byResource = (typeof mod.default === 'object' && mod.default !== null ? mod.default : {}) as Record<
    string,
    unknown
  >;
  const lookup = (resource: string) => {
    const short = resource.split(':').filter(Boolean).pop() ?? resource;
    const candidate = byResource[resource] ?? mod[short] ?? byResource[short];
    return typeof candidate === 'function' ? (candidate as TaskHandler) : undefined;
  };
  return (resource) => {
    if (!isLambdaInvoke(resource) || byResource[resource]) return lookup(resource);
    // lambda:invoke names its function in the parameters: found when the task runs.
    return async (input, context) => {
      const params = (input ?? {}) as JsonObject;
      const name = typeof params.FunctionName === 'string' ? functionNameOf(params.FunctionName) : '';
      const handler = lookup(name);
      if (!handler) throw new TaskError('Lambda.ResourceNotFoundException', `No handler is exported as '${name}'`);
      return invokeResult((await handler(params.Payload ?? null, context)) ?? null);
    };
  };
}
