/**
 * ResultPath (ASL specification, "ResultPath"; developer guide, "Specifying state output using
 * ResultPath"): `$` replaces the whole input; `$.a.b` sets that member, adding missing objects on
 * the way; an existing `[n]` element may be replaced. Copy-on-write: the target and every subtree
 * it shares with the result stay untouched, because the input may still be referenced (history,
 * a Catch that rewinds to it, Map items).
 */
import { isJsonObject, type Json, type JsonObject } from '../../../kernel/index.js';
import { asCompiled, type JsonPath } from './compiled.js';
import type { Step } from './model.js';

/**
 * Returns the target with `value` placed at `path`, or undefined when the path cannot be applied
 * (a step meets a non-object, a missing array element, or the path is not an input reference
 * path): the caller raises States.ResultPathMatchFailure.
 */
export function writeResultPath(target: Json, path: JsonPath, value: Json): Json | undefined {
  const compiled = asCompiled(path);
  if (compiled.root !== 'input' || !compiled.simple) return undefined;
  return setAt(target, compiled.steps, 0, value);
}

function setAt(node: Json | undefined, steps: readonly Step[], i: number, value: Json): Json | undefined {
  if (i === steps.length) return value;
  const s = steps[i]!;
  if (s.kind === 'name') {
    // A missing intermediate member becomes an empty object, as the developer guide's example adds `strings.lambdaresult`.
    const obj = node === undefined ? {} : node;
    if (!isJsonObject(obj)) return undefined;
    const child = Object.hasOwn(obj, s.name) ? obj[s.name] : undefined;
    const next = setAt(child, steps, i + 1, value);
    return next === undefined ? undefined : withMember(obj, s.name, next);
  }
  if (s.kind === 'index' && Array.isArray(node)) {
    const k = s.index < 0 ? node.length + s.index : s.index;
    if (k < 0 || k >= node.length) return undefined;
    const next = setAt(node[k], steps, i + 1, value);
    if (next === undefined) return undefined;
    const copy = node.slice();
    copy[k] = next;
    return copy;
  }
  return undefined;
}

/**
 * A shallow copy with one member set. Object.assign is by far the fastest copy in V8, but it
 * assigns, and assigning "__proto__" changes the prototype instead of adding a member; that one
 * key (possible in parsed JSON) takes the defining path.
 */
function withMember(obj: JsonObject, name: string, value: Json): JsonObject {
  if (name === '__proto__' || Object.hasOwn(obj, '__proto__')) return { ...obj, [name]: value };
  const copy = Object.assign({}, obj);
  copy[name] = value;
  return copy;
}
