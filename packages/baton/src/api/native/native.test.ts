/**
 * The native API through a real server: the console's files at `/` (and the page shown when it
 * is not built), and `GET /baton/stream`'s server-sent events.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../../../test/support/baton.js';

const passMachine = JSON.stringify({
  StartAt: 'One',
  States: { One: { Type: 'Pass', Next: 'Two' }, Two: { Type: 'Pass', End: true } },
});

/** Reads SSE messages from a streaming fetch until `done` says stop. */
async function readStream(
  response: Response,
  done: (messages: { event: string; data: unknown }[]) => boolean,
): Promise<{ event: string; data: unknown }[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: { event: string; data: unknown }[] = [];
  let buffer = '';
  while (!done(messages)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) messages.push({ event, data: JSON.parse(data) });
      end = buffer.indexOf('\n\n');
    }
  }
  await reader.cancel();
  return messages;
}

describe('console assets', () => {
  let t: TestBaton;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
    t = await startTestBaton({}, { consoleDir: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for console routes, assets with long caching', async () => {
    for (const path of [
      '/',
      '/executions/arn%3Aaws%3Astates',
      '/workflows?x=1',
      '/workflows/arn%3Aaws%3Astates%3Aus-east-1%3A1%3AstateMachine%3Ax/edit',
      // A last segment with a dot is still a console route (FIFO queues, dotted stream names).
      '/queues/arn%3Aaws%3Asqs%3Aus-east-1%3A1%3Aorders.fifo',
      '/streams/arn%3Aaws%3Akinesis%3Aus-east-1%3A1%3Astream%2Fclicks.v2',
    ]) {
      const response = await fetch(`${t.baton.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toContain('<title>console</title>');
    }
    const asset = await fetch(`${t.baton.url}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('answers 404 for missing assets, unknown native routes and paths outside the folder', async () => {
    expect((await fetch(`${t.baton.url}/assets/gone-999.js`)).status).toBe(404);
    expect((await fetch(`${t.baton.url}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${t.baton.url}/baton/nothing`)).status).toBe(404);
    expect((await fetch(`${t.baton.url}/assets/..%2f..%2f..%2f..%2fetc%2fpasswd`)).status).toBe(404);
    expect((await fetch(`${t.baton.url}/baton/health`)).status).toBe(200);
  });

  it('keeps POST / for the AWS protocols', async () => {
    const response = await fetch(t.baton.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toHaveProperty('stateMachines');
  });
});

describe('console not built', () => {
  it('says how to build it instead of failing to start', async () => {
    const t = await startTestBaton({}, { consoleDir: join(tmpdir(), 'baton-no-such-console') });
    try {
      const response = await fetch(t.baton.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('npm run build');
    } finally {
      await t.close();
    }
  });
});

describe('GET /baton/stream', () => {
  let t: TestBaton;
  let machineArn: string;

  beforeAll(async () => {
    t = await startTestBaton();
    const created = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'streamed',
        definition: passMachine,
        roleArn: `arn:aws:iam::${t.account}:role/r`,
      }),
    );
    machineArn = created.stateMachineArn!;
  });
  afterAll(async () => t.close());

  it('sends each committed transition with its history events in GetExecutionHistory shape', async () => {
    const response = await fetch(`${t.baton.url}/baton/stream`);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reading = readStream(response, (m) =>
      m.some((x) => x.event === 'transition' && (x.data as { status: string }).status === 'SUCCEEDED'),
    );
    const started = await t.sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, input: '{"n":1}', name: 'one' }),
    );
    const messages = await reading;
    expect(messages[0]!.event).toBe('ready');
    const transitions = messages.filter((m) => m.event === 'transition').map((m) => m.data as Record<string, unknown>);
    expect(transitions.every((d) => d.executionArn === started.executionArn && d.stateMachineArn === machineArn)).toBe(
      true,
    );
    const events = transitions.flatMap((d) => d.events as Record<string, unknown>[]);
    expect(events[0]).toMatchObject({
      id: 1,
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{"n":1}' },
    });
    expect(typeof events[0]!.timestamp).toBe('number');
    expect(events.map((e) => e.type)).toContain('ExecutionSucceeded');
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  });

  it('narrows to one execution with ?executionArn=', async () => {
    const wanted = `arn:aws:states:${t.region}:${t.account}:execution:streamed:wanted`;
    const response = await fetch(`${t.baton.url}/baton/stream?executionArn=${encodeURIComponent(wanted)}`);
    const reading = readStream(response, (m) =>
      m.some((x) => x.event === 'transition' && (x.data as { status: string }).status === 'SUCCEEDED'),
    );
    await t.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'other' }));
    await t.sfn.send(new StartExecutionCommand({ stateMachineArn: machineArn, name: 'wanted' }));
    const messages = await reading;
    const arns = new Set(
      messages.filter((m) => m.event === 'transition').map((m) => (m.data as { executionArn: string }).executionArn),
    );
    expect([...arns]).toEqual([wanted]);
  });

  it('asks for a SigV4 signature like any other request when auth is on', async () => {
    const secured = await startTestBaton({ auth: true, accessKeys: 'AKIDTEST:secret' });
    try {
      const response = await fetch(`${secured.baton.url}/baton/stream`);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('content-type')).not.toContain('text/event-stream');
      expect(((await response.json()) as { __type: string }).__type).toMatch(/Token|Signature|Denied/);
    } finally {
      await secured.close();
    }
  });

  it('closes open streams when the server closes', async () => {
    const other = await startTestBaton();
    const response = await fetch(`${other.baton.url}/baton/stream`);
    const reading = readStream(response, () => false);
    await other.close();
    expect((await reading).map((m) => m.event)).toEqual(['ready']);
  });
});
