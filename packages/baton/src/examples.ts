/**
 * The example scenarios (`examples/<name>/definition.json`, optional `functions.mjs` and
 * `endpoints.json`): loaded at start so a new user sees working workflows at once. Each becomes a
 * state machine named after its folder, created through the same Step Functions operations API
 * clients use; the activities its definition names are created too; its functions join the
 * in-process functions, and its endpoints the functions served over HTTP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { exampleContext, exampleFolders } from './api/aws/example-files.js';
import type { JsonService } from './api/aws/json-protocol.js';
import type { FunctionEndpoint, FunctionHandler } from './integrations/functions.js';

export interface Example {
  readonly name: string;
  readonly definition: string;
  readonly functions: Record<string, FunctionHandler>;
  /**
   * From `endpoints.json`: function name → URL (or `{ url, timeoutSeconds }`), the same shape as
   * the `functionEndpoints` option, which names the same function with precedence.
   */
  readonly endpoints: Record<string, FunctionEndpoint>;
}

export async function readExamples(dir: string): Promise<Example[]> {
  const out: Example[] = [];
  for (const { name, folder } of exampleFolders(dir)) {
    const definitionFile = join(folder, 'definition.json');
    if (!existsSync(definitionFile)) continue;
    const functionsFile = join(folder, 'functions.mjs');
    const mod = existsSync(functionsFile)
      ? ((await import(pathToFileURL(functionsFile).href)) as Record<string, unknown>)
      : {};
    const functions = Object.fromEntries(Object.entries(mod).filter(([, v]) => typeof v === 'function')) as Record<
      string,
      FunctionHandler
    >;
    const endpoints = readEndpoints(join(folder, 'endpoints.json'));
    out.push({ name, definition: readFileSync(definitionFile, 'utf8'), functions, endpoints });
  }
  return out;
}

function readEndpoints(file: string): Record<string, FunctionEndpoint> {
  if (!existsSync(file)) return {};
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | FunctionEndpoint>;
  return Object.fromEntries(
    Object.entries(entries).map(([name, e]) => {
      const endpoint = typeof e === 'string' ? { url: e } : e;
      if (typeof endpoint?.url !== 'string') throw new Error(`${file}: the endpoint of ${name} has no url`);
      return [name, endpoint];
    }),
  );
}

/** Creates the examples' activities and state machines that do not exist yet. */
export async function deployExamples(
  examples: readonly Example[],
  sfn: JsonService,
  region: string,
  account: string,
): Promise<void> {
  const ctx = exampleContext(region, account);
  const call = (operation: string, input: Record<string, string>) => sfn.operations[operation]!(input, ctx);
  for (const example of examples) {
    const activities = new Set(example.definition.match(/arn:aws:states:[^:"]+:\d{12}:activity:[A-Za-z0-9_-]+/g) ?? []);
    for (const arn of activities) await call('CreateActivity', { name: arn.split(':').pop()! });
    try {
      await call('CreateStateMachine', {
        name: example.name,
        definition: example.definition,
        roleArn: `arn:aws:iam::${account}:role/baton-examples`,
      });
    } catch (e) {
      // Already deployed by an earlier start (perhaps since edited): leave the user's version alone.
      if ((e as { code?: string }).code !== 'StateMachineAlreadyExists') throw e;
    }
  }
}
