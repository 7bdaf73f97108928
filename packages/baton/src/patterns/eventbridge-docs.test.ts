/**
 * Every example of the EventBridge user guide's event-pattern pages, as pattern + event →
 * answer, checked on the compiled and the reference matcher. Each group names its page.
 */
import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../kernel/index.js';
import { createMatcher, parseEventPattern, referenceMatches } from './index.js';

const GUIDE = 'https://docs.aws.amazon.com/eventbridge/latest/userguide';

function matches(pattern: Json, event: Json): boolean {
  const ir = parseEventPattern(pattern);
  if (!ir.ok) throw new Error(ir.error.message);
  const m = createMatcher<string>();
  m.add('rule', ir.value);
  const compiled = m.match(event).length > 0;
  expect(referenceMatches(ir.value, event)).toBe(compiled);
  return compiled;
}

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

const autoScalingEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

describe(`${GUIDE}/eb-event-patterns.html`, () => {
  it('matches EC2 instance-termination events', () => {
    const pattern = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    };
    expect(matches(pattern, ec2Event)).toBe(true);
    expect(matches(pattern, { ...ec2Event, detail: { state: 'running' } })).toBe(false);
  });

  it('matches any of several values: source aws.ec2 or aws.fargate', () => {
    expect(matches({ source: ['aws.ec2', 'aws.fargate'] }, ec2Event)).toBe(true);
    expect(matches({ source: ['aws.ec2', 'aws.fargate'] }, { ...ec2Event, source: 'aws.fargate' })).toBe(true);
    expect(matches({ source: ['aws.ec2', 'aws.fargate'] }, { ...ec2Event, source: 'aws.s3' })).toBe(false);
  });

  it('matches a null field value (responseElements)', () => {
    const pattern = {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    };
    expect(matches(pattern, autoScalingEvent)).toBe(true);
  });

  it('matches numbers at two levels (Macie risk-score 80 and trigger risk 8)', () => {
    const event = {
      source: 'aws.macie',
      'detail-type': 'Macie Alert',
      detail: { 'risk-score': 80, tags: ['Custom_Alert', 'Insider'], trigger: { 'alert-type': 'basic', risk: 8 } },
    };
    const pattern = {
      source: ['aws.macie'],
      'detail-type': ['Macie Alert'],
      detail: { 'risk-score': [80], trigger: { risk: [8] } },
    };
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, { ...event, detail: { ...event.detail, 'risk-score': 79 } })).toBe(false);
  });

  it('requires every pattern field, with the same nesting', () => {
    expect(matches({ detail: { 'instance-id': ['i-1234567890abcdef0'] } }, ec2Event)).toBe(true);
    expect(matches({ 'instance-id': ['i-1234567890abcdef0'] }, ec2Event)).toBe(false);
  });

  it('compares strings character by character, without case folding', () => {
    expect(matches({ source: ['AWS.EC2'] }, ec2Event)).toBe(false);
  });
});

describe(`${GUIDE}/eb-event-patterns-null-values.html`, () => {
  it('matches an empty string', () => {
    expect(matches({ detail: { eventVersion: [''] } }, autoScalingEvent)).toBe(true);
  });

  it('matches null', () => {
    expect(matches({ detail: { responseElements: [null] } }, autoScalingEvent)).toBe(true);
  });

  it('does not treat null and empty strings as interchangeable', () => {
    expect(matches({ detail: { responseElements: [''] } }, autoScalingEvent)).toBe(false);
    expect(matches({ detail: { eventVersion: [null] } }, autoScalingEvent)).toBe(false);
  });
});

describe(`${GUIDE}/eb-event-patterns-arrays.html`, () => {
  const pattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };

  it('matches when the pattern and event arrays intersect', () => {
    const resources = [
      'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
    ];
    expect(matches(pattern, { resources })).toBe(true);
    expect(matches(pattern, { resources: resources.slice(0, 1) })).toBe(false);
  });
});

describe(`${GUIDE}/eb-create-pattern-operators.html`, () => {
  const detail = (d: Json): Json => ({ source: 'test', detail: d });

  it('prefix: time starts with 2017-10-02', () => {
    expect(matches({ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-02T18:43:48Z' })).toBe(true);
    expect(matches({ time: [{ prefix: '2017-10-02' }] }, { time: '2017-10-03T18:43:48Z' })).toBe(false);
  });

  it('prefix ignoring case: service starts with "eventb"', () => {
    const p = { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] };
    expect(matches(p, { service: 'EventBridge' })).toBe(true);
    expect(matches(p, { service: 'Lambda' })).toBe(false);
  });

  it('suffix: FileName ends with .png', () => {
    const p = { FileName: [{ suffix: '.png' }] };
    expect(matches(p, { FileName: 'image.png' })).toBe(true);
    expect(matches(p, { FileName: 'image.PNG' })).toBe(false);
  });

  it('suffix ignoring case: FileName ends with .png in any case', () => {
    const p = { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] };
    expect(matches(p, { FileName: 'image.PNG' })).toBe(true);
  });

  it('equals-ignore-case: name is "alice" in any case', () => {
    const p = { name: [{ 'equals-ignore-case': 'alice' }] };
    expect(matches(p, { name: 'ALICE' })).toBe(true);
    expect(matches(p, { name: 'alicia' })).toBe(false);
  });

  it('anything-but: a string, a number, a list of strings, a list of numbers', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, detail({ state: 'running' }))).toBe(
      true,
    );
    expect(
      matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, detail({ state: 'initializing' })),
    ).toBe(false);
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, detail({ 'x-limit': 124 }))).toBe(true);
    expect(matches({ detail: { 'x-limit': [{ 'anything-but': 123 }] } }, detail({ 'x-limit': 123 }))).toBe(false);
    const states = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };
    expect(matches(states, detail({ state: 'stopped' }))).toBe(false);
    expect(matches(states, detail({ state: 'running' }))).toBe(true);
    const limits = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };
    expect(matches(limits, detail({ 'x-limit': 200 }))).toBe(false);
    expect(matches(limits, detail({ 'x-limit': 250 }))).toBe(true);
  });

  it('anything-but does not match a missing field', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } }, detail({}))).toBe(false);
  });

  it('anything-but prefix, suffix, ignore-case and wildcard', () => {
    expect(matches({ Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'eu-west-1' })).toBe(true);
    expect(matches({ Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'us-east-1' })).toBe(false);
    expect(matches({ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.jpg' })).toBe(true);
    expect(matches({ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.png' })).toBe(false);
    const ic = { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] };
    expect(matches(ic, { state: 'INITIALIZING' })).toBe(false);
    expect(matches(ic, { state: 'running' })).toBe(true);
    const wc = { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] };
    expect(matches(wc, { FilePath: '/usr/lib/x' })).toBe(false);
    expect(matches(wc, { FilePath: '/usr/bin/x' })).toBe(true);
  });

  it('numeric: ranges, equality, and several conditions at once', () => {
    const p = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };
    expect(matches(p, detail({ 'c-count': 5, 'd-count': 9, 'x-limit': 301.8 }))).toBe(true);
    expect(matches(p, detail({ 'c-count': 0, 'd-count': 9, 'x-limit': 301.8 }))).toBe(false);
    expect(matches(p, detail({ 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 }))).toBe(false);
    expect(matches(p, detail({ 'c-count': 5, 'd-count': 9, 'x-limit': '301.8' }))).toBe(false);
  });

  it('IP address: cidr 10.0.0.0/24 and IPv6', () => {
    const p = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };
    expect(matches(p, detail({ sourceIPAddress: '10.0.0.255' }))).toBe(true);
    expect(matches(p, detail({ sourceIPAddress: '10.0.1.0' }))).toBe(false);
    const v6 = { detail: { sourceIPAddress: [{ cidr: '2001:db8:1234:1a00::/64' }] } };
    expect(matches(v6, detail({ sourceIPAddress: '2001:db8:1234:1a00::1' }))).toBe(true);
    expect(matches(v6, detail({ sourceIPAddress: '2001:db8:1234:1a01::1' }))).toBe(false);
  });

  it('exists: true on a leaf; false on a missing field; neither on an object', () => {
    expect(matches({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, ec2Event)).toBe(true);
    // Exists matching only works on leaf nodes: an object is not a value.
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, detail({ 'c-count': { c1: 100 } }))).toBe(false);
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, detail({ 'c-count': { c1: 100 } }))).toBe(true);
  });

  it('wildcard: EventBusArn with wildcards in the account and bus name', () => {
    const p = { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] };
    expect(matches(p, { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' })).toBe(true);
    expect(matches(p, { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/myEventBus' })).toBe(false);
  });

  it('$or: source and (metricName or metricType and namespace or scope)', () => {
    const p: JsonObject = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] },
        { scope: ['Service'] },
      ],
    };
    expect(matches(p, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true);
    expect(matches(p, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' })).toBe(true);
    expect(matches(p, { source: 'aws.cloudwatch', metricType: 'MetricType' })).toBe(false);
    expect(matches(p, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
    expect(matches(p, { source: 'aws.ec2', scope: 'Service' })).toBe(false);
  });

  it('$or inside a nested object', () => {
    const p: JsonObject = {
      detail: { $or: [{ 'c-count': [{ numeric: ['>', 0, '<=', 5] }] }, { 'd-count': [{ numeric: ['<', 10] }] }] },
    };
    expect(matches(p, detail({ 'd-count': 3 }))).toBe(true);
    expect(matches(p, detail({ 'c-count': 9, 'd-count': 30 }))).toBe(false);
  });

  it('the last of two identical keys is the one used', () => {
    const text = '{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}';
    const ir = parseEventPattern(text);
    if (!ir.ok) throw new Error(ir.error.message);
    const m = createMatcher<string>();
    m.add('r', ir.value);
    expect(m.match(detail({ location: 'eu-west' }))).toEqual(['r']);
    expect(m.match(detail({ location: 'us-east' }))).toEqual([]);
  });
});

describe(`${GUIDE}/eb-event-patterns-content-based-filtering.html (complex example)`, () => {
  it('combines prefix, anything-but and numeric', () => {
    const p = {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    };
    const event = {
      time: '2017-10-02T18:43:48Z',
      detail: { state: 'running', 'c-count': 3, 'd-count': 9, 'x-limit': 150 },
    };
    expect(matches(p, event)).toBe(true);
    expect(matches(p, { ...event, detail: { ...event.detail, 'x-limit': 300 } })).toBe(false);
  });
});

describe('rejected patterns carry AWS messages', () => {
  it.each([
    ['{"source": "aws.ec2"}', 'Event pattern is not valid. Reason: "source" must be an object or an array'],
    ['{"source": []}', 'Event pattern is not valid. Reason: Empty arrays are not allowed'],
    ['{}', 'Event pattern is not valid. Reason: Empty objects are not allowed'],
    ['{"a": [{"numeric": [">", 1, "<", 1]}]}', 'Event pattern is not valid. Reason: Bottom must be less than top'],
    [
      '{"a": [{"numeric": ["<", 6e9]}]}',
      'Event pattern is not valid. Reason: Value must be between -5.0E9 and 5.0E9, inclusive',
    ],
    [
      '{"a": [{"numeric": ["=", 0.0000001]}]}',
      'Event pattern is not valid. Reason: Only values upto 6 decimals are supported',
    ],
    ['{"a": [{"wildcard": "a**b"}]}', 'Event pattern is not valid. Reason: Consecutive wildcard characters at pos 2'],
    ['{"a": [{"cidr": "10.0.0.0/33"}]}', 'Event pattern is not valid. Reason: IPv4 mask bits must be < 32'],
    [
      '{"$or": [{"a": ["b"]}]}',
      'Event pattern is not valid. Reason: There must have at least 2 Objects in $or relationship.',
    ],
    [
      '{"$or": [{"prefix": ["b"]}, {"c": ["d"]}]}',
      'Event pattern is not valid. Reason: prefix is Ruler reserved fieldName which cannot be used inside $or.',
    ],
    [
      '{"a": [{"wildcard": "*:stack/A/*"}, {"wildcard": "*:stack/B/*"}, {"wildcard": "*:stack/C/*"}, {"wildcard": "*:stack/D/*"}]}',
      'Event pattern is not valid. Reason: Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
    ],
  ])('%s', (pattern, message) => {
    const r = parseEventPattern(pattern);
    expect(r.ok ? 'accepted' : r.error).toEqual({ code: 'InvalidEventPatternException', message });
  });

  it('accepts three such wildcards on one field', () => {
    const three = '{"a": [{"wildcard": "*:stack/A/*"}, {"wildcard": "*:stack/B/*"}, {"wildcard": "*:stack/C/*"}]}';
    expect(parseEventPattern(three).ok).toBe(true);
  });

  it('rejects pattern text longer than the API allows', () => {
    const r = parseEventPattern(`{"a": ["${'x'.repeat(5000)}"]}`);
    expect(r.ok ? 'accepted' : r.error.code).toBe('ValidationException');
  });
});
