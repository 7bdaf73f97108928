/**
 * Evaluates parsed steps against a JSON value (developer guide, "Paths"; Jayway JsonPath's
 * evaluation rules). A definite path yields one node or nothing; an indefinite one collects every
 * match in document order and never fails: a missing member simply contributes nothing.
 *
 * Index past either end: Step Functions reads JSON through Jackson's tree model, where a missing
 * array element comes back as null rather than as an absent result, so `$.items[5]` on a
 * two-element array is null there (recorded against AWS). Intrinsic arguments treat the same
 * read as a miss, hence the `IndexMode`.
 */
import type { Json, JsonObject } from '../../../kernel/index.js';
import { testFilter } from './filter.js';
import { applyPathFunction } from './functions.js';
import { isLastSelection, type Step } from './model.js';

export type IndexMode = 'null' | 'miss';

export interface ReadContext {
  /** The document the path started from: what `$` means inside a filter. */
  readonly root: Json;
  readonly indexMode: IndexMode;
}

/** One object member, or undefined; never a property inherited from Object.prototype. */
function member(node: Json, step: Step & { kind: 'name' }): Json | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if (Array.isArray(node)) return step.arrayLength ? node.length : undefined;
  if (step.inherited && !Object.hasOwn(node, step.name)) return undefined;
  return node[step.name];
}

/** One array element by index (negative from the end), or null/undefined past either end. */
export function element(node: Json, index: number, mode: IndexMode): Json | undefined {
  if (!Array.isArray(node)) return undefined;
  const found = node[index < 0 ? node.length + index : index];
  return found !== undefined ? found : mode === 'null' ? null : undefined;
}

/** The fast path: only `.name` and `[n]` steps, no allocation. */
export function readSimple(node: Json, steps: readonly Step[], mode: IndexMode): Json | undefined {
  let v: Json | undefined = node;
  for (let i = 0; i < steps.length && v !== undefined; i++) {
    const s = steps[i]!;
    v = s.kind === 'name' ? member(v, s) : s.kind === 'index' ? element(v, s.index, mode) : undefined;
  }
  return v;
}

/**
 * Reads steps from `node`: the single result when `definite`, the array of matches otherwise.
 * A trailing function step applies to that result.
 */
export function readSteps(node: Json, steps: readonly Step[], definite: boolean, ctx: ReadContext): Json | undefined {
  const last = steps[steps.length - 1];
  const selection = last?.kind === 'function' ? steps.slice(0, -1) : steps;
  const out: Json[] = [];
  collect(node, selection, 0, out, ctx);
  const selected = definite ? out[0] : out;
  if (last?.kind !== 'function') return selected;
  return selected === undefined ? undefined : applyPathFunction(last.name, selected);
}

function collect(node: Json, steps: readonly Step[], i: number, out: Json[], ctx: ReadContext): void {
  if (i === steps.length) {
    out.push(node);
    return;
  }
  const s = steps[i]!;
  switch (s.kind) {
    case 'name': {
      const v = member(node, s);
      if (v !== undefined) collect(v, steps, i + 1, out, ctx);
      return;
    }
    case 'index': {
      const v = element(node, s.index, ctx.indexMode);
      if (v !== undefined) collect(v, steps, i + 1, out, ctx);
      return;
    }
    case 'names':
      collectNames(node, s.names, steps, i, out, ctx);
      return;
    case 'indexes':
      for (const index of s.indexes) {
        const v = element(node, index, ctx.indexMode);
        if (v !== undefined) collect(v, steps, i + 1, out, ctx);
      }
      return;
    case 'wildcard':
      for (const v of children(node)) collect(v, steps, i + 1, out, ctx);
      return;
    case 'slice':
      if (Array.isArray(node)) for (const k of sliceIndexes(node.length, s)) collect(node[k]!, steps, i + 1, out, ctx);
      return;
    case 'descend':
      descend(node, (v) => collect(v, steps, i + 1, out, ctx));
      return;
    case 'filter':
      // Jayway tests each element of an array, but an object as a whole.
      if (Array.isArray(node)) {
        for (const v of node) if (testFilter(s.test, v, ctx)) collect(v, steps, i + 1, out, ctx);
      } else if (typeof node === 'object' && node !== null && testFilter(s.test, node, ctx)) {
        collect(node, steps, i + 1, out, ctx);
      }
      return;
    case 'function':
      return; // only reachable mid-path inside filters, where the parser already stopped
  }
}

function collectNames(
  node: Json,
  names: readonly string[],
  steps: readonly Step[],
  i: number,
  out: Json[],
  ctx: ReadContext,
): void {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
  if (isLastSelection(steps, i)) {
    // Jayway merges the present members of a final ['a','b'] into one object.
    const merged: JsonObject = {};
    for (const name of names) {
      if (Object.hasOwn(node, name)) {
        Object.defineProperty(merged, name, {
          value: node[name],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
    }
    collect(merged, steps, i + 1, out, ctx);
    return;
  }
  for (const name of names) if (Object.hasOwn(node, name)) collect(node[name]!, steps, i + 1, out, ctx);
}

function children(node: Json): readonly Json[] {
  if (Array.isArray(node)) return node;
  if (typeof node === 'object' && node !== null) return Object.values(node);
  return [];
}

/** The node, then every descendant depth-first in document order (Jayway's scan order). */
function descend(node: Json, visit: (v: Json) => void): void {
  visit(node);
  for (const v of children(node)) if (typeof v === 'object' && v !== null) descend(v, visit);
}

/** Python slice semantics: bounds clamp, negatives count from the end, a negative step walks back. */
function sliceIndexes(length: number, s: { start?: number; end?: number; step: number }): number[] {
  const out: number[] = [];
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + length : v, lo), hi);
  if (s.step > 0) {
    const end = s.end === undefined ? length : clamp(s.end, 0, length);
    for (let k = s.start === undefined ? 0 : clamp(s.start, 0, length); k < end; k += s.step) out.push(k);
    return out;
  }
  const end = s.end === undefined ? -1 : clamp(s.end, -1, length - 1);
  let k = s.start === undefined ? length - 1 : clamp(s.start, -1, length - 1);
  while (k > end) {
    out.push(k);
    k += s.step; // s.step < 0: walking backwards
  }
  return out;
}
