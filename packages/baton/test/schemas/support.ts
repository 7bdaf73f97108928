/**
 * A Baton server for the Schemas tests: the official Schemas client beside the EventBridge one
 * (startEventsBaton); and OpenAPI 3 schema documents for events.
 */
import { SchemasClient } from '@aws-sdk/client-schemas';
import type { BatonConfig } from '../../src/config.js';
import type { JsonObject } from '../../src/kernel/index.js';
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

/**
 * An OpenAPI 3 schema of the events of `source` and `detailType`, shaped as the registry's schemas
 * are: an `AWSEvent` component with the `x-amazon-events-*` annotations whose detail refers to a
 * component named after the detail-type.
 */
export function openApiEventSchema(source: string, detailType: string, detail: JsonObject): string {
  return JSON.stringify({
    openapi: '3.0.0',
    info: { version: '1.0.0', title: detailType },
    paths: {},
    components: {
      schemas: {
        AWSEvent: {
          type: 'object',
          'x-amazon-events-source': source,
          'x-amazon-events-detail-type': detailType,
          properties: { detail: { $ref: `#/components/schemas/${detailType}` } },
        },
        [detailType]: detail,
      },
    },
  });
}
