/**
 * The SNS developer guide's filter-policy examples, in both scopes, checked on the
 * compiled and the reference matcher; and SNS's policy limits with its messages.
 */
import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../kernel/index.js';
import {
  attributesEvent,
  bodyEvent,
  createMatcher,
  type FilterPolicyScope,
  type MessageAttribute,
  type ParsedEvent,
  parseFilterPolicy,
  referenceMatches,
} from './index.js';

const GUIDE = 'https://docs.aws.amazon.com/sns/latest/dg';

function accepts(
  policy: Json,
  message: ParsedEvent | undefined,
  scope: FilterPolicyScope = 'MessageAttributes',
): boolean {
  const ir = parseFilterPolicy(policy, { scope });
  if (!ir.ok) throw new Error(ir.error.message);
  if (message === undefined) return false;
  const m = createMatcher<string>();
  m.add('subscription', ir.value);
  const compiled = m.match(message).length > 0;
  expect(referenceMatches(ir.value, message)).toBe(compiled);
  return compiled;
}

const attrs = (a: Record<string, MessageAttribute>): ParsedEvent => attributesEvent(a);
const str = (v: string): MessageAttribute => ({ DataType: 'String', StringValue: v });
const num = (v: string): MessageAttribute => ({ DataType: 'Number', StringValue: v });
const arr = (v: Json[]): MessageAttribute => ({ DataType: 'String.Array', StringValue: JSON.stringify(v) });

const transaction = attrs({
  customer_interests: arr(['soccer', 'rugby', 'hockey']),
  store: str('example_corp'),
  event: str('order_placed'),
  price_usd: num('210.75'),
});

describe(`${GUIDE}/example-filter-policies.html`, () => {
  it('a policy that accepts the example message', () => {
    const policy = {
      store: ['example_corp'],
      event: [{ 'anything-but': 'order_cancelled' }],
      customer_interests: ['rugby', 'football', 'baseball'],
      price_usd: [{ numeric: ['>=', 100] }],
    };
    expect(accepts(policy, transaction)).toBe(true);
  });

  it('a policy that rejects the example message', () => {
    const policy = {
      store: ['example_corp'],
      event: ['order_cancelled'],
      encrypted: [false],
      customer_interests: ['basketball', 'baseball'],
    };
    expect(accepts(policy, transaction)).toBe(false);
  });
});

describe(`${GUIDE}/and-or-logic.html`, () => {
  it('AND across attributes', () => {
    const policy = { customer_interests: ['rugby'], price_usd: [{ numeric: ['>', 100] }] };
    expect(accepts(policy, transaction)).toBe(true);
    expect(accepts(policy, attrs({ customer_interests: arr(['rugby']), price_usd: num('100') }))).toBe(false);
  });

  it('OR within an attribute', () => {
    const policy = { customer_interests: ['rugby', 'football', 'baseball'] };
    expect(accepts(policy, attrs({ customer_interests: arr(['baseball']) }))).toBe(true);
    expect(accepts(policy, attrs({ customer_interests: arr(['tennis']) }))).toBe(false);
  });

  it('OR across attributes with $or', () => {
    const policy: JsonObject = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
    };
    expect(accepts(policy, attrs({ source: str('aws.cloudwatch'), namespace: str('AWS/EC2') }))).toBe(true);
    expect(accepts(policy, attrs({ source: str('aws.cloudwatch'), metricName: str('ReadLatency') }))).toBe(false);
  });
});

describe(`${GUIDE}/attribute-key-matching.html`, () => {
  const withStore = attrs({ store: str('fans'), customer_interests: arr(['baseball', 'basketball']) });
  const withoutStore = attrs({ customer_interests: arr(['baseball', 'basketball']) });

  it('exists: true', () => {
    expect(accepts({ store: [{ exists: true }] }, withStore)).toBe(true);
    expect(accepts({ store: [{ exists: true }] }, withoutStore)).toBe(false);
    expect(accepts({ store: [{ exists: true }] }, bodyEvent('{"store": "fans"}'), 'MessageBody')).toBe(true);
  });

  it('exists: false', () => {
    expect(accepts({ store: [{ exists: false }] }, withStore)).toBe(false);
    expect(accepts({ store: [{ exists: false }] }, withoutStore)).toBe(true);
    const body = bodyEvent('{"customer_interests": ["baseball", "basketball"]}');
    expect(accepts({ store: [{ exists: false }] }, body, 'MessageBody')).toBe(true);
  });
});

describe(`${GUIDE}/string-value-matching.html`, () => {
  it('exact, prefix, suffix, equals-ignore-case and anything-but', () => {
    const rugby = attrs({ customer_interests: str('rugby') });
    expect(accepts({ customer_interests: ['rugby', 'tennis'] }, rugby)).toBe(true);
    expect(accepts({ customer_interests: [{ prefix: 'rug' }] }, rugby)).toBe(true);
    expect(accepts({ customer_interests: [{ suffix: 'ball' }] }, attrs({ customer_interests: str('baseball') }))).toBe(
      true,
    );
    expect(accepts({ customer_interests: [{ 'equals-ignore-case': 'RuGbY' }] }, rugby)).toBe(true);
    expect(accepts({ customer_interests: [{ 'anything-but': ['rugby', 'tennis'] }] }, rugby)).toBe(false);
    expect(accepts({ customer_interests: [{ 'anything-but': { prefix: 'bas' } }] }, rugby)).toBe(true);
    expect(
      accepts(
        { customer_interests: [{ 'anything-but': { prefix: 'bas' } }] },
        attrs({ customer_interests: str('baseball') }),
      ),
    ).toBe(false);
  });

  it('IP address matching', () => {
    expect(accepts({ source_ip: [{ cidr: '10.0.0.0/24' }] }, attrs({ source_ip: str('10.0.0.7') }))).toBe(true);
    expect(accepts({ source_ip: [{ cidr: '10.0.0.0/24' }] }, attrs({ source_ip: str('10.0.1.7') }))).toBe(false);
  });
});

describe(`${GUIDE}/numeric-value-matching.html`, () => {
  it('exact number, ranges and anything-but on Number attributes', () => {
    const price = (v: string): ParsedEvent => attrs({ price_usd: num(v) });
    expect(accepts({ price_usd: [301.5] }, price('301.5'))).toBe(true);
    expect(accepts({ price_usd: [{ numeric: ['=', 301.5] }] }, price('301.50'))).toBe(true);
    expect(accepts({ price_usd: [{ numeric: ['>=', 0, '<', 100] }] }, price('99.99'))).toBe(true);
    expect(accepts({ price_usd: [{ numeric: ['>=', 0, '<', 100] }] }, price('100'))).toBe(false);
    expect(accepts({ price_usd: [{ 'anything-but': [100, 500] }] }, price('100'))).toBe(false);
    expect(accepts({ price_usd: [{ 'anything-but': [100, 500] }] }, price('300'))).toBe(true);
  });

  it('compares String attributes as strings, not numbers', () => {
    expect(accepts({ price_usd: [{ numeric: ['>', 100] }] }, attrs({ price_usd: str('210.75') }))).toBe(false);
  });

  it('ignores Binary attributes', () => {
    const binary = attrs({ price_usd: { DataType: 'Binary', BinaryValue: 'AQID' } });
    expect(accepts({ price_usd: [{ exists: false }] }, binary)).toBe(true);
  });
});

describe(`${GUIDE}/sns-message-filtering.html (payload-based filtering)`, () => {
  it('matches nested properties of a JSON body, arrays element-wise', () => {
    const policy = { store: ['example_corp'], customer: { interests: ['rugby'] } };
    const body = bodyEvent('{"store": "example_corp", "customer": {"interests": ["soccer", "rugby"]}}');
    expect(accepts(policy, body, 'MessageBody')).toBe(true);
  });

  it('matches nothing when the body is not a JSON object', () => {
    expect(bodyEvent('not json')).toBeUndefined();
    expect(bodyEvent('"a string"')).toBeUndefined();
    expect(accepts({ a: [{ exists: false }] }, bodyEvent('[1]'), 'MessageBody')).toBe(false);
  });
});

describe(`${GUIDE}/subscription-filter-policy-constraints.html`, () => {
  const reason = (policy: Json, scope: FilterPolicyScope = 'MessageAttributes'): string => {
    const r = parseFilterPolicy(policy, { scope });
    return r.ok ? 'accepted' : r.error.message;
  };

  it('allows at most five keys', () => {
    const six = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, ['v']]));
    expect(reason(six)).toBe(
      'Invalid parameter: Attributes Reason: FilterPolicy: Filter policy can not have more than 5 keys',
    );
    delete six.f;
    expect(reason(six)).toBe('accepted');
  });

  it('allows at most 150 combinations: key_a × key_b × key_c', () => {
    const values = (n: number): string[] => Array.from({ length: n }, (_, i) => `value${i}`);
    expect(reason({ key_a: values(3), key_b: values(1), key_c: values(2) })).toBe('accepted');
    expect(reason({ key: values(150) })).toBe('accepted');
    expect(reason({ key: values(151) })).toBe(
      'Invalid parameter: Attributes Reason: FilterPolicy: Filter policy is too complex',
    );
    expect(reason({ key1: values(100), key2: values(51) })).toBe(
      'Invalid parameter: Attributes Reason: FilterPolicy: Filter policy is too complex',
    );
  });

  it('counts nested keys with their depth: 3 × 4 × 2 × 3 = 72 for the documented example', () => {
    const policy = {
      key_a: { key_b: { key_c: ['value_one', 'value_two', 'value_three', 'value_four'] } },
      key_d: { key_e: ['value_one', 'value_two', 'value_three'] },
    };
    expect(reason(policy, 'MessageBody')).toBe('accepted');
  });

  it('rejects nesting in the MessageAttributes scope, with the wording of each API', () => {
    const nested = { object: { key: [{ prefix: 'auto-' }] } };
    expect(reason(nested)).toBe(
      'Invalid parameter: Attributes Reason: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    const viaSet = parseFilterPolicy(nested, { scope: 'MessageAttributes', api: 'SetSubscriptionAttributes' });
    expect(viaSet.ok ? 'accepted' : viaSet.error.message).toBe(
      'Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy',
    );
    expect(reason(nested, 'MessageBody')).toBe('accepted');
  });

  it('refuses operators SNS does not support', () => {
    expect(reason({ a: [{ wildcard: 'x*' }] })).toBe(
      'Invalid parameter: Attributes Reason: FilterPolicy: Unrecognized match type wildcard',
    );
    expect(reason({ a: [{ 'anything-but': { suffix: 'x' } }] })).toBe(
      'Invalid parameter: Attributes Reason: FilterPolicy: Unsupported anything-but pattern: suffix',
    );
  });
});
