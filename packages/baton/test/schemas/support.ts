/**
 * A Baton server for the Schemas tests: the official Schemas client beside the EventBridge one
 * (startEventsBaton).
 */
import { SchemasClient } from '@aws-sdk/client-schemas';
import type { BatonConfig } from '../../src/config.js';
import type { BatonOverrides } from '../../src/main.js';
import { type EventsBaton, startEventsBaton } from '../events/support.js';
import { credentials } from '../support/baton.js';

export interface SchemasBaton extends EventsBaton {
  readonly schemas: SchemasClient;
}

export async function startSchemasBaton(
  recorders: readonly string[] = [],
  config: Partial<BatonConfig> = {},
  overrides: BatonOverrides = {},
): Promise<SchemasBaton> {
  const t = await startEventsBaton(recorders, config, overrides);
  const schemas = new SchemasClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
  return {
    ...t,
    schemas,
    async close() {
      schemas.destroy();
      await t.close();
    },
  };
}
