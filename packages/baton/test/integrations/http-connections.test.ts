/**
 * The HTTP Task with an EventBridge connection (developer guide, "Call HTTPS APIs in Step
 * Functions workflows": Authentication.ConnectionArn; the connection's data merged with the
 * task's, the connection's winning for the same key; a string RequestBody cannot take the
 * connection's body parameters), through @aws-sdk/client-sfn and @aws-sdk/client-eventbridge
 * against a real HTTP server on 127.0.0.1 (allowed by the server's private-host list): API key,
 * basic and OAuth client-credentials authorization (the token cached, and fetched again after a
 * 401), and the errors of a connection that does not exist, is authorizing or is deauthorized.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ConnectionAuthorizationType,
  CreateConnectionCommand,
  type CreateConnectionRequest,
  DeauthorizeConnectionCommand,
  DescribeConnectionCommand,
  EventBridgeClient,
} from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, eventually, startTestBaton, type TestBaton } from '../support/baton.js';

interface Call {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

const ROLE = 'arn:aws:iam::123456789012:role/http-connections';
let t: TestBaton;
let events: EventBridgeClient;
let server: Server;
let endpoint = '';
const calls: Call[] = [];
/** Status codes the API answers next (then 200). */
const scripted: number[] = [];
let tokensIssued = 0;
/** Held open while set, so a connection stays AUTHORIZING. */
let tokenGate: Promise<void> | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', async () => {
      if (req.url === '/token') {
        await tokenGate;
        tokensIssued++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: `token-${tokensIssued}`, expires_in: 3600, token_type: 'Bearer' }));
        return;
      }
      calls.push({ method: req.method!, url: new URL(req.url!, endpoint), headers: req.headers, body });
      res.statusCode = scripted.shift() ?? 200;
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startTestBaton({ allowPrivateHosts: ['127.0.0.1'] });
  events = new EventBridgeClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  events.destroy();
  await t.close();
  await new Promise((r) => server.close(r));
});

let machines = 0;

/** Runs a one-state machine whose HTTP Task has these Parameters; answers the finished execution. */
async function invoke(parameters: object) {
  const definition = {
    StartAt: 'Call',
    States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::http:invoke', Parameters: parameters, End: true } },
  };
  const { stateMachineArn } = await t.sfn.send(
    new CreateStateMachineCommand({
      name: `http-${++machines}`,
      definition: JSON.stringify(definition),
      roleArn: ROLE,
    }),
  );
  const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn }));
  return eventually(async () => {
    const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, 10_000);
}

async function connection(
  Name: string,
  AuthorizationType: ConnectionAuthorizationType,
  AuthParameters: CreateConnectionRequest['AuthParameters'],
): Promise<string> {
  const { ConnectionArn } = await events.send(new CreateConnectionCommand({ Name, AuthorizationType, AuthParameters }));
  return ConnectionArn!;
}

const authorized = (Name: string) =>
  eventually(async () => {
    const d = await events.send(new DescribeConnectionCommand({ Name }));
    return d.ConnectionState === 'AUTHORIZED' ? true : undefined;
  });

describe('HTTP Task with a connection', () => {
  it("merges the connection's credentials and invocation parameters into the request, the connection's winning", async () => {
    const arn = await connection('api-key', 'API_KEY', {
      ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'sekret' },
      InvocationHttpParameters: {
        HeaderParameters: [{ Key: 'x-tenant', Value: 'from-connection' }],
        QueryStringParameters: [{ Key: 'region', Value: 'eu' }],
        BodyParameters: [{ Key: 'source', Value: 'connection' }],
      },
    });
    const d = await invoke({
      ApiEndpoint: `${endpoint}/orders`,
      Method: 'POST',
      Authentication: { ConnectionArn: arn },
      Headers: { 'x-tenant': 'from-task', 'x-trace': 't-1' },
      QueryParameters: { region: 'us', page: '2' },
      RequestBody: { order: 7, source: 'task' },
    });
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!)).toMatchObject({ StatusCode: 200, ResponseBody: { ok: true } });
    const call = calls.at(-1)!;
    expect(call.method).toBe('POST');
    expect(call.headers['x-api-key']).toBe('sekret');
    expect(call.headers['x-tenant']).toBe('from-connection');
    expect(call.headers['x-trace']).toBe('t-1');
    expect(Object.fromEntries(call.url.searchParams)).toEqual({ region: 'eu', page: '2' });
    expect(JSON.parse(call.body)).toEqual({ order: 7, source: 'connection' });
  });

  it('sends basic credentials', async () => {
    const arn = await connection('basic', 'BASIC', { BasicAuthParameters: { Username: 'ann', Password: 'pw' } });
    expect(
      (await invoke({ ApiEndpoint: `${endpoint}/basic`, Method: 'GET', Authentication: { ConnectionArn: arn } }))
        .status,
    ).toBe('SUCCEEDED');
    expect(calls.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`);
  });

  it('uses an OAuth token, cached across tasks and fetched again after a 401', async () => {
    let open!: () => void;
    tokenGate = new Promise((r) => (open = r));
    const arn = await connection('oauth', 'OAUTH_CLIENT_CREDENTIALS', {
      OAuthParameters: {
        AuthorizationEndpoint: `${endpoint}/token`,
        HttpMethod: 'POST',
        ClientParameters: { ClientID: 'client', ClientSecret: 'secret' },
      },
    });
    const call = { ApiEndpoint: `${endpoint}/oauth`, Method: 'GET', Authentication: { ConnectionArn: arn } };
    expect(await invoke(call)).toMatchObject({ status: 'FAILED', error: 'Events.ConnectionResource.AuthInProgress' });
    open();
    tokenGate = undefined;
    await authorized('oauth');
    const issued = tokensIssued;
    expect((await invoke(call)).status).toBe('SUCCEEDED');
    expect((await invoke(call)).status).toBe('SUCCEEDED');
    expect(calls.at(-1)!.headers.authorization).toBe(`Bearer token-${issued}`);
    expect(tokensIssued).toBe(issued);
    scripted.push(401);
    expect(await invoke(call)).toMatchObject({ status: 'FAILED', error: 'States.Http.StatusCode.401' });
    expect((await invoke(call)).status).toBe('SUCCEEDED');
    expect(calls.at(-1)!.headers.authorization).toBe(`Bearer token-${issued + 1}`);
  });

  it('fails the task when the connection does not exist or is deauthorized', async () => {
    const missing = `arn:aws:events:${t.region}:${t.account}:connection/nope/00000000-0000-0000-0000-000000000000`;
    expect(
      await invoke({ ApiEndpoint: `${endpoint}/x`, Method: 'GET', Authentication: { ConnectionArn: missing } }),
    ).toMatchObject({
      status: 'FAILED',
      error: 'Events.ConnectionResource.ResourceNotFound',
    });
    const arn = await connection('revoked', 'API_KEY', {
      ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k' },
    });
    await events.send(new DeauthorizeConnectionCommand({ Name: 'revoked' }));
    const before = calls.length;
    expect(
      await invoke({ ApiEndpoint: `${endpoint}/x`, Method: 'GET', Authentication: { ConnectionArn: arn } }),
    ).toMatchObject({
      status: 'FAILED',
      error: 'Events.ConnectionResource.InvalidConnectionState',
    });
    expect(calls.length).toBe(before);
  });

  it('refuses a string RequestBody when the connection has body parameters', async () => {
    const arn = await connection('with-body', 'API_KEY', {
      ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k' },
      InvocationHttpParameters: { BodyParameters: [{ Key: 'a', Value: '1' }] },
    });
    const d = await invoke({
      ApiEndpoint: `${endpoint}/text`,
      Method: 'POST',
      Authentication: { ConnectionArn: arn },
      RequestBody: 'plain text',
    });
    expect(d).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
