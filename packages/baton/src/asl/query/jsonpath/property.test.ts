/**
 * Property tests (DESIGN.md, "Differential and property tests"): the parsers answer every string
 * without throwing, and for generated paths of names, indexes, wildcards and slices the compiled
 * reader agrees with a naive reference reader written here from the rules alone; writing a
 * ResultPath then reading it back returns the value and leaves the target untouched.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type Json, seedRandom } from '../../../kernel/index.js';
import type { EvalEnv } from '../env.js';
import { parseJsonPath, parseReferencePath, writeResultPath } from './index.js';

const env: EvalEnv = { context: {}, variable: () => undefined, random: seedRandom(1, 1, 1, 1) };

type RefStep = { name: string } | { index: number } | { wildcard: true } | { slice: [number?, number?] };

/** The reference: one loop over the steps, with the rules stated plainly. */
function naiveRead(doc: Json, steps: readonly RefStep[]): Json | undefined {
  let nodes: Json[] = [doc];
  const definite = steps.every((s) => 'name' in s || 'index' in s);
  for (const s of steps) {
    const next: Json[] = [];
    for (const n of nodes) {
      if ('name' in s) {
        if (isJsonObject(n) && Object.hasOwn(n, s.name)) next.push(n[s.name]!);
      } else if ('index' in s) {
        // An index past either end reads as null (Jackson's tree model on AWS).
        if (Array.isArray(n)) next.push(n.at(s.index) ?? null);
      } else if ('wildcard' in s) {
        if (Array.isArray(n)) next.push(...n);
        else if (isJsonObject(n)) next.push(...Object.values(n));
      } else if (Array.isArray(n)) {
        next.push(...n.slice(s.slice[0], s.slice[1]));
      }
    }
    nodes = next;
  }
  return definite ? nodes[0] : nodes;
}

const KEYS = ['a', 'b', 'c d', 'length', 'x-y'];
const key = fc.constantFrom(...KEYS);
const json: fc.Arbitrary<Json> = fc.letrec<{ node: Json }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.boolean(), fc.constant(null)),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  ),
})).node;

const step: fc.Arbitrary<RefStep> = fc.oneof(
  key.map((name) => ({ name })),
  fc.integer({ min: -4, max: 4 }).map((index) => ({ index })),
  fc.constant({ wildcard: true as const }),
  fc
    .tuple(
      fc.option(fc.integer({ min: -4, max: 4 }), { nil: undefined }),
      fc.option(fc.integer({ min: -4, max: 4 }), { nil: undefined }),
    )
    .map(([a, b]) => ({ slice: [a, b] as [number?, number?] })),
);

function render(steps: readonly RefStep[], dotted: boolean): string {
  return `$${steps
    .map((s) => {
      if ('name' in s) return dotted && /^[a-z]+$/.test(s.name) ? `.${s.name}` : `['${s.name}']`;
      if ('index' in s) return `[${s.index}]`;
      if ('wildcard' in s) return dotted ? '.*' : '[*]';
      return `[${s.slice[0] ?? ''}:${s.slice[1] ?? ''}]`;
    })
    .join('')}`;
}

describe('parsers', () => {
  it('never throw on arbitrary text', () => {
    const pieces = fc.constantFrom(
      '$',
      '$$',
      '.',
      '..',
      '[',
      ']',
      '*',
      "'",
      '"',
      '\\',
      '?',
      '(',
      ')',
      '@',
      '==',
      '<',
      '=~',
      '/',
      ':',
      ',',
      '-1',
      '0',
      'a',
      ' ',
      '&&',
      '||',
      '!',
      'length()',
      'in',
      '[?(',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 20 }).map((p) => p.join('')),
        ),
        (text) => {
          const full = parseJsonPath(text);
          const reference = parseReferencePath(text);
          expect(typeof full.ok).toBe('boolean');
          expect(typeof reference.ok).toBe('boolean');
          if (full.ok) {
            expect(() => full.value.read({ a: [1, { b: 2 }], c: 'x' }, env)).not.toThrow();
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('the reader agrees with the reference reader', () => {
  it('on generated documents and paths, in dot and bracket notation', () => {
    fc.assert(
      fc.property(json, fc.array(step, { maxLength: 4 }), fc.boolean(), (doc, steps, dotted) => {
        const parsed = parseJsonPath(render(steps, dotted));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(parsed.value.read(doc, env)).toEqual(naiveRead(doc, steps));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('writeResultPath', () => {
  it('reads back what it wrote and never mutates the target', () => {
    const refStep = fc.oneof(
      key.map((name) => ({ name })),
      fc.integer({ min: -2, max: 2 }).map((index) => ({ index })),
    );
    fc.assert(
      fc.property(json, fc.array(refStep, { maxLength: 4 }), json, (doc, steps, value) => {
        const path = parseReferencePath(render(steps, false));
        if (!path.ok) throw new Error(path.error);
        const before = JSON.stringify(doc);
        const out = writeResultPath(doc, path.value, value);
        expect(JSON.stringify(doc)).toBe(before);
        if (out !== undefined) expect(path.value.read(out, env)).toEqual(value);
      }),
      { numRuns: 2000 },
    );
  });
});
