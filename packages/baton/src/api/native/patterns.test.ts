/**
 * Why an event misses a pattern: `explainMatch` on the EventBridge user guide's operators, and
 * `POST /baton/patterns/explain` through a real server (its errors are TestEventPattern's).
 */
import { EventBridgeClient, TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, startTestBaton, type TestBaton } from '../../../test/support/baton.js';
import { explainMatch } from './patterns.js';

/** The user guide's example event ("Amazon EventBridge events"), with a detail of our own. */
const event = (detail: object) =>
  JSON.stringify({
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'OrderPlaced',
    source: 'shop.orders',
    account: '111122223333',
    time: '2017-12-22T18:43:48Z',
    region: 'us-west-1',
    resources: [],
    detail,
  });

describe('explainMatch', () => {
  it('says nothing more when the event matches', () => {
    expect(explainMatch('{"source":["shop.orders"]}', event({}))).toEqual({ matches: true });
  });

  it('names a field whose value is not allowed, with what the pattern wants and what the event has', () => {
    const out = explainMatch(
      JSON.stringify({ source: ['shop.orders'], detail: { amount: [{ numeric: ['>', 100, '<=', 2500.5] }] } }),
      event({ amount: 42 }),
    );
    expect(out).toEqual({
      matches: false,
      alternatives: 1,
      failure: { field: 'detail.amount', problem: 'value', expected: ['a number > 100 and <= 2500.5'], found: ['42'] },
      message: 'detail.amount is 42; the pattern wants a number > 100 and <= 2500.5.',
    });
  });

  it('reports the first failing field in path order, a missing one included', () => {
    const out = explainMatch(
      JSON.stringify({ 'detail-type': ['OrderShipped'], detail: { customer: [{ prefix: 'vip-' }] } }),
      event({}),
    );
    // Fields are tried in path order: `detail-type` before `detail.customer` ('-' is 0x2d, '.' 0x2e).
    expect(out.matches === false && out.failure).toEqual({
      field: 'detail-type',
      problem: 'value',
      expected: ['"OrderShipped"'],
      found: ['"OrderPlaced"'],
    });
    const missing = explainMatch(JSON.stringify({ detail: { customer: [{ prefix: 'vip-' }] } }), event({}));
    expect(missing.matches === false && missing.failure).toEqual({
      field: 'detail.customer',
      problem: 'missing',
      expected: ['prefix "vip-"'],
      found: [],
    });
    expect(missing.matches === false && missing.message).toBe(
      'The event has no detail.customer; the pattern wants prefix "vip-".',
    );
  });

  it('says a field must be absent (exists: false)', () => {
    const out = explainMatch(JSON.stringify({ detail: { error: [{ exists: false }] } }), event({ error: 'boom' }));
    expect(out.matches === false && out.failure).toMatchObject({ field: 'detail.error', problem: 'present' });
  });

  it('tells fields that match only in different array elements', () => {
    const out = explainMatch(
      JSON.stringify({ detail: { items: { sku: ['tea'], qty: [2] } } }),
      event({
        items: [
          { sku: 'tea', qty: 1 },
          { sku: 'cup', qty: 2 },
        ],
      }),
    );
    expect(out.matches === false && out.failure).toEqual({
      field: 'detail.items.sku',
      problem: 'sameElement',
      expected: ['"tea"'],
      found: ['"tea"', '"cup"'],
    });
  });

  it('explains the $or alternative that got furthest', () => {
    const pattern = {
      source: ['shop.orders'],
      $or: [{ detail: { country: ['NL'] } }, { detail: { amount: [{ numeric: ['>=', 1000] }], currency: ['EUR'] } }],
    };
    const out = explainMatch(JSON.stringify(pattern), event({ amount: 5000, currency: 'USD' }));
    expect(out.matches === false && [out.alternatives, out.failure.field, out.failure.found]).toEqual([
      2,
      'detail.currency',
      ['"USD"'],
    ]);
  });

  it('describes every operator in the pattern’s words', () => {
    const describe = (value: unknown) => {
      const out = explainMatch(JSON.stringify({ detail: { x: [value] } }), event({ x: 'no' }));
      return out.matches === false ? out.failure.expected[0] : undefined;
    };
    expect(describe({ 'anything-but': ['no', 'nope'] })).toBe('anything but "no", "nope"');
    expect(describe({ 'anything-but': { prefix: 'n' } })).toBe('anything but prefix "n"');
    expect(describe({ 'equals-ignore-case': 'yes' })).toBe('"yes" ignoring case');
    expect(describe({ suffix: '.png' })).toBe('suffix ".png"');
    expect(describe({ wildcard: 'a*b' })).toBe('wildcard "a*b"');
    expect(describe({ cidr: '10.0.0.0/24' })).toBe('an IP address in 10.0.0.0–10.0.0.255');
    expect(describe({ numeric: ['=', -3.25] })).toBe('a number = -3.25');
    expect(describe(true)).toBe('true');
  });

  it('throws the errors TestEventPattern gives', () => {
    expect(() => explainMatch('{"source": "shop"}', event({}))).toThrow(/Event pattern is not valid/);
    expect(() => explainMatch('{"source": ["shop"]}', '[]')).toThrow('Parameter Event is not valid.');
  });
});

describe('POST /baton/patterns/explain', () => {
  let t: TestBaton;
  let events: EventBridgeClient;
  beforeAll(async () => {
    t = await startTestBaton();
    events = new EventBridgeClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    events.destroy();
    await t.close();
  });

  const explain = (body: unknown) =>
    fetch(`${t.baton.url}/baton/patterns/explain`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('agrees with TestEventPattern and explains the miss', async () => {
    const pattern = JSON.stringify({ detail: { amount: [{ numeric: ['>', 100] }] } });
    const e = event({ amount: 42 });
    const tested = await events.send(new TestEventPatternCommand({ EventPattern: pattern, Event: e }));
    const response = await explain({ pattern, event: e });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { matches: boolean; message: string };
    expect(body.matches).toBe(tested.Result);
    expect(body.message).toBe('detail.amount is 42; the pattern wants a number > 100.');
  });

  it('answers an invalid pattern or event with TestEventPattern’s error, and a missing member with ValidationException', async () => {
    const bad = await explain({ pattern: '{"source": "x"}', event: event({}) });
    expect(bad.status).toBe(400);
    const sdk = await events
      .send(new TestEventPatternCommand({ EventPattern: '{"source": "x"}', Event: event({}) }))
      .catch((err: Error & { message: string }) => err);
    expect(await bad.json()).toEqual({ __type: 'InvalidEventPatternException', message: (sdk as Error).message });
    const missing = await explain({ pattern: '{}' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { __type: string }).__type).toBe('ValidationException');
  });
});
