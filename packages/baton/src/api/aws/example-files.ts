/**
 * What the services' example deployers share: the examples folder's example folders and their
 * files of one name (`examples/<name>/rules.json`), and the context their operations run in.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RequestContext } from './request-context.js';

/** Each example's name and folder, in name order; none when `dir` does not exist. */
export function* exampleFolders(dir: string): Generator<{ readonly name: string; readonly folder: string }> {
  const root = resolve(dir);
  if (!existsSync(root)) return;
  for (const name of readdirSync(root).sort()) yield { name, folder: join(root, name) };
}

/**
 * Each example's `fileName`, parsed, in folder order, with `{region}` and `{account}` standing for
 * the server's. Read one at a time, so the examples before a broken file are deployed.
 */
export function* exampleFiles<T>(dir: string, fileName: string, region: string, account: string): Generator<T> {
  for (const { folder } of exampleFolders(dir)) {
    const file = join(folder, fileName);
    if (!existsSync(file)) continue;
    yield JSON.parse(readFileSync(file, 'utf8').replaceAll('{region}', region).replaceAll('{account}', account)) as T;
  }
}

/** The context of the server's own calls at start: no client that could go away. */
export function exampleContext(region: string, account: string): RequestContext {
  return { region, account, aborted: () => false, signal: new AbortController().signal };
}
