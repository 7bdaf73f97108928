/**
 * SigV4 verification when auth is on (AWS General Reference, "Signature Version 4"): requests
 * signed with a configured key pass; a wrong secret, an unknown key or no signature are refused
 * with AWS's error codes. Auth is off by default (every other test runs without it).
 */
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestBaton } from '../support/baton.js';

const t = useTestBaton({ auth: true, accessKeys: 'AKIDGOOD:right-secret' });

const client = (accessKeyId: string, secretAccessKey: string) =>
  new SFNClient({
    endpoint: t.baton.url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });

describe('SigV4 authentication', () => {
  it('accepts a request signed with a configured key', async () => {
    const r = await client('AKIDGOOD', 'right-secret').send(new ListStateMachinesCommand({}));
    expect(r.stateMachines).toEqual([]);
  });

  it('refuses a wrong secret with InvalidSignatureException', async () => {
    await expect(client('AKIDGOOD', 'wrong-secret').send(new ListStateMachinesCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
    });
  });

  it('refuses an unknown access key with UnrecognizedClientException', async () => {
    await expect(client('AKIDNOPE', 'right-secret').send(new ListStateMachinesCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
    });
  });

  it('refuses an unsigned request with MissingAuthenticationTokenException', async () => {
    const r = await fetch(t.baton.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      body: '{}',
    });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });
});
