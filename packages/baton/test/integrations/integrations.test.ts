/**
 * Task integrations through the API with the SDK (developer guide: "Invoke Lambda",
 * "Start a new state machine from a running execution", "Call HTTPS APIs", "Handling errors"):
 * in-process and HTTP functions with Lambda's error shape, lambda:invoke, nested workflows
 * (.sync, .sync:2, .waitForTaskToken), the HTTP Task and its outbound rules, and unsupported
 * integrations refused when the machine is created.
 */
import { createServer, type Server } from 'node:http';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestBaton, type TestBaton } from '../support/baton.js';

const ROLE = 'arn:aws:iam::123456789012:role/integrations';
const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
let t: TestBaton;
let http: Server;
let httpUrl = '';
let tokenSeen = '';

class CustomError extends Error {
  override name = 'CustomError';
}

beforeAll(async () => {
  http = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      if (url.pathname === '/fn/double')
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ n: JSON.parse(body).n * 2 }));
      if (url.pathname === '/fn/broken')
        return res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ errorType: 'OrderInvalid', errorMessage: 'bad order' }));
      if (url.pathname === '/fn/plain-500') return res.writeHead(503).end('unavailable');
      if (url.pathname === '/api/items') {
        return res.writeHead(201, { 'content-type': 'application/json', 'x-seen': 'yes' }).end(
          JSON.stringify({
            method: req.method,
            q: url.searchParams.get('q'),
            body: body ? JSON.parse(body) : null,
            auth: req.headers['x-api-key'] ?? null,
          }),
        );
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such thing');
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  httpUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  t = await startTestBaton(
    {
      functionEndpoints: {
        double: `${httpUrl}/fn/double`,
        broken: `${httpUrl}/fn/broken`,
        unavailable: `${httpUrl}/fn/plain-500`,
      },
      allowPrivateHosts: ['127.0.0.1'],
    },
    {
      functions: {
        greet: (p) => ({ greeting: `hello ${(p as { name: string }).name}` }),
        fail: () => {
          throw new CustomError('the order cannot be processed');
        },
        remember: (p) => {
          tokenSeen = (p as { token: string }).token;
          return null;
        },
      },
    },
  );
});
afterAll(async () => {
  await t.close();
  http.close();
});

async function run(name: string, definition: object, input: object = {}) {
  const { stateMachineArn } = await t.sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  const { executionArn } = await t.sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  return { stateMachineArn: stateMachineArn!, executionArn: executionArn! };
}

async function finished(executionArn: string) {
  return eventually(async () => {
    const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, 10_000);
}

const single = (state: object) => ({ StartAt: 'S', States: { S: { ...state, End: true } } });

describe('functions', () => {
  it('reports a thrown error as Lambda does: the error name, and a JSON cause with message and trace', async () => {
    const { executionArn } = await run('fail', single({ Type: 'Task', Resource: fn('fail') }));
    const d = await finished(executionArn);
    expect(d.error).toBe('CustomError');
    const cause = JSON.parse(d.cause!);
    expect(cause).toMatchObject({ errorType: 'CustomError', errorMessage: 'the order cannot be processed' });
    expect(cause.trace[0]).toBe('CustomError: the order cannot be processed');
  });

  it('answers lambda:invoke in the Invoke shape and fails a missing function with Lambda.ResourceNotFoundException', async () => {
    const ok = await run(
      'invoke',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'greet', 'Payload.$': '$' },
      }),
      { name: 'ada' },
    );
    expect(JSON.parse((await finished(ok.executionArn)).output!)).toEqual({
      ExecutedVersion: '$LATEST',
      Payload: { greeting: 'hello ada' },
      StatusCode: 200,
    });
    const missing = await run('missing', single({ Type: 'Task', Resource: fn('nobody') }));
    expect(await finished(missing.executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'Lambda.ResourceNotFoundException',
    });
  });

  it('waits for the token with lambda:invoke.waitForTaskToken', async () => {
    const { executionArn } = await run(
      'callback',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: fn('remember'), Payload: { 'token.$': '$$.Task.Token' } },
      }),
    );
    const token = await eventually(async () => tokenSeen || undefined);
    expect((await t.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    expect(JSON.parse((await finished(executionArn)).output!)).toEqual({ approved: true });
  });

  it('calls functions served over HTTP, with their errors', async () => {
    const ok = await run('http-fn', single({ Type: 'Task', Resource: fn('double') }), { n: 21 });
    expect(JSON.parse((await finished(ok.executionArn)).output!)).toEqual({ n: 42 });
    const lambdaShaped = await run('http-fn-error', single({ Type: 'Task', Resource: fn('broken') }));
    expect(await finished(lambdaShaped.executionArn)).toMatchObject({ error: 'OrderInvalid' });
    const plain = await run('http-fn-503', single({ Type: 'Task', Resource: fn('unavailable') }));
    expect(await finished(plain.executionArn)).toMatchObject({
      error: 'Function.HttpStatus.503',
      cause: 'unavailable',
    });
  });
});

describe('nested workflows', () => {
  let child = '';
  let failingChild = '';
  beforeAll(async () => {
    child = (
      await t.sfn.send(
        new CreateStateMachineCommand({
          name: 'child',
          roleArn: ROLE,
          definition: JSON.stringify(single({ Type: 'Pass', Parameters: { 'doubled.$': 'States.MathAdd($.n, $.n)' } })),
        }),
      )
    ).stateMachineArn!;
    failingChild = (
      await t.sfn.send(
        new CreateStateMachineCommand({
          name: 'failing-child',
          roleArn: ROLE,
          definition: JSON.stringify({
            StartAt: 'F',
            States: { F: { Type: 'Fail', Error: 'ChildBroke', Cause: 'as planned' } },
          }),
        }),
      )
    ).stateMachineArn!;
  });

  it('starts a child with startExecution.sync:2 and returns its parsed output', async () => {
    const { executionArn } = await run(
      'parent-sync2',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync:2',
        Parameters: { StateMachineArn: child, 'Input.$': '$' },
      }),
      { n: 4 },
    );
    const out = JSON.parse((await finished(executionArn)).output!);
    expect(out).toMatchObject({ Status: 'SUCCEEDED', Output: { doubled: 8 }, Input: { n: 4 }, StateMachineArn: child });
  });

  it('returns the output as a string with .sync, and fails with States.TaskFailed when the child fails', async () => {
    const ok = await run(
      'parent-sync',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync',
        Parameters: { StateMachineArn: child, Input: { n: 1 } },
      }),
    );
    expect(JSON.parse((await finished(ok.executionArn)).output!).Output).toBe('{"doubled":2}');
    const bad = await run(
      'parent-sync-fail',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync',
        Parameters: { StateMachineArn: failingChild },
      }),
    );
    const d = await finished(bad.executionArn);
    expect(d.error).toBe('States.TaskFailed');
    expect(JSON.parse(d.cause!)).toMatchObject({ Status: 'FAILED', Error: 'ChildBroke', Cause: 'as planned' });
  });

  it('answers request-response starts at once and refuses an unknown machine with StepFunctions.StateMachineDoesNotExistException', async () => {
    const ok = await run(
      'parent-request',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution',
        Parameters: { StateMachineArn: child, Input: { n: 2 } },
      }),
    );
    const out = JSON.parse((await finished(ok.executionArn)).output!);
    expect(out.ExecutionArn).toMatch(/:execution:child:child-/);
    expect(typeof out.StartDate).toBe('number');
    const bad = await run(
      'parent-missing',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution',
        Parameters: { StateMachineArn: `${child}-nope` },
      }),
    );
    expect(await finished(bad.executionArn)).toMatchObject({
      error: 'StepFunctions.StateMachineDoesNotExistException',
    });
  });
});

describe('HTTP Task', () => {
  it('calls the endpoint with method, query, headers and body, and returns the response', async () => {
    const { executionArn } = await run(
      'http-ok',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: {
          ApiEndpoint: `${httpUrl}/api/items`,
          Method: 'POST',
          QueryParameters: { q: 'x' },
          Headers: { 'x-api-key': 'k1' },
          RequestBody: { item: 1 },
        },
      }),
    );
    const out = JSON.parse((await finished(executionArn)).output!);
    expect(out).toMatchObject({
      StatusCode: 201,
      ResponseBody: { method: 'POST', q: 'x', body: { item: 1 }, auth: 'k1' },
      Headers: { 'x-seen': ['yes'] },
    });
  });

  it('fails a non-2xx answer with States.Http.StatusCode.<code>', async () => {
    const { executionArn } = await run(
      'http-404',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { ApiEndpoint: `${httpUrl}/nothing`, Method: 'GET' },
      }),
    );
    expect(await finished(executionArn)).toMatchObject({ status: 'FAILED', error: 'States.Http.StatusCode.404' });
  });

  it('refuses loopback addresses that are not explicitly allowed', async () => {
    const { executionArn } = await run(
      'http-blocked',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { ApiEndpoint: 'http://localhost:9/x', Method: 'GET' },
      }),
    );
    const d = await finished(executionArn);
    expect(d.error).toBe('States.Http.Socket');
    expect(d.cause).toContain('private or loopback');
  });
});

describe('unsupported integrations', () => {
  it('are refused at CreateStateMachine with a message naming them', async () => {
    await expect(
      t.sfn.send(
        new CreateStateMachineCommand({
          name: 'ddb',
          roleArn: ROLE,
          definition: JSON.stringify(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem' })),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The service integration 'dynamodb:putItem' is not supported by Baton at /States/S/Resource'",
    });
  });

  it('records the nested execution in the parent history as Task events', async () => {
    const { executionArn } = await run(
      'history-parent',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::http:invoke',
        Parameters: { ApiEndpoint: `${httpUrl}/api/items`, Method: 'GET' },
      }),
    );
    await finished(executionArn);
    const h = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(h.events!.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'http',
      resource: 'invoke',
      region: 'us-east-1',
    });
  });
});

describe('SQS integration', () => {
  it('sends a message with sqs:sendMessage and answers its MessageId', async () => {
    const { SQSClient, CreateQueueCommand, ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient({
      endpoint: t.baton.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'from-workflow' }));
    const { executionArn } = await run(
      'to-queue',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl, MessageBody: { 'orderId.$': '$.id' } },
      }),
      { id: 'o-7' },
    );
    const out = JSON.parse((await finished(executionArn)).output!);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages).toHaveLength(1);
    expect(received.Messages![0]).toMatchObject({
      MessageId: out.MessageId,
      Body: '{"orderId":"o-7"}',
      MD5OfBody: out.MD5OfMessageBody,
    });
    sqs.destroy();
  });

  it('fails with SQS.QueueDoesNotExistException for an unknown queue', async () => {
    const { executionArn } = await run(
      'to-missing-queue',
      single({
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: `${t.baton.url}/123456789012/nope`, MessageBody: 'x' },
      }),
    );
    expect(await finished(executionArn)).toMatchObject({ status: 'FAILED', error: 'SQS.QueueDoesNotExistException' });
  });
});
