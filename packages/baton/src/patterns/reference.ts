/**
 * The reference matcher: one pattern against one event, evaluated as directly as the
 * semantics can be stated. It is the oracle the compiled matcher is tested against
 * (conformance cases and fast-check), never used to route events. It shares no code with
 * the compiled path except the leaf-level helpers that define the data (number keys, IP
 * parsing, case folding, wildcard syntax).
 *
 * The semantics (event-ruler's, which AWS runs):
 * - an event's leaves are its scalars, named by dot-joined path; array elements keep their
 *   parent's path, and a leaf remembers which element of each enclosing array holds it
 *   (only for elements that are objects or arrays);
 * - a branch matches when its fields, taken in path order, can each be given a leaf that
 *   passes one of the field's matchers, all chosen leaves agreeing on shared arrays;
 * - a field that allows absence (`exists: false`) may instead have no leaf that agrees with
 *   the leaves chosen for the fields before it.
 */
import type { Json } from '../kernel/index.js';
import { EventObject, RawNumber } from './event/flatten.js';
import { ParsedEvent } from './event/parse-event.js';
import { matchesIgnoringCase } from './ignore-case.js';
import { ipInRange, parseIp } from './ip.js';
import type { Branch, Matcher, PatternIR } from './ir.js';
import { numberKey } from './number.js';
import { matchesWildcard } from './wildcard.js';

type Scalar = { readonly kind: 'string' | 'number' | 'literal'; readonly text: string };
/** Pairs of (array, index) for the object/array elements enclosing a leaf. */
type Where = readonly (readonly [unknown, number])[];
type Found = { readonly value: Scalar; readonly where: Where };

export function referenceMatches(pattern: PatternIR, event: Json | ParsedEvent): boolean {
  const root: unknown = event instanceof ParsedEvent ? event.root : event;
  return pattern.branches.some((b) => branchMatches(b, root));
}

function branchMatches(branch: Branch, root: unknown): boolean {
  const fields = [...branch].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const search = (i: number, where: Where): boolean => {
    if (i === fields.length) return true;
    const field = fields[i]!;
    const found = leavesAt(root, field.path);
    const allowsAbsence = field.matchers.some((m) => m.kind === 'exists' && !m.value);
    if (allowsAbsence && !found.some((f) => agree(where, f.where)) && search(i + 1, where)) return true;
    for (const f of found) {
      if (!agree(where, f.where)) continue;
      if (field.matchers.some((m) => passes(m, f.value)) && search(i + 1, [...where, ...f.where])) return true;
    }
    return false;
  };
  return search(0, []);
}

function agree(a: Where, b: Where): boolean {
  return a.every(([arr, i]) => b.every(([arr2, j]) => arr !== arr2 || i === j));
}

/** Every scalar whose dot-joined path is `path`, found by walking the whole event. */
function leavesAt(root: unknown, path: string): Found[] {
  const out: Found[] = [];
  const visit = (v: unknown, p: string, where: Where): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        const nested = isObject(item) || Array.isArray(item);
        visit(item, p, nested ? [...where, [v, i]] : where);
      });
    } else if (isObject(v)) {
      for (const [k, child] of entries(v)) visit(child, p === '' ? k : `${p}.${k}`, where);
    } else if (p === path) {
      const s = scalar(v);
      if (s !== undefined) out.push({ value: s, where });
    }
  };
  if (isObject(root)) visit(root, '', []);
  return out;
}

function isObject(v: unknown): boolean {
  return (
    v instanceof EventObject || (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawNumber))
  );
}

function entries(v: unknown): readonly (readonly [string, unknown])[] {
  return v instanceof EventObject ? v.entries : Object.entries(v as Record<string, unknown>);
}

function scalar(v: unknown): Scalar | undefined {
  if (typeof v === 'string') return { kind: 'string', text: v };
  if (typeof v === 'number') return { kind: 'number', text: Number.isFinite(v) ? String(v) : 'null' };
  if (v instanceof RawNumber) return { kind: 'number', text: v.text };
  if (v === null || typeof v === 'boolean') return { kind: 'literal', text: String(v) };
  return undefined;
}

function passes(m: Matcher, v: Scalar): boolean {
  const str = v.kind === 'string' ? v.text : undefined;
  const num = v.kind === 'number' ? numberKey(v.text) : undefined;
  switch (m.kind) {
    case 'exact':
      return str === m.value;
    case 'literal':
      return v.kind === 'literal' && v.text === m.value;
    case 'number':
      return v.kind === 'number' && (v.text === m.text || (num !== undefined && num === m.key));
    case 'ip':
      return str !== undefined && parseIp(str) === m.range.low;
    case 'prefix':
      return (
        str !== undefined && (m.ignoreCase ? matchesIgnoringCase(str, m.value, 'prefix') : str.startsWith(m.value))
      );
    case 'suffix':
      return str !== undefined && (m.ignoreCase ? matchesIgnoringCase(str, m.value, 'suffix') : str.endsWith(m.value));
    case 'equals-ignore-case':
      return str !== undefined && matchesIgnoringCase(str, m.value, 'equals');
    case 'wildcard':
      return str !== undefined && matchesWildcard(m.pattern, str);
    case 'numeric':
      if (num === undefined) return false;
      if (m.lower !== undefined && !(m.lower.inclusive ? num >= m.lower.key : num > m.lower.key)) return false;
      return m.upper === undefined || (m.upper.inclusive ? num <= m.upper.key : num < m.upper.key);
    case 'cidr': {
      const ip = str === undefined ? undefined : parseIp(str);
      return ip !== undefined && ipInRange(ip, m.range);
    }
    case 'exists':
      return m.value;
    case 'anything-but':
      if (str !== undefined) return !m.strings.includes(str);
      return num === undefined || !m.numbers.includes(num);
    case 'anything-but-ignore-case':
      return str === undefined || !m.values.some((x) => matchesIgnoringCase(str, x, 'equals'));
    case 'anything-but-prefix':
      return str === undefined || !m.values.some((x) => str.startsWith(x));
    case 'anything-but-suffix':
      return str === undefined || !m.values.some((x) => str.endsWith(x));
    case 'anything-but-wildcard':
      return str === undefined || !m.patterns.some((w) => matchesWildcard(w, str));
  }
}
