/**
 * Whether one matcher passes one event leaf: the compiled side's rule for the matchers a
 * value index scans or confirms. (The reference matcher states the same rules on its own,
 * so the two can be checked against each other.)
 */
import type { Leaf } from '../event/flatten.js';
import { matchesIgnoringCase } from '../ignore-case.js';
import { ipInRange } from '../ip.js';
import type { Matcher } from '../ir.js';
import type { NumberKey } from '../number.js';
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

/**
 * A numeric range with its bounds inline: `passes` for a `numeric` matcher, reading one
 * object instead of the matcher and its two bounds.
 */
export class KeyRange {
  private readonly low: NumberKey | undefined;
  private readonly lowInclusive: boolean;
  private readonly high: NumberKey | undefined;
  private readonly highInclusive: boolean;

  constructor(m: Extract<Matcher, { kind: 'numeric' }>) {
    this.low = m.lower?.key;
    this.lowInclusive = m.lower?.inclusive ?? false;
    this.high = m.upper?.key;
    this.highInclusive = m.upper?.inclusive ?? false;
  }

  holds(key: NumberKey | undefined): boolean {
    return inRange(key, this.low, this.lowInclusive, this.high, this.highInclusive);
  }
}

function inRange(
  key: NumberKey | undefined,
  low: NumberKey | undefined,
  lowInclusive: boolean,
  high: NumberKey | undefined,
  highInclusive: boolean,
): boolean {
  if (key === undefined) return false;
  if (low !== undefined && (key < low || (key === low && !lowInclusive))) return false;
  return high === undefined || key < high || (key === high && highInclusive);
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
    case 'numeric':
      return inRange(leaf.key, m.lower?.key, m.lower?.inclusive ?? false, m.upper?.key, m.upper?.inclusive ?? false);
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
