/**
 * The examples' bus rules (`examples/<name>/rules.json`: `[{Name, Description?, EventPattern,
 * Targets: [{Id, Arn, …}]}]`, `{region}` and `{account}` standing for the server's), put through
 * the same EventBridge operations clients use, so `npm start` shows whole choreographies. Putting
 * a rule and its targets again changes nothing.
 */
import type { JsonObject } from '../../../kernel/index.js';
import { exampleContext, exampleFiles } from '../example-files.js';
import type { JsonService } from '../json-protocol.js';

export async function deployExampleRules(dir: string, events: JsonService, region: string, account: string) {
  const ctx = exampleContext(region, account);
  for (const rules of exampleFiles<JsonObject[]>(dir, 'rules.json', region, account)) {
    for (const rule of rules) {
      const { Targets, EventPattern, ...fields } = rule;
      await events.operations.PutRule!({ ...fields, EventPattern: JSON.stringify(EventPattern) }, ctx);
      await events.operations.PutTargets!({ Rule: rule.Name!, Targets: Targets! }, ctx);
    }
  }
}
