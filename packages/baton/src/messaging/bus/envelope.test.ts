/**
 * PutEvents entries (API reference, PutEvents; user guide, "Calculating PutEvents event entry
 * size" and "Amazon EventBridge events"): the checks and their order, the documented size, and
 * the envelope built around the Detail text.
 */
import { describe, expect, it } from 'vitest';
import { buildEnvelope, checkEntry, entrySize, eventTime } from './envelope.js';

const AT = { region: 'eu-west-1', account: '111122223333', now: Date.UTC(2024, 0, 2, 3, 4, 5, 678), id: 'e-1' };

describe('PutEvents entries', () => {
  it('reports the first problem in the order AWS does', () => {
    expect(checkEntry({})?.message).toBe('Parameter Source is not valid. Reason: Source is a required argument.');
    expect(checkEntry({ source: 's' })?.message).toContain('DetailType is a required argument');
    expect(checkEntry({ source: 's', detailType: 'd' })?.message).toContain('Detail is a required argument');
    expect(checkEntry({ source: 's', detailType: 'd', detail: '[1]' })).toEqual({
      code: 'MalformedDetail',
      message: 'Detail is malformed.',
    });
    expect(checkEntry({ source: 'aws.ec2', detailType: 'd', detail: '{}' })?.code).toBe(
      'NotAuthorizedForSourceException',
    );
    expect(checkEntry({ source: 'aws.states', detailType: 'd', detail: '{}' }, true)).toBeUndefined();
  });

  it('computes the entry size as documented: Time is 14 bytes, strings their UTF-8 bytes', () => {
    expect(entrySize({ source: 'ab', detailType: 'é', detail: '{}', resources: ['r1', 'r2'] })).toBe(2 + 2 + 2 + 4);
    expect(entrySize({ source: 'ab', detailType: 'x', time: 0 })).toBe(14 + 3);
  });

  it('builds the envelope around the Detail text, keeping number spellings', () => {
    const env = buildEnvelope(
      { source: 'shop', detailType: 'Order', detail: '{"price": 10.50}', resources: ['r'] },
      AT,
    );
    if ('code' in env) throw new Error(env.message);
    expect(env.text).toBe(
      '{"version":"0","id":"e-1","detail-type":"Order","source":"shop","account":"111122223333",' +
        '"time":"2024-01-02T03:04:05Z","region":"eu-west-1","resources":["r"],"detail":{"price": 10.50}}',
    );
    expect(eventTime(AT.now)).toBe('2024-01-02T03:04:05Z');
  });

  it('refuses a Detail that is not exactly one JSON object (nothing can be smuggled into the envelope)', () => {
    for (const detail of ['{"a":1}, "x": 2', '{"a":', '{} {}']) {
      expect(buildEnvelope({ source: 's', detailType: 'd', detail }, AT)).toEqual({
        code: 'MalformedDetail',
        message: 'Detail is malformed.',
      });
    }
  });
});
