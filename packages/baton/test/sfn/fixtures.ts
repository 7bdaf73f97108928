/**
 * What the Step Functions API tests share: a role ARN, small definitions, and clients of the
 * same server in other regions (resources of one region are invisible from another).
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { credentials, type TestBaton } from '../support/baton.js';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/baton-test';

/** One Pass state returning `result`: distinct results make distinct definitions. */
export function passDefinition(result: string | number = 'done'): string {
  return JSON.stringify({ StartAt: 'Only', States: { Only: { Type: 'Pass', Result: result, End: true } } });
}

/** A client of `t`'s server signing for another region. */
export function clientIn(t: TestBaton, region: string): SFNClient {
  return new SFNClient({ endpoint: t.baton.url, region, credentials, maxAttempts: 1 });
}
