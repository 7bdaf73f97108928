import { describe, expect, it } from 'vitest';
import { createMatcher, type PatternIR, parseEventPattern, parseEventText, testEventPattern } from './index.js';

function ir(pattern: string): PatternIR {
  const r = parseEventPattern(pattern);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('createMatcher', () => {
  it('adds, replaces and removes rules while matching', () => {
    const m = createMatcher<string>();
    m.add('orders', ir('{"source": ["shop"], "detail-type": ["Order Placed"]}'));
    m.add('all-shop', ir('{"source": [{"prefix": "sh"}]}'));
    const event = { source: 'shop', 'detail-type': 'Order Placed' };
    expect(m.match(event).sort()).toEqual(['all-shop', 'orders']);
    m.add('orders', ir('{"source": ["shop"], "detail-type": ["Order Shipped"]}'));
    expect(m.match(event)).toEqual(['all-shop']);
    expect(m.remove('all-shop')).toBe(true);
    expect(m.remove('all-shop')).toBe(false);
    expect(m.match(event)).toEqual([]);
    expect(m.size).toBe(1);
    expect(m.has('orders')).toBe(true);
  });

  it('reuses what removed rules freed without mixing up paths', () => {
    const m = createMatcher<string>();
    m.add('a', ir('{"a": ["1"]}'));
    m.add('b', ir('{"b": ["2"]}'));
    m.remove('a');
    m.add('c', ir('{"c": ["3"]}'));
    m.add('d', ir('{"d": ["4"]}'));
    expect(m.match({ a: '1', b: '2', c: '3', d: '4' }).sort()).toEqual(['b', 'c', 'd']);
    expect(m.match({ a: '3', b: '3', c: '2', d: '4' })).toEqual(['d']);
  });

  it('returns a rule once however many of its branches match', () => {
    const m = createMatcher<number>();
    m.add(1, ir('{"$or": [{"a": ["x"]}, {"b": ["y"]}]}'));
    expect(m.match({ a: 'x', b: 'y' })).toEqual([1]);
  });

  it('keeps array elements apart (event-ruler array consistency)', () => {
    const m = createMatcher<string>();
    m.add('r', ir('{"hypotheses": {"isBluePrint": [false], "creator": ["A123"]}}'));
    expect(
      m.match({
        hypotheses: [
          { isBluePrint: true, creator: 'A123' },
          { isBluePrint: false, creator: 'A234' },
        ],
      }),
    ).toEqual([]);
    expect(m.match({ hypotheses: [{ isBluePrint: false, creator: 'A123' }] })).toEqual(['r']);
  });

  it('stays linear when a rule tests fields in several arrays of objects', () => {
    const m = createMatcher<string>();
    m.add('r', ir('{"a": {"x": [1]}, "b": {"y": [1]}, "c": {"z": [2]}}'));
    const many = (key: string, v: number) => Array.from({ length: 400 }, () => ({ [key]: v }));
    const event = { a: many('x', 1), b: many('y', 1), c: many('z', 1) };
    const started = performance.now();
    expect(m.match(event)).toEqual([]);
    expect(m.match({ ...event, c: [...event.c, { z: 2 }] })).toEqual(['r']);
    // Without merging equivalent choices this is 400³ walk frames.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads a path spelled with dots in event keys', () => {
    const m = createMatcher<string>();
    m.add('r', ir('{"object.nested.test": ["v"]}'));
    expect(m.match({ 'object.nested': { test: 'v' } })).toEqual(['r']);
    expect(m.match({ object: { 'nested.test': 'v' } })).toEqual(['r']);
    expect(m.match({ 'object.nested.test': 'v' })).toEqual(['r']);
  });

  it('matches text events with their number spellings', () => {
    const m = createMatcher<string>();
    m.add('r', ir('{"x": [27.807807921694092]}'));
    const exact = parseEventText('{"x": 27.807807921694092}');
    const shorter = parseEventText('{"x": 27.8078079216940}');
    if (!exact.ok || !shorter.ok) throw new Error('event rejected');
    expect(m.match(exact.value)).toEqual(['r']);
    expect(m.match(shorter.value)).toEqual([]);
  });
});

describe('testEventPattern', () => {
  it('validates, then matches', () => {
    expect(testEventPattern('{"source": ["a"]}', '{"source": "a"}')).toEqual({ ok: true, value: true });
    expect(testEventPattern('{"source": "a"}', '{}')).toMatchObject({
      ok: false,
      error: { code: 'InvalidEventPatternException' },
    });
    expect(testEventPattern('{"source": ["a"]}', 'plain string')).toEqual({
      ok: false,
      error: { code: 'ValidationException', message: 'Parameter Event is not valid.' },
    });
  });
});
