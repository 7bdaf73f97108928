/**
 * What a path says about sizes without reading anything, for the payload quota's upper bounds:
 * a path of `.name` and `[n]` steps from `$` finds a node of the input (whose JSON is a part of
 * the input's JSON text) or, for an index past the end, null; paths that do not lead into one
 * another find disjoint parts; writing at a path adds a known number of bytes around the value.
 */
import { utf8Length } from '../../../kernel/index.js';
import { asCompiled, type JsonPath } from './compiled.js';
import type { Step } from './model.js';

/** True when `path` reads a node of the value at hand (`$` root, only `.name` and `[n]` steps). */
export function selectsNode(path: JsonPath): boolean {
  const compiled = asCompiled(path);
  return (
    compiled.root === 'input' &&
    compiled.steps.every((s) => s.kind === 'index' || (s.kind === 'name' && !s.arrayLength))
  );
}

/**
 * True when two node-selecting paths find disjoint parts of the same value: they part ways at a
 * step naming two different members, or two different elements counted from the same end.
 */
export function disjointPaths(a: JsonPath, b: JsonPath): boolean {
  const x = asCompiled(a).steps;
  const y = asCompiled(b).steps;
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (sameStep(x[i]!, y[i]!)) continue;
    return differentNodes(x[i]!, y[i]!);
  }
  // One path leads into (or is) the other.
  return false;
}

function sameStep(s: Step, t: Step): boolean {
  if (s.kind === 'name' && t.kind === 'name') return s.name === t.name;
  return s.kind === 'index' && t.kind === 'index' && s.index === t.index;
}

function differentNodes(s: Step, t: Step): boolean {
  if (s.kind === 'name' && t.kind === 'name') return true;
  // [1] and [-1] may be the same element; [0] and [1], or [-1] and [-2], never are.
  return s.kind === 'index' && t.kind === 'index' && s.index < 0 === t.index < 0;
}

/**
 * At most how many bytes writing a value at a node-selecting `path` (ResultPath) adds to the
 * target besides the value: each member step may add its quoted key, a colon and a comma, and
 * the object around it when that is missing; an element step only replaces.
 */
export function writeGrowthBytes(path: JsonPath): number {
  let bytes = 0;
  for (const s of asCompiled(path).steps) if (s.kind === 'name') bytes += utf8Length(JSON.stringify(s.name)) + 4;
  return bytes;
}
