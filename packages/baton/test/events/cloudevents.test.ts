/**
 * CloudEvents 1.0 over HTTP onto a bus (`POST /baton/cloudevents/{bus}`, docs/cloudevents.md):
 * the three modes of the HTTP protocol binding (structured `application/cloudevents+json`,
 * batched `application/cloudevents-batch+json`, binary `ce-*` headers), each event mapped onto
 * the EventBridge envelope and put through PutEvents (rules, targets and schema enforcement
 * apply), the spec's checks with clear 400s (CloudEvents 1.0.2, "Context Attributes"; JSON event
 * format, "data" and "data_base64"), per-event results for batches, and SigV4 under --auth.
 */

import {
  CreateEventBusCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateRegistryCommand, CreateSchemaCommand, SchemasClient } from '@aws-sdk/client-schemas';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, eventually } from '../support/baton.js';
import { type EventsBaton, startEventsBaton } from './support.js';

let t: EventsBaton;
beforeAll(async () => {
  t = await startEventsBaton(['ce', 'onDefault', 'strict']);
  const route = async (bus: string, recorder: string, pattern = '{"source":[{"prefix":""}]}') => {
    if (bus !== 'default') await t.events.send(new CreateEventBusCommand({ Name: bus }));
    await t.events.send(new PutRuleCommand({ Name: 'all', EventBusName: bus, EventPattern: pattern }));
    await t.events.send(
      new PutTargetsCommand({ Rule: 'all', EventBusName: bus, Targets: [{ Id: 'r', Arn: t.arn.fn(recorder) }] }),
    );
  };
  await route('orders', 'ce');
  await route('default', 'onDefault', '{"detail-type":["com.example.default"]}');
  await route('strict', 'strict');
});
afterAll(async () => {
  await t.close();
});

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function post(path: string, body: string | Buffer, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${t.baton.url}${path}`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const structured = (event: object, bus = 'orders') =>
  post(`/baton/cloudevents/${bus}`, JSON.stringify(event), { 'content-type': 'application/cloudevents+json' });
const batch = (events: unknown, bus = 'orders') =>
  post(`/baton/cloudevents/${bus}`, JSON.stringify(events), { 'content-type': 'application/cloudevents-batch+json' });

const base = { specversion: '1.0', source: '/shop/orders', type: 'com.example.order.placed' };

/** The envelope the recorder received for the event with this CloudEvents id. */
async function delivered(recorder: string, ceId: string): Promise<Record<string, unknown>> {
  return eventually(async () =>
    (t.received.get(recorder) as Record<string, unknown>[]).find((e) =>
      (e.resources as string[]).includes(`ce-id:${ceId}`),
    ),
  );
}

describe('structured mode', () => {
  it('maps a CloudEvent onto the envelope: source, type → detail-type, time, data → detail, the rest → resources', async () => {
    const answer = await structured({
      ...base,
      id: 'A-1',
      time: '2024-05-01T12:30:45.123Z',
      subject: 'order/42',
      datacontenttype: 'application/json',
      dataschema: 'https://example.com/order.json',
      comexampleextension: 'value',
      priority: 5,
      urgent: true,
      data: { orderId: 42, items: ['a', 'b'] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ Id: 'A-1', EventId: expect.any(String) });
    const envelope = await delivered('ce', 'A-1');
    expect(envelope).toMatchObject({
      version: '0',
      id: answer.body.EventId,
      source: '/shop/orders',
      'detail-type': 'com.example.order.placed',
      time: '2024-05-01T12:30:45Z',
      account: t.account,
      region: t.region,
      detail: { orderId: 42, items: ['a', 'b'] },
      resources: [
        'ce-id:A-1',
        'ce-comexampleextension:value',
        'ce-datacontenttype:application/json',
        'ce-dataschema:https://example.com/order.json',
        'ce-priority:5',
        'ce-subject:order/42',
        'ce-urgent:true',
      ],
    });
  });

  it('wraps data that is not a JSON object, and data_base64, and takes no data as an empty detail', async () => {
    await structured({ ...base, id: 'A-2', data: [1, 2] });
    await structured({ ...base, id: 'A-3', datacontenttype: 'text/xml', data: '<order id="1"/>' });
    await structured({ ...base, id: 'A-4', data_base64: Buffer.from([0, 1, 2, 255]).toString('base64') });
    await structured({ ...base, id: 'A-5' });
    expect((await delivered('ce', 'A-2')).detail).toEqual({ data: [1, 2] });
    expect((await delivered('ce', 'A-3')).detail).toEqual({ data: '<order id="1"/>' });
    expect((await delivered('ce', 'A-4')).detail).toEqual({ data_base64: 'AAEC/w==' });
    expect((await delivered('ce', 'A-5')).detail).toEqual({});
  });

  it('puts on the default bus at /baton/cloudevents, where its rules match the type', async () => {
    const answer = await post(
      '/baton/cloudevents',
      JSON.stringify({ ...base, id: 'D-1', type: 'com.example.default', data: { ok: true } }),
      { 'content-type': 'application/cloudevents+json; charset=utf-8' },
    );
    expect(answer.status).toBe(200);
    expect((await delivered('onDefault', 'D-1')).detail).toEqual({ ok: true });
  });
});

describe('binary mode', () => {
  const binary = (id: string, contentType: string, body: string | Buffer, more: Record<string, string> = {}) =>
    post('/baton/cloudevents/orders', body, {
      'ce-specversion': '1.0',
      'ce-id': id,
      'ce-source': '/shop/orders',
      'ce-type': 'com.example.order.placed',
      'content-type': contentType,
      ...more,
    });

  it('reads the attributes from ce-* headers (percent-decoded) and the data from the body by its content type', async () => {
    const json = await binary('B-1', 'application/json', '{"amount": 1.50}', {
      'ce-subject': 'order%2042',
      'ce-time': '2024-05-01T12:30:45+02:00',
      'ce-traceparent': '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect(json).toEqual({ status: 200, body: { Id: 'B-1', EventId: expect.any(String) } });
    const envelope = await delivered('ce', 'B-1');
    expect(envelope).toMatchObject({
      time: '2024-05-01T10:30:45Z',
      detail: { amount: 1.5 },
      resources: [
        'ce-id:B-1',
        'ce-datacontenttype:application/json',
        'ce-subject:order 42',
        'ce-traceparent:00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      ],
    });
    await binary('B-2', 'text/plain; charset=utf-8', 'hello');
    await binary('B-3', 'application/octet-stream', Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    await binary('B-4', 'application/json', '"just a string"');
    expect((await delivered('ce', 'B-2')).detail).toEqual({ data: 'hello' });
    expect((await delivered('ce', 'B-3')).detail).toEqual({ data_base64: '3q2+7w==' });
    expect((await delivered('ce', 'B-4')).detail).toEqual({ data: 'just a string' });
  });

  it('refuses a JSON body that is not JSON, and headers that are not percent-encoded properly', async () => {
    expect(await binary('B-5', 'application/json', '{nope')).toEqual({
      status: 400,
      body: { __type: 'InvalidCloudEvent', message: 'The body is not valid JSON.' },
    });
    expect((await binary('B-6', 'application/json', '{}', { 'ce-subject': '%zz' })).body).toEqual({
      __type: 'InvalidCloudEvent',
      message: 'Header ce-subject is not validly percent-encoded.',
    });
  });
});

describe('batched mode', () => {
  it('answers each event of a batch: accepted ones their EventId, refused ones why, nothing else lost', async () => {
    const answer = await batch([
      { ...base, id: 'C-1', data: { n: 1 } },
      { ...base, id: 'C-2', type: undefined, data: { n: 2 } },
      { ...base, id: 'C-3', source: 'aws.s3', data: { n: 3 } },
      'not an event',
      { ...base, id: 'C-4', data: { n: 4 } },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      FailedEntryCount: 3,
      Entries: [
        { Id: 'C-1', EventId: expect.any(String) },
        { Id: 'C-2', ErrorCode: 'InvalidCloudEvent', ErrorMessage: "The required attribute 'type' is missing." },
        { Id: 'C-3', ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
        { ErrorCode: 'InvalidCloudEvent', ErrorMessage: 'An event must be a JSON object.' },
        { Id: 'C-4', EventId: expect.any(String) },
      ],
    });
    expect((await delivered('ce', 'C-1')).detail).toEqual({ n: 1 });
    expect((await delivered('ce', 'C-4')).detail).toEqual({ n: 4 });
  });

  it('takes an empty batch, and refuses a batch that is not an array', async () => {
    expect(await batch([])).toEqual({ status: 200, body: { FailedEntryCount: 0, Entries: [] } });
    expect(await batch({ ...base, id: 'x' })).toEqual({
      status: 400,
      body: { __type: 'InvalidCloudEvent', message: 'A batch must be a JSON array of events.' },
    });
  });
});

describe('invalid input', () => {
  it('refuses events the spec does not allow, with a 400 that says why', async () => {
    const cases: [object, string][] = [
      [{ ...base, id: 'x', specversion: '0.3' }, "specversion '0.3' is not supported: only '1.0' is."],
      [{ source: 's', type: 't', id: 'x' }, "The required attribute 'specversion' is missing."],
      [{ ...base }, "The required attribute 'id' is missing."],
      [{ ...base, id: '' }, "Attribute 'id' must be a non-empty string."],
      [{ ...base, id: 'x', source: 5 }, "Attribute 'source' must be a non-empty string."],
      [{ ...base, id: 'x', time: 'yesterday' }, "Attribute 'time' must be an RFC 3339 timestamp, got 'yesterday'."],
      [{ ...base, id: 'x', subject: '' }, "Attribute 'subject' must be a non-empty string."],
      [
        { ...base, id: 'x', 'Bad-Name': 'v' },
        "Attribute name 'Bad-Name' must consist of lower-case letters and digits.",
      ],
      [{ ...base, id: 'x', big: 2 ** 31 }, "Attribute 'big' must be an integer from -2,147,483,648 to 2,147,483,647."],
      [{ ...base, id: 'x', nested: { a: 1 } }, "Attribute 'nested' must be a string, an integer or a boolean."],
      [{ ...base, id: 'x', data: {}, data_base64: 'AA==' }, "An event has 'data' or 'data_base64', not both."],
      [{ ...base, id: 'x', data_base64: 'not base64!' }, "'data_base64' must be a base64 string."],
    ];
    for (const [event, message] of cases) {
      expect(await structured(event)).toEqual({ status: 400, body: { __type: 'InvalidCloudEvent', message } });
    }
  });

  it('refuses bodies that are no CloudEvent, other event formats, and buses that do not exist', async () => {
    expect(await post('/baton/cloudevents/orders', '{}', { 'content-type': 'application/json' })).toEqual({
      status: 400,
      body: {
        __type: 'InvalidCloudEvent',
        message:
          'Not a CloudEvent: send application/cloudevents+json or application/cloudevents-batch+json, or the attributes in ce-* headers (binary mode).',
      },
    });
    expect(await structured({ ...base, id: 'x' }, 'no-such-bus')).toEqual({
      status: 404,
      body: { __type: 'ResourceNotFoundException', message: 'Event bus no-such-bus does not exist.' },
    });
    expect(
      await post('/baton/cloudevents/orders', '<event/>', { 'content-type': 'application/cloudevents+xml' }),
    ).toMatchObject({ status: 415, body: { __type: 'UnsupportedMediaType' } });
    expect(
      await post('/baton/cloudevents/orders', '{nope', { 'content-type': 'application/cloudevents+json' }),
    ).toEqual({ status: 400, body: { __type: 'InvalidCloudEvent', message: 'The body is not valid JSON.' } });
  });

  it('answers the bus’s own refusals for a single event (an aws. source, a schema the data breaks)', async () => {
    expect(await structured({ ...base, id: 'x', source: 'aws.ec2' })).toEqual({
      status: 400,
      body: { __type: 'NotAuthorizedForSourceException', message: 'Not authorized for the source.', Id: 'x' },
    });
    const schemas = new SchemasClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
    await schemas.send(new CreateRegistryCommand({ RegistryName: 'ce-contracts' }));
    await schemas.send(
      new CreateSchemaCommand({
        RegistryName: 'ce-contracts',
        SchemaName: 'orders',
        Type: 'JSONSchemaDraft4',
        Content: JSON.stringify({
          'x-amazon-events-source': '/shop/orders',
          'x-amazon-events-detail-type': 'com.example.order.placed',
          properties: { detail: { required: ['orderId'] } },
        }),
      }),
    );
    schemas.destroy();
    await t.events.send(
      new TagResourceCommand({
        ResourceARN: t.arn.bus('strict'),
        Tags: [{ Key: 'baton:schema-enforcement', Value: 'ce-contracts' }],
      }),
    );
    const refused = await structured({ ...base, id: 'S-1', data: { total: 1 } }, 'strict');
    expect(refused).toEqual({
      status: 400,
      body: {
        __type: 'ValidationException',
        Id: 'S-1',
        message:
          "Event does not match schema orders (version 1, registry ce-contracts): /detail must have required property 'orderId'",
      },
    });
    expect((await structured({ ...base, id: 'S-2', data: { orderId: 1 } }, 'strict')).status).toBe(200);
  });
});

describe('with --auth', () => {
  let secured: EventsBaton;
  beforeAll(async () => {
    secured = await startEventsBaton([], { auth: true, accessKeys: 'AKIDTEST:secret' });
  });
  afterAll(async () => {
    await secured.close();
  });

  const signedPost = async (
    body: string | Uint8Array,
    secret = credentials.secretAccessKey,
    contentType = 'application/cloudevents+json',
    extraHeaders: Record<string, string> = {},
  ) => {
    const url = new URL('/baton/cloudevents', secured.baton.url);
    const signer = new SignatureV4({
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: secret },
      region: secured.region,
      service: 'events',
      sha256: Hash.bind(null, 'sha256'),
    });
    const request = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host, 'content-type': contentType, ...extraHeaders },
      body,
    });
    const { host: _host, ...headers } = request.headers;
    const response = await fetch(url, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('takes a signed request and refuses unsigned or badly signed ones', async () => {
    const event = JSON.stringify({ ...base, id: 'auth-1', data: { ok: true } });
    expect((await signedPost(event)).status).toBe(200);
    expect((await signedPost(event, 'wrong')).body.__type).toBe('InvalidSignatureException');
    const unsigned = await fetch(`${secured.baton.url}/baton/cloudevents`, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: event,
    });
    expect(unsigned.status).toBe(403);
    expect(((await unsigned.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException');
  });

  it('verifies the signature over the bytes of a binary-mode body that is not UTF-8', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80]);
    const headers = { 'ce-specversion': '1.0', 'ce-id': 'auth-bin', 'ce-source': 'test.binary', 'ce-type': 'Blob' };
    expect((await signedPost(bytes, undefined, 'application/octet-stream', headers)).status).toBe(200);
    expect((await signedPost(bytes, 'wrong', 'application/octet-stream', headers)).body.__type).toBe(
      'InvalidSignatureException',
    );
  });
});
