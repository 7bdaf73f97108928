/**
 * Connections and API destinations through the official SDK (user guide, "API destinations as
 * targets" and "Connections for HTTP targets"; API reference: CreateConnection …
 * DeleteApiDestination), against a real HTTP server on 127.0.0.1 (allowed by the server's
 * private-host list): secrets kept but never shown, the OAuth client-credentials grant with its
 * token cached, the request a target makes (path wildcards, headers, query, body), retries on
 * 429/5xx, no retry on other 4xx, the private-host rule, the rate limit, and deauthorization.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateApiDestinationCommand,
  CreateConnectionCommand,
  DeauthorizeConnectionCommand,
  DeleteApiDestinationCommand,
  DeleteConnectionCommand,
  DescribeApiDestinationCommand,
  DescribeConnectionCommand,
  ListApiDestinationsCommand,
  ListConnectionsCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
  UpdateApiDestinationCommand,
  UpdateConnectionCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, eventually } from '../support/baton.js';
import { type EventsBaton, failure, startEventsBaton } from './support.js';

interface Call {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

let t: EventsBaton;
let sqs: SQSClient;
let server: Server;
let endpoint: string;
const calls: Call[] = [];
/** Status codes the endpoint answers next, by path prefix (then 200). */
const scripted = new Map<string, number[]>();
let tokensIssued = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (req.url === '/token') {
        tokensIssued++;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ access_token: `token-${tokensIssued}`, expires_in: 3600, token_type: 'Bearer' }));
        return;
      }
      calls.push({ method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() });
      const prefix = [...scripted.keys()].find((p) => req.url!.startsWith(p));
      res.statusCode = (prefix && scripted.get(prefix)!.shift()) || 200;
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await startEventsBaton([], { allowPrivateHosts: ['127.0.0.1'] });
  sqs = new SQSClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  sqs.destroy();
  await t.close();
  await new Promise((r) => server.close(r));
});

const apiKey = { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'sekret' } };
const callsTo = (path: string) => calls.filter((c) => c.url.startsWith(path));

async function destination(name: string, path: string, connectionArn: string, more: Record<string, unknown> = {}) {
  const out = await t.events.send(
    new CreateApiDestinationCommand({
      Name: name,
      ConnectionArn: connectionArn,
      InvocationEndpoint: `${endpoint}${path}`,
      HttpMethod: 'POST',
      ...more,
    }),
  );
  return out.ApiDestinationArn!;
}

async function route(rule: string, source: string, target: Partial<Target> & { Arn: string }) {
  await t.events.send(new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: [source] }) }));
  await t.events.send(
    new PutTargetsCommand({ Rule: rule, Targets: [{ Id: rule, RoleArn: 'arn:aws:iam::1:role/r', ...target }] }),
  );
}

const put = (source: string, detail: object = {}) =>
  t.events.send(
    new PutEventsCommand({ Entries: [{ Source: source, DetailType: 'T', Detail: JSON.stringify(detail) }] }),
  );

describe('connections', () => {
  it('keep their secrets and never show them', async () => {
    const created = await t.events.send(
      new CreateConnectionCommand({
        Name: 'keyed',
        AuthorizationType: 'API_KEY',
        AuthParameters: {
          ...apiKey,
          InvocationHttpParameters: {
            HeaderParameters: [
              { Key: 'x-conn', Value: 'c', IsValueSecret: false },
              { Key: 'x-hidden', Value: 'h', IsValueSecret: true },
            ],
          },
        },
      }),
    );
    expect(created).toMatchObject({
      ConnectionArn: expect.stringMatching(
        new RegExp(`^arn:aws:events:${t.region}:${t.account}:connection/keyed/[-0-9a-f]{36}$`),
      ),
      ConnectionState: 'AUTHORIZED',
    });
    const described = await t.events.send(new DescribeConnectionCommand({ Name: 'keyed' }));
    expect(described).toMatchObject({
      Name: 'keyed',
      ConnectionArn: created.ConnectionArn,
      ConnectionState: 'AUTHORIZED',
      AuthorizationType: 'API_KEY',
      SecretArn: expect.stringContaining(':secretsmanager:'),
      AuthParameters: {
        ApiKeyAuthParameters: { ApiKeyName: 'x-api-key' },
        InvocationHttpParameters: {
          HeaderParameters: [
            { Key: 'x-conn', Value: 'c', IsValueSecret: false },
            { Key: 'x-hidden', IsValueSecret: true },
          ],
        },
      },
    });
    expect(JSON.stringify(described)).not.toContain('sekret');
  });

  it('refuse bad input with AWS errors', async () => {
    const create = (input: Record<string, unknown>) =>
      failure(
        t.events.send(
          new CreateConnectionCommand({ Name: 'c', AuthorizationType: 'BASIC', AuthParameters: {}, ...input } as never),
        ),
      );
    expect(await create({ Name: 'keyed', AuthorizationType: 'API_KEY', AuthParameters: apiKey })).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'Connection keyed already exists.',
    });
    expect((await create({})).name).toBe('ValidationException');
    expect((await create({ AuthorizationType: 'DIGEST' })).message).toContain(
      "at 'authorizationType' failed to satisfy constraint",
    );
    expect((await create({ Name: 'bad name' })).name).toBe('ValidationException');
    expect(await failure(t.events.send(new DescribeConnectionCommand({ Name: 'nope' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Failed to describe the connection(s). Connection 'nope' does not exist.",
    });
  });

  it('authorize OAuth client credentials at the authorization endpoint', async () => {
    const created = await t.events.send(
      new CreateConnectionCommand({
        Name: 'oauth',
        AuthorizationType: 'OAUTH_CLIENT_CREDENTIALS',
        AuthParameters: {
          OAuthParameters: {
            AuthorizationEndpoint: `${endpoint}/token`,
            HttpMethod: 'POST',
            ClientParameters: { ClientID: 'id', ClientSecret: 'secret' },
            OAuthHttpParameters: { BodyParameters: [{ Key: 'grant_type', Value: 'client_credentials' }] },
          },
        },
      }),
    );
    expect(created.ConnectionState).toBe('AUTHORIZING');
    await eventually(async () => {
      const c = await t.events.send(new DescribeConnectionCommand({ Name: 'oauth' }));
      return c.ConnectionState === 'AUTHORIZED' ? c : undefined;
    });
    const listed = await t.events.send(new ListConnectionsCommand({ ConnectionState: 'AUTHORIZED' }));
    expect(listed.Connections?.map((c) => c.Name)).toEqual(['keyed', 'oauth']);
  });
});

describe('API destinations', () => {
  it('are created, described, listed, updated and deleted', async () => {
    const keyed = (await t.events.send(new DescribeConnectionCommand({ Name: 'keyed' }))).ConnectionArn!;
    const arn = await destination('crud', '/crud', keyed, { InvocationRateLimitPerSecond: 10 });
    expect(arn).toMatch(new RegExp(`^arn:aws:events:${t.region}:${t.account}:api-destination/crud/[-0-9a-f]{36}$`));
    expect(await t.events.send(new DescribeApiDestinationCommand({ Name: 'crud' }))).toMatchObject({
      ApiDestinationArn: arn,
      Name: 'crud',
      ApiDestinationState: 'ACTIVE',
      ConnectionArn: keyed,
      InvocationEndpoint: `${endpoint}/crud`,
      HttpMethod: 'POST',
      InvocationRateLimitPerSecond: 10,
    });
    await t.events.send(new UpdateApiDestinationCommand({ Name: 'crud', HttpMethod: 'PUT' }));
    expect((await t.events.send(new DescribeApiDestinationCommand({ Name: 'crud' }))).HttpMethod).toBe('PUT');
    const listed = await t.events.send(new ListApiDestinationsCommand({ ConnectionArn: keyed }));
    expect(listed.ApiDestinations?.map((d) => d.Name)).toEqual(['crud']);
    await t.events.send(new DeleteApiDestinationCommand({ Name: 'crud' }));
    expect(await failure(t.events.send(new DescribeApiDestinationCommand({ Name: 'crud' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Failed to describe the api-destination(s). An api-destination 'crud' does not exist.",
    });
  });

  it('refuse bad input with AWS errors', async () => {
    const keyed = (await t.events.send(new DescribeConnectionCommand({ Name: 'keyed' }))).ConnectionArn!;
    const create = (input: Record<string, unknown>) =>
      failure(
        t.events.send(
          new CreateApiDestinationCommand({
            Name: 'x',
            ConnectionArn: keyed,
            InvocationEndpoint: `${endpoint}/x`,
            HttpMethod: 'POST',
            ...input,
          } as never),
        ),
      );
    expect((await create({ HttpMethod: 'CONNECT' })).message).toContain("at 'httpMethod' failed to satisfy constraint");
    expect((await create({ InvocationRateLimitPerSecond: 0 })).name).toBe('ValidationException');
    expect((await create({ InvocationEndpoint: 'has space' })).name).toBe('ValidationException');
    expect((await create({ ConnectionArn: 'arn:aws:events:us-east-1:123456789012:connection/none/0000' })).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('receive the event through the connection, with the target HttpParameters', async () => {
    const keyed = (await t.events.send(new DescribeConnectionCommand({ Name: 'keyed' }))).ConnectionArn!;
    const arn = await destination('orders', '/orders/*/items/*', keyed);
    await route('to-orders', 'orders', {
      Arn: arn,
      HttpParameters: {
        PathParameterValues: ['o 1', 'i-2'],
        HeaderParameters: { 'x-target': 't' },
        QueryStringParameters: { q: '1' },
      },
    });
    const { Entries } = await put('orders', { id: 7 });
    const [call] = await eventually(async () => (callsTo('/orders').length > 0 ? callsTo('/orders') : undefined));
    expect(call).toMatchObject({ method: 'POST', url: '/orders/o%201/items/i-2?q=1' });
    expect(call!.headers).toMatchObject({
      'x-api-key': 'sekret',
      'x-conn': 'c',
      'x-hidden': 'h',
      'x-target': 't',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(JSON.parse(call!.body)).toMatchObject({ id: Entries![0]!.EventId, source: 'orders', detail: { id: 7 } });
  });

  it('carry a cached OAuth token', async () => {
    const oauth = (await t.events.send(new DescribeConnectionCommand({ Name: 'oauth' }))).ConnectionArn!;
    const arn = await destination('secured', '/secured', oauth);
    await route('to-secured', 'secured', { Arn: arn, Input: '{"fixed":true}' });
    const issued = tokensIssued;
    for (let i = 0; i < 3; i++) await put('secured');
    const got = await eventually(async () => (callsTo('/secured').length === 3 ? callsTo('/secured') : undefined));
    expect(got.map((c) => [c.headers.authorization, c.body])).toEqual(
      Array.from({ length: 3 }, () => [`Bearer token-${issued}`, '{"fixed":true}']),
    );
    expect(tokensIssued).toBe(issued);
  });

  it('retry 429 and 5xx answers, and give up at once on other 4xx (to the dead-letter queue)', async () => {
    const keyed = (await t.events.send(new DescribeConnectionCommand({ Name: 'keyed' }))).ConnectionArn!;
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'api-dlq' }));
    const flaky = await destination('flaky', '/flaky', keyed);
    const refusing = await destination('refusing', '/refusing', keyed);
    scripted.set('/flaky', [503, 429]);
    scripted.set('/refusing', [400]);
    await route('to-flaky', 'flaky', { Arn: flaky });
    await route('to-refusing', 'refusing', { Arn: refusing, DeadLetterConfig: { Arn: t.arn.queue('api-dlq') } });
    await put('flaky');
    await put('refusing');
    await eventually(async () => (callsTo('/flaky').length === 3 ? true : undefined));
    const letters = await eventually(async () => {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq.QueueUrl, MessageAttributeNames: ['All'] }));
      return r.Messages?.length ? r.Messages : undefined;
    });
    expect(letters[0]!.MessageAttributes).toMatchObject({
      ERROR_CODE: { StringValue: '400' },
      EXHAUSTED_RETRY_CONDITION: { StringValue: 'Fatal' },
    });
    expect(callsTo('/refusing')).toHaveLength(1);
  });

  it('call private addresses only when the server allows the host', async () => {
    const keyed = (await t.events.send(new DescribeConnectionCommand({ Name: 'keyed' }))).ConnectionArn!;
    await sqs.send(new CreateQueueCommand({ QueueName: 'private-dlq' }));
    const port = (server.address() as AddressInfo).port;
    const arn = (
      await t.events.send(
        new CreateApiDestinationCommand({
          Name: 'private',
          ConnectionArn: keyed,
          InvocationEndpoint: `http://127.0.0.2:${port}/private`,
          HttpMethod: 'POST',
        }),
      )
    ).ApiDestinationArn!;
    await route('to-private', 'private', { Arn: arn, DeadLetterConfig: { Arn: t.arn.queue('private-dlq') } });
    await put('private');
    const url = `${t.baton.url}/123456789012/private-dlq`;
    const letters = await eventually(async () => {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageAttributeNames: ['All'] }));
      return r.Messages?.length ? r.Messages : undefined;
    });
    expect(letters[0]!.MessageAttributes?.ERROR_MESSAGE?.StringValue).toContain('private or loopback');
    expect(callsTo('/private')).toEqual([]);
  });

  it('are called no faster than their InvocationRateLimitPerSecond', async () => {
    const keyed = (await t.events.send(new DescribeConnectionCommand({ Name: 'keyed' }))).ConnectionArn!;
    const arn = await destination('slow', '/slow', keyed, { InvocationRateLimitPerSecond: 4 });
    await route('to-slow', 'slow', { Arn: arn });
    await t.events.send(
      new PutEventsCommand({
        Entries: Array.from({ length: 5 }, () => ({ Source: 'slow', DetailType: 'T', Detail: '{}' })),
      }),
    );
    const got = await eventually(async () => (callsTo('/slow').length === 5 ? callsTo('/slow') : undefined));
    // Five calls at 4 per second span at least a second (a lower bound: a slow machine only adds).
    expect(got[4]!.at - got[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('go INACTIVE with a deauthorized connection, whose secrets are gone', async () => {
    await t.events.send(
      new CreateConnectionCommand({ Name: 'temp', AuthorizationType: 'API_KEY', AuthParameters: apiKey }),
    );
    const temp = (await t.events.send(new DescribeConnectionCommand({ Name: 'temp' }))).ConnectionArn!;
    await destination('temp-dest', '/temp', temp);
    expect((await t.events.send(new DeauthorizeConnectionCommand({ Name: 'temp' }))).ConnectionState).toBe(
      'DEAUTHORIZING',
    );
    const described = await t.events.send(new DescribeConnectionCommand({ Name: 'temp' }));
    expect(described.ConnectionState).toBe('DEAUTHORIZED');
    expect(described.AuthParameters).toBeUndefined();
    expect((await t.events.send(new DescribeApiDestinationCommand({ Name: 'temp-dest' }))).ApiDestinationState).toBe(
      'INACTIVE',
    );
    // Authorized again by new credentials.
    await t.events.send(
      new UpdateConnectionCommand({ Name: 'temp', AuthorizationType: 'API_KEY', AuthParameters: apiKey }),
    );
    expect((await t.events.send(new DescribeApiDestinationCommand({ Name: 'temp-dest' }))).ApiDestinationState).toBe(
      'ACTIVE',
    );
    expect((await t.events.send(new DeleteConnectionCommand({ Name: 'temp' }))).ConnectionState).toBe('DELETING');
    expect((await failure(t.events.send(new DescribeConnectionCommand({ Name: 'temp' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });
});
