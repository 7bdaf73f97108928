/** Loading a handlers module for `baton run` and `baton test`. */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TaskHandler } from '../runtime/in-memory-runner.js';

/**
 * A handlers module exports functions named after the function or activity in the Resource ARN
 * (`…:function:ValidateOrder` → `export function ValidateOrder`), and/or a default object keyed
 * by full Resource strings.
 */
export async function loadHandlers(modulePath: string): Promise<(resource: string) => TaskHandler | undefined> {
  const mod = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, unknown>;
  const byResource = (typeof mod.default === 'object' && mod.default !== null ? mod.default : {}) as Record<
    string,
    unknown
  >;
  return (resource) => {
    const short = resource.split(':').filter(Boolean).pop() ?? resource;
    const candidate = byResource[resource] ?? mod[short] ?? byResource[short];
    return typeof candidate === 'function' ? (candidate as TaskHandler) : undefined;
  };
}
