/**
 * The examples' bus rules (`examples/<name>/rules.json`: `[{Name, Description?, EventPattern,
 * Targets: [{Id, Arn, …}]}]`, `{region}` and `{account}` standing for the server's), put through
 * the same EventBridge operations clients use, so `npm start` shows whole choreographies. Putting
 * a rule and its targets again changes nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { JsonObject } from '../../../kernel/index.js';
import type { JsonService } from '../json-protocol.js';

export async function deployExampleRules(dir: string, events: JsonService, region: string, account: string) {
  const root = resolve(dir);
  if (!existsSync(root)) return;
  const ctx = { region, account, aborted: () => false, signal: new AbortController().signal };
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, 'rules.json');
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8').replaceAll('{region}', region).replaceAll('{account}', account);
    for (const rule of JSON.parse(text) as JsonObject[]) {
      const { Targets, EventPattern, ...fields } = rule;
      await events.operations.PutRule!({ ...fields, EventPattern: JSON.stringify(EventPattern) }, ctx);
      await events.operations.PutTargets!({ Rule: rule.Name!, Targets: Targets! }, ctx);
    }
  }
}
