/**
 * TestState (API reference, "TestState"; developer guide, "Using TestState to test a state"):
 * one state run on its own, with mocks, reporting status, output, error, next state and the
 * data after each processing stage.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateConnectionCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { TestStateCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { credentials, useTestBaton } from '../support/baton.js';

const t = useTestBaton(
  { allowPrivateHosts: ['127.0.0.1'] },
  { functions: { double: (p) => ({ n: (p as { n: number }).n * 2 }) } },
);
const test = (definition: object, extra: Record<string, unknown> = {}) =>
  t.sfn.send(
    new TestStateCommand({
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/t',
      ...extra,
    }),
  );

describe('TestState', () => {
  it('runs a Pass state and shows each processing stage at DEBUG', async () => {
    const r = await test(
      { Type: 'Pass', InputPath: '$.order', Parameters: { 'id.$': '$.id' }, ResultPath: '$.picked', Next: 'Later' },
      { input: '{"order":{"id":7,"x":1}}', inspectionLevel: 'DEBUG' },
    );
    expect(r.status).toBe('SUCCEEDED');
    expect(r.nextState).toBe('Later');
    expect(JSON.parse(r.output!)).toEqual({ order: { id: 7, x: 1 }, picked: { id: 7 } });
    expect(JSON.parse(r.inspectionData!.afterInputPath!)).toEqual({ id: 7, x: 1 });
    expect(JSON.parse(r.inspectionData!.afterParameters!)).toEqual({ id: 7 });
    expect(JSON.parse(r.inspectionData!.afterResultPath!)).toEqual({ order: { id: 7, x: 1 }, picked: { id: 7 } });
  });

  it('runs a Task for real, or answers it with a mock', async () => {
    const real = await test(
      { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:double', End: true },
      { input: '{"n":4}' },
    );
    expect(real).toMatchObject({ status: 'SUCCEEDED', output: '{"n":8}' });
    expect(real.nextState).toBeUndefined();
    const mocked = await test(
      { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:approve', End: true },
      { mock: { result: '{"approved":true}' } },
    );
    expect(mocked).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
  });

  it('reports RETRIABLE when a Retry would run the state again, CAUGHT_ERROR when a Catch takes it, FAILED otherwise', async () => {
    const task = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:double', End: true };
    const mock = { errorOutput: { error: 'Boom', cause: 'mocked' } };
    const retried = await test({ ...task, Retry: [{ ErrorEquals: ['Boom'] }] }, { mock });
    expect(retried).toMatchObject({ status: 'RETRIABLE', error: 'Boom', cause: 'mocked' });
    const caught = await test(
      { ...task, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.err', Next: 'Handle' }] },
      { mock, input: '{"a":1}' },
    );
    expect(caught).toMatchObject({ status: 'CAUGHT_ERROR', error: 'Boom', nextState: 'Handle' });
    expect(JSON.parse(caught.output!)).toEqual({ a: 1, err: { Error: 'Boom', Cause: 'mocked' } });
    const failed = await test(task, { mock });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Boom', cause: 'mocked' });
  });

  it('picks the next state of a Choice, does not wait in a Wait, and tests a state of a whole machine by name', async () => {
    const choice = await test(
      { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }], Default: 'Small' },
      { input: '{"n":11}' },
    );
    expect(choice).toMatchObject({ status: 'SUCCEEDED', nextState: 'Big' });
    const started = Date.now();
    const wait = await test({ Type: 'Wait', Seconds: 3600, Next: 'After' });
    expect(wait).toMatchObject({ status: 'SUCCEEDED', nextState: 'After' });
    expect(Date.now() - started).toBeLessThan(5000);
    const machine = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Output: '{% $states.input.v + 1 %}', Next: 'B' },
        B: { Type: 'Pass', Assign: { seen: '{% $states.input %}' }, End: true },
      },
    };
    const b = await test(machine, { stateName: 'B', input: '5', variables: '{"before":1}', inspectionLevel: 'DEBUG' });
    expect(b).toMatchObject({ status: 'SUCCEEDED', output: '5' });
    expect(JSON.parse(b.inspectionData!.variables!)).toEqual({ before: 1, seen: 5 });
  });

  it('refuses activities without a mock, and invalid definitions', async () => {
    await expect(
      test({ Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:a', End: true }),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(test({ Type: 'Pass', Bogus: 1, End: true })).rejects.toMatchObject({ name: 'InvalidDefinition' });
  });

  it('says which parts of TestState this server does not do yet, instead of answering wrongly', async () => {
    const map = { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true };
    await expect(test(map, { mock: { result: '[]' } })).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'TestState of Map and Parallel states is not supported by this Baton server yet',
    });
    await expect(test({ Type: 'Pass', End: true }, { context: '{}' })).rejects.toMatchObject({
      message: "TestState's context is not supported by this Baton server yet",
    });
    const task = { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:double', End: true };
    await expect(test(task, { mock: { result: '{}', fieldValidationMode: 'STRICT' } })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    expect(await test(task, { mock: { result: '{"n":3}', fieldValidationMode: 'NONE' } })).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"n":3}',
    });
  });

  it("shows an HTTP Task's request and response at TRACE, without the connection's secrets unless revealed", async () => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-seen': String(req.headers['x-api-key']) });
        res.end(JSON.stringify({ echoed: JSON.parse(body), query: req.url }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders?x=1`;
    const events = new EventBridgeClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
    try {
      const { ConnectionArn } = await events.send(
        new CreateConnectionCommand({
          Name: 'trace-secrets',
          AuthorizationType: 'API_KEY',
          AuthParameters: {
            ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k3y' },
            InvocationHttpParameters: {
              QueryStringParameters: [{ Key: 'tenant', Value: 't-secret' }],
              BodyParameters: [{ Key: 'signature', Value: 'sig-secret' }],
            },
          },
        }),
      );
      const state = {
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: {
          ApiEndpoint: url,
          Method: 'POST',
          Authentication: { ConnectionArn },
          Headers: { Authorization: 'Bearer from-definition' },
          'RequestBody.$': '$',
        },
        End: true,
      };
      const r = await test(state, { input: '{"n":1}', inspectionLevel: 'TRACE' });
      expect(r.status).toBe('SUCCEEDED');
      // The connection's API key, query parameter and body parameter are left out; the
      // definition's own Authorization header and the whole response are shown.
      expect(r.inspectionData?.request).toMatchObject({ protocol: 'http', method: 'POST', url, body: '{"n":1}' });
      const headers = JSON.parse(r.inspectionData!.request!.headers!);
      expect(headers).toMatchObject({ authorization: 'Bearer from-definition' });
      expect(headers).not.toHaveProperty('x-api-key');
      expect(r.inspectionData?.response).toMatchObject({
        protocol: 'http',
        statusCode: '201',
        statusMessage: 'Created',
      });
      expect(JSON.parse(r.inspectionData!.response!.headers!)).toMatchObject({ 'x-seen': 'k3y' });
      expect(JSON.parse(r.inspectionData!.response!.body!)).toEqual({
        echoed: { n: 1, signature: 'sig-secret' },
        query: '/orders?x=1&tenant=t-secret',
      });

      const revealed = await test(state, { input: '{"n":1}', inspectionLevel: 'TRACE', revealSecrets: true });
      expect(revealed.inspectionData?.request).toMatchObject({
        url: `${url}&tenant=t-secret`,
        body: '{"n":1,"signature":"sig-secret"}',
      });
      expect(JSON.parse(revealed.inspectionData!.request!.headers!)).toMatchObject({ 'x-api-key': 'k3y' });
      // DEBUG shows the data flow only.
      const debug = await test(state, { input: '{"n":1}', inspectionLevel: 'DEBUG' });
      expect(debug.inspectionData?.request).toBeUndefined();
    } finally {
      events.destroy();
      server.close();
    }
  });
});
