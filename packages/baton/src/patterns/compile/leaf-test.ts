/**
 * Whether one matcher passes one event leaf: the compiled side's rule for the matchers a
 * value index scans or confirms. (The reference matcher states the same rules on its own,
 * so the two can be checked against each other.)
 */
import type { Leaf } from '../event/flatten.js';
import { matchesIgnoringCase } from '../ignore-case.js';
import { ipInRange } from '../ip.js';
import type { Matcher } from '../ir.js';
import { matchesWildcard } from '../wildcard.js';

const stringSets = new WeakMap<object, ReadonlySet<string>>();

/** Up to this many values a list is searched in place: cheaper than a set, which is another object to visit. */
const SHORT_LIST = 8;

/** Whether `values` holds `value`; long lists get a set, made once per list. */
function holds(values: readonly string[], value: string): boolean {
  if (values.length <= SHORT_LIST) return values.includes(value);
  let s = stringSets.get(values);
  if (s === undefined) stringSets.set(values, (s = new Set(values)));
  return s.has(value);
}

export function passes(m: Matcher, leaf: Leaf): boolean {
  const isString = leaf.type === 'string';
  const text = leaf.text;
  switch (m.kind) {
    case 'exact':
      return isString && text === m.value;
    case 'literal':
      return leaf.type === 'literal' && text === m.value;
    case 'number':
      return leaf.type === 'number' && (text === m.text || (m.key !== undefined && leaf.key === m.key));
    case 'ip':
      return isString && leaf.ip === m.range.low;
    case 'prefix':
      return isString && (m.ignoreCase ? matchesIgnoringCase(text, m.value, 'prefix') : text.startsWith(m.value));
    case 'suffix':
      return isString && (m.ignoreCase ? matchesIgnoringCase(text, m.value, 'suffix') : text.endsWith(m.value));
    case 'equals-ignore-case':
      return isString && matchesIgnoringCase(text, m.value, 'equals');
    case 'wildcard':
      return isString && matchesWildcard(m.pattern, text);
    case 'numeric': {
      const key = leaf.key;
      if (key === undefined) return false;
      if (m.lower !== undefined && (key < m.lower.key || (key === m.lower.key && !m.lower.inclusive))) return false;
      return m.upper === undefined || key < m.upper.key || (key === m.upper.key && m.upper.inclusive);
    }
    case 'cidr': {
      const ip = leaf.ip;
      return ip !== undefined && ipInRange(ip, m.range);
    }
    case 'exists':
      return m.value;
    case 'anything-but':
      if (isString) return !holds(m.strings, text);
      if (leaf.type === 'number' && m.numbers.length > 0) {
        const key = leaf.key;
        return key === undefined || !holds(m.numbers, key);
      }
      return true;
    case 'anything-but-ignore-case':
      return !isString || !m.values.some((v) => matchesIgnoringCase(text, v, 'equals'));
    case 'anything-but-prefix':
      return !isString || !m.values.some((v) => text.startsWith(v));
    case 'anything-but-suffix':
      return !isString || !m.values.some((v) => text.endsWith(v));
    case 'anything-but-wildcard':
      return !isString || !m.patterns.some((w) => matchesWildcard(w, text));
  }
}
