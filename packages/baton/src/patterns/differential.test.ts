/**
 * Differential and property tests (event-ruler's approach): on random patterns and events
 * the compiled matcher must agree with the reference matcher, rule by rule, through adds
 * and removes; and the parsers must answer every input with a value, never a throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../kernel/index.js';
import {
  createMatcher,
  type PatternIR,
  parseEventPattern,
  parseEventText,
  parseFilterPolicy,
  referenceMatches,
} from './index.js';

const KEYS = ['a', 'b', 'c', 'a.b'];
const STRINGS = [
  'x',
  'xy',
  'X',
  'Xy',
  '',
  'ab*c',
  'ß',
  'SS',
  'ss',
  '10.0.0.1',
  '10.0.1.7',
  '::1',
  '0:0:0:0:0:0:0:1',
  'İ',
];
const NUMBERS = [0, 1, 1.5, 300, -5, -0.5, 5000000000, 5000000001, 0.0000001, 1e21, 123456789012];

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...STRINGS),
  fc.constantFrom(...NUMBERS),
  fc.constantFrom(true, false, null),
);

const event: fc.Arbitrary<Json> = fc.letrec<{ value: Json; object: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    tie('object'),
    fc.array(fc.oneof(scalar, tie('object')), { maxLength: 3 }),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
})).object;

const operand = fc.constantFrom('x', 'X', 'xy', 'a', '', 'S', 'ß', '*');
const numberOperand = fc.constantFrom(0, 1, 1.5, 300, -5, 5000000000);

const matchExpression: fc.Arbitrary<Json> = fc.oneof(
  operand.map((v) => ({ prefix: v })),
  operand.map((v) => ({ suffix: v })),
  operand.map((v) => ({ 'equals-ignore-case': v })),
  operand.map((v) => ({ prefix: { 'equals-ignore-case': v } })),
  operand.map((v) => ({ suffix: { 'equals-ignore-case': v } })),
  fc.constantFrom('x*', '*y', '*', 'a*c', 'ab\\*c').map((v) => ({ wildcard: v })),
  fc.constantFrom('10.0.0.0/24', '10.0.0.0/8', '::/127').map((v) => ({ cidr: v })),
  fc.boolean().map((v) => ({ exists: v })),
  fc
    .oneof(operand, numberOperand, fc.array(operand, { minLength: 1, maxLength: 2 }))
    .map((v) => ({ 'anything-but': v })),
  fc.array(numberOperand, { minLength: 1, maxLength: 2 }).map((v) => ({ 'anything-but': v })),
  fc
    .constantFrom('prefix', 'suffix', 'equals-ignore-case', 'wildcard')
    .chain((op) =>
      fc
        .array(fc.constantFrom('x', 'X', 'a', 'y*'), { minLength: 1, maxLength: 2 })
        .map((v) => ({ 'anything-but': { [op]: v } })),
    ),
  fc
    .oneof(
      numberOperand.map((n) => ['=', n]),
      numberOperand.map((n) => ['<', n]),
      numberOperand.map((n) => ['>=', n]),
      fc.tuple(numberOperand, fc.integer({ min: 1, max: 400 })).map(([n, w]) => ['>', n, '<=', n + w]),
    )
    .map((ops) => ({ numeric: ops })),
);

const valueList = fc.array(fc.oneof(scalar, matchExpression), { minLength: 1, maxLength: 3 });

const innerObject: fc.Arbitrary<Json> = fc.letrec<{ object: Json; field: Json }>((tie) => ({
  field: fc.oneof({ depthSize: 'small' }, valueList, tie('object')),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('field'), { minKeys: 1, maxKeys: 3 }),
})).object;

/** `$or` only at the top, where it forks every branch; nested ones would multiply the branches. */
const patternObject: fc.Arbitrary<Json> = fc
  .tuple(
    innerObject,
    fc.option(
      fc.array(fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(valueList, innerObject), { minKeys: 1, maxKeys: 2 }), {
        minLength: 2,
        maxLength: 3,
      }),
    ),
  )
  .map(([o, or]) => (or === null ? o : { ...(o as object), $or: or }));

/** The scalars of an event with their key paths (array elements keep their parent's path). */
function leavesOf(v: Json, path: string[] = [], out: [string[], Json][] = []): [string[], Json][] {
  if (Array.isArray(v)) for (const x of v) leavesOf(x, path, out);
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) leavesOf(x, [...path, k], out);
  else if (path.length > 0) out.push([path, v]);
  return out;
}

/** Match expressions a leaf value is likely to pass (or, for a few, to fail narrowly). */
function testsFor(v: Json): fc.Arbitrary<Json> {
  const options: fc.Arbitrary<Json>[] = [fc.constant(v), fc.constant({ exists: true }), fc.constant({ exists: false })];
  if (typeof v === 'string') {
    options.push(
      fc.constant({ prefix: v.slice(0, 1) }),
      fc.constant({ suffix: v.slice(-1) }),
      fc.constant({ 'equals-ignore-case': v.toUpperCase() }),
      fc.constant({ prefix: { 'equals-ignore-case': v.slice(0, 2).toLowerCase() } }),
      fc.constant({ wildcard: `${v.slice(0, 1)}*` }),
      fc.constant({ 'anything-but': v }),
      fc.constant({ 'anything-but': { prefix: v.slice(0, 1) || 'q' } }),
      fc.constant({ cidr: '10.0.0.0/24' }),
    );
  }
  if (typeof v === 'number' && Math.abs(v) <= 5e9) {
    options.push(
      fc.constant({ numeric: ['>=', v] }),
      fc.constant({ numeric: ['>', v - 1, '<=', v] }),
      fc.constant({ 'anything-but': [v] }),
    );
  }
  return fc.oneof(...options);
}

function nest(path: string[], list: Json[]): Json {
  return path.reduceRight<Json>((inner, key) => ({ [key]: inner }), list);
}

/** A pattern built from an event's own leaves, so that matches are common. */
const eventWithPattern: fc.Arbitrary<[Json, Json]> = event
  .filter((ev) => leavesOf(ev).length > 0)
  .chain((ev) =>
    fc
      .array(
        fc
          .constantFrom(...leavesOf(ev))
          .chain(([path, v]) =>
            fc
              .array(fc.oneof(testsFor(v), matchExpression), { minLength: 1, maxLength: 2 })
              .map((list) => nest(path, list)),
          ),
        { minLength: 1, maxLength: 3 },
      )
      .map((parts) => [ev, deepMerge(parts)]),
  );

function deepMerge(parts: Json[]): Json {
  const out: Record<string, Json> = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p as Record<string, Json>)) {
      const prev = out[k];
      const bothObjects = isPlainObject(prev) && isPlainObject(v);
      out[k] = bothObjects ? deepMerge([prev, v]) : v;
    }
  }
  return out;
}

function isPlainObject(v: Json | undefined): v is Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function valid(p: Json): PatternIR | undefined {
  const r = parseEventPattern(p);
  return r.ok ? r.value : undefined;
}

/** Valid patterns only: the generator can produce invalid ones (e.g. `numeric` with `=` out of range). */
const pattern: fc.Arbitrary<PatternIR> = patternObject
  .map(valid)
  .filter((ir) => ir !== undefined) as fc.Arbitrary<PatternIR>;

/** A pattern and an event, half of the time built from each other. */
const pair: fc.Arbitrary<[PatternIR, Json]> = fc.oneof(
  fc.tuple(pattern, event),
  eventWithPattern
    .map(([ev, p]): [PatternIR | undefined, Json] => [valid(p), ev])
    .filter((x): x is [PatternIR, Json] => x[0] !== undefined),
);

describe('compiled matcher ≡ reference matcher', () => {
  it('agrees on one pattern and one event', () => {
    fc.assert(
      fc.property(pair, ([ir, ev]) => {
        const m = createMatcher<string>();
        m.add('r', ir);
        expect(m.match(ev).length > 0).toBe(referenceMatches(ir, ev));
      }),
      { numRuns: 4000 },
    );
  });

  it('agrees rule by rule on many patterns, through adds and removes', () => {
    fc.assert(
      fc.property(
        fc.array(pair, { minLength: 1, maxLength: 12 }).map((ps) => ps.map(([ir]) => ir)),
        fc.array(event, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (irs, events, removals) => {
          const m = createMatcher<number>();
          for (const [i, ir] of irs.entries()) m.add(i, ir);
          const live = new Set(irs.keys());
          for (const r of removals) {
            const id = r % irs.length;
            expect(m.remove(id)).toBe(live.delete(id));
          }
          for (const ev of events) {
            const want = [...live].filter((i) => referenceMatches(irs[i]!, ev)).sort((a, b) => a - b);
            expect(m.match(ev).sort((a, b) => a - b)).toEqual(want);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads an event the same from text as from its value', () => {
    fc.assert(
      fc.property(pair, ([ir, ev]) => {
        const parsed = parseEventText(JSON.stringify(ev));
        if (!parsed.ok) return;
        const m = createMatcher<string>();
        m.add('r', ir);
        expect(m.match(parsed.value).length > 0).toBe(m.match(ev).length > 0);
      }),
      { numRuns: 1000 },
    );
  });
});

it('generates cases that match as well as cases that do not', () => {
  let matched = 0;
  fc.assert(
    fc.property(pair, ([ir, ev]) => {
      if (referenceMatches(ir, ev)) matched++;
    }),
    { numRuns: 2000, seed: 7 },
  );
  expect(matched).toBeGreaterThan(400);
});

describe('validation never throws', () => {
  it('answers any JSON value with a result', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(typeof parseEventPattern(v as Json).ok).toBe('boolean');
        expect(typeof parseFilterPolicy(v as Json, { scope: 'MessageBody' }).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('answers any text with a result', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          patternObject.map((p) => JSON.stringify(p).slice(0, -1)),
        ),
        (text) => {
          expect(typeof parseEventPattern(text).ok).toBe('boolean');
          expect(typeof parseFilterPolicy(text).ok).toBe('boolean');
          expect(typeof parseEventText(text).ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts what it generated as valid pattern objects, from text and from value alike', () => {
    fc.assert(
      fc.property(patternObject, (p) => {
        const fromValue = parseEventPattern(p);
        const fromText = parseEventPattern(JSON.stringify(p));
        expect(fromText.ok).toBe(fromValue.ok);
        if (!fromText.ok && !fromValue.ok) expect(fromText.error).toEqual(fromValue.error);
      }),
      { numRuns: 1000 },
    );
  });
});
