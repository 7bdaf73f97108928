/**
 * Upper bounds of payload sizes for the 256 KiB quota (see payload-size.ts), worked out once
 * from the shape of a state's JSONPath processing, so that a transition can prove its output
 * within the quota without measuring it. Each bound maps a bound of the value at hand (in UTF-8
 * bytes of its JSON text) to a bound of what is made from it, or to Infinity when it cannot
 * say: paths into the context object or variables, intrinsic functions and paths selecting
 * several nodes may make more than they read, and their values are measured instead.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import { isIntrinsicCall } from '../intrinsics/index.js';
import { jsonByteLength } from '../payload-size.js';
import { disjointPaths, type JsonPath, parseJsonPath, selectsNode, writeGrowthBytes } from '../query/jsonpath/index.js';

export type SizeBound = (bytes: number) => number;

export const UNBOUNDED: SizeBound = () => Number.POSITIVE_INFINITY;

/** A node of the value, or null (4 bytes) for an index past the end. */
const node: SizeBound = (bytes) => Math.max(bytes, 4);

/** InputPath, OutputPath, ItemsPath: undefined → the value; null → `{}`; a path → one node of it. */
export function pathFieldBound(value: Json | undefined): SizeBound | undefined {
  if (value === undefined) return undefined;
  if (value === null) return () => 2;
  return pathOf(value) ? node : UNBOUNDED;
}

/**
 * A payload template (Parameters, ResultSelector, ItemSelector): its constant text, plus what
 * its paths find in the value at hand. Each path finds a part of the value's text (or a null);
 * the parts of paths that do not lead into one another add up to at most the whole.
 */
export function templateBound(template: Json): SizeBound {
  const shape: TemplateShape = { constantBytes: 0, paths: [], bounded: true };
  addTemplate(template, shape);
  if (!shape.bounded) return UNBOUNDED;
  const { constantBytes, paths } = shape;
  if (paths.length === 0) return () => constantBytes;
  const nulls = 4 * paths.length;
  const disjoint = paths.every((p, i) => paths.slice(i + 1).every((q) => disjointPaths(p, q)));
  return disjoint ? (bytes) => constantBytes + bytes + nulls : (bytes) => constantBytes + paths.length * bytes + nulls;
}

/**
 * ResultPath: undefined → the result; null → the raw input; a path → the raw input with the
 * result written in, which adds the result and at most the members created on the way.
 */
export function resultPathBound(value: Json | undefined): (rawBytes: number, resultBytes: number) => number {
  if (value === undefined) return (_raw, result) => result;
  if (value === null) return (raw) => raw;
  const parsed = typeof value === 'string' ? parseJsonPath(value) : undefined;
  if (!parsed?.ok || !selectsNode(parsed.value)) return () => Number.POSITIVE_INFINITY;
  const growth = writeGrowthBytes(parsed.value);
  return (raw, result) => raw + result + growth;
}

interface TemplateShape {
  /** Bytes of everything but the values the paths find: braces, keys, commas, constants. */
  constantBytes: number;
  paths: JsonPath[];
  bounded: boolean;
}

function addTemplate(template: Json, shape: TemplateShape): void {
  if (Array.isArray(template)) {
    shape.constantBytes += 1 + Math.max(template.length, 1);
    for (const item of template) addTemplate(item, shape);
    return;
  }
  if (template === null || typeof template !== 'object') {
    shape.constantBytes += jsonByteLength(template);
    return;
  }
  const keys = Object.keys(template);
  shape.constantBytes += 1 + Math.max(keys.length, 1);
  for (const key of keys) {
    const dynamic = key.endsWith('.$') && key.length > 2;
    shape.constantBytes += jsonByteLength(dynamic ? key.slice(0, -2) : key) + 1;
    if (!dynamic) addTemplate((template as JsonObject)[key]!, shape);
    else {
      const path = pathOf((template as JsonObject)[key]!);
      if (path) shape.paths.push(path);
      else shape.bounded = false;
    }
  }
}

/** The path a value names, when it is one that selects a node of the value at hand. */
function pathOf(value: Json): JsonPath | undefined {
  if (typeof value !== 'string' || isIntrinsicCall(value)) return undefined;
  const parsed = parseJsonPath(value);
  return parsed.ok && selectsNode(parsed.value) ? parsed.value : undefined;
}
