/**
 * A Baton server for the SQS tests, with the official SQS client pointed at it, and helpers for
 * the Query protocol (raw form POSTs, answers read as XML with the SDK's own XML parser).
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseXML } from '@aws-sdk/xml-builder';
import type { BatonConfig } from '../../src/config.js';
import type { BatonOverrides } from '../../src/main.js';
import { credentials, startTestBaton, type TestBaton } from '../support/baton.js';

export { failure, sleep } from '../support/baton.js';

export interface SqsBaton extends TestBaton {
  readonly sqs: SQSClient;
  /** POSTs `Action=…` form parameters to `path` (default `/`); returns the status and the parsed XML. */
  query(params: Record<string, string>, path?: string): Promise<{ status: number; xml: XmlNode; text: string }>;
}

export interface XmlNode {
  [key: string]: unknown;
}

export async function startSqsBaton(
  config: Partial<BatonConfig> = {},
  overrides: BatonOverrides = {},
): Promise<SqsBaton> {
  const t = await startTestBaton(config, overrides);
  const sqs = new SQSClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
  return {
    ...t,
    sqs,
    async query(params, path = '/') {
      const response = await fetch(`${t.baton.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
      });
      const text = await response.text();
      return { status: response.status, xml: parseXML(text) as XmlNode, text };
    },
    async close() {
      sqs.destroy();
      await t.close();
    },
  };
}
