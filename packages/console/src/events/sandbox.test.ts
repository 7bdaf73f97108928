import { describe, expect, it } from 'vitest';
import type { RuleWithTargets } from '../api/events.js';
import { evaluate, locationOf, putEntryOf, sampleEvent } from './sandbox.js';

const rule = (name: string, pattern?: object): RuleWithTargets => ({
  Name: name,
  Arn: `arn:aws:events:us-east-1:1:rule/${name}`,
  EventBusName: 'default',
  State: 'ENABLED',
  ...(pattern ? { EventPattern: JSON.stringify(pattern) } : { ScheduleExpression: 'rate(1 minute)' }),
  targets: [],
});

describe('evaluate', () => {
  it('tests every rule with a pattern, explains only the misses, and lists matches first', async () => {
    const explained: string[] = [];
    const verdicts = await evaluate(
      [rule('nightly'), rule('eu', { detail: { country: ['DE'] } }), rule('orders', { source: ['shop.orders'] })],
      sampleEvent({ region: 'us-east-1', account: '1' }),
      {
        testEventPattern: async (pattern) => pattern.includes('shop.orders'),
        explain: async (pattern) => {
          explained.push(pattern);
          return {
            matches: false,
            alternatives: 1,
            failure: { field: 'detail.country', problem: 'value', expected: ['"DE"'], found: ['"NL"'] },
            message: 'detail.country is "NL"; the pattern wants "DE".',
          };
        },
      },
    );
    expect(verdicts.map((v) => [v.kind, v.rule.Name])).toEqual([
      ['matches', 'orders'],
      ['misses', 'eu'],
      ['scheduled', 'nightly'],
    ]);
    expect(explained).toEqual(['{"detail":{"country":["DE"]}}']);
  });
});

describe('putEntryOf', () => {
  it('takes source, detail-type, detail and resources from the envelope', () => {
    const event = JSON.parse(sampleEvent({ region: 'eu-west-1', account: '42' }));
    event.resources = ['arn:aws:s3:::bucket', 7];
    expect(putEntryOf(JSON.stringify(event), 'orders')).toEqual({
      entry: {
        Source: 'shop.orders',
        DetailType: 'OrderPlaced',
        Detail: '{"orderId":"o-1","total":120,"country":"NL"}',
        EventBusName: 'orders',
        Resources: ['arn:aws:s3:::bucket'],
      },
    });
  });

  it('says what is missing or malformed', () => {
    expect(putEntryOf('{', 'default')).toMatchObject({ error: expect.stringMatching(/^The event is not JSON/) });
    expect(putEntryOf('[]', 'default')).toEqual({ error: 'The event must be a JSON object.' });
    expect(putEntryOf('{"detail-type":"x"}', 'default')).toEqual({ error: 'The event needs a "source" (a string).' });
    expect(putEntryOf('{"source":"s","detail-type":"x","detail":[1]}', 'default')).toEqual({
      error: 'The event\'s "detail" must be a JSON object.',
    });
  });
});

describe('sampleEvent and locationOf', () => {
  it('builds an envelope in the bus’s region and account', () => {
    const at = locationOf('arn:aws:events:eu-west-1:42:event-bus/default');
    expect(at).toEqual({ region: 'eu-west-1', account: '42' });
    const event = JSON.parse(sampleEvent(at, new Date('2024-05-01T10:20:30.456Z')));
    expect(event).toMatchObject({ region: 'eu-west-1', account: '42', time: '2024-05-01T10:20:30Z' });
  });
});
