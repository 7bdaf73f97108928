/**
 * The `wildcard` operator: `*` matches any run of characters (including none), `\*` is a
 * literal star and `\\` a literal backslash. Parse errors carry event-ruler's messages,
 * whose positions count UTF-8 bytes of the operand as event-ruler holds it: behind the
 * opening quote it adds, hence the `+ 1`.
 */
import type { Result } from '../kernel/index.js';
import { err, ok, utf8Length } from '../kernel/index.js';

export interface Wildcard {
  /** The operand as written, for messages and equality. */
  readonly source: string;
  /** The literal runs between stars: `a*b*` is ['a', 'b', '']. Never fewer than one. */
  readonly segments: readonly string[];
}

export function parseWildcard(source: string): Result<Wildcard, string> {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '*') {
      if (source[i + 1] === '*')
        return err(`Consecutive wildcard characters at pos ${utf8Length(source.slice(0, i)) + 1}`);
      segments.push(current);
      current = '';
    } else if (c === '\\') {
      const n = source[i + 1];
      if (n !== '*' && n !== '\\') return err(`Invalid escape character at pos ${utf8Length(source.slice(0, i)) + 1}`);
      current += n;
      i++;
    } else {
      current += c;
    }
  }
  segments.push(current);
  return ok({ source, segments });
}

/** Whether `value` matches the whole wildcard pattern. */
export function matchesWildcard(w: Wildcard, value: string): boolean {
  const s = w.segments;
  if (s.length === 1) return value === s[0];
  const first = s[0]!;
  const last = s[s.length - 1]!;
  if (value.length < first.length + last.length || !value.startsWith(first) || !value.endsWith(last)) return false;
  // With stars only, taking each middle segment at its leftmost place is always safe.
  let pos = first.length;
  const end = value.length - last.length;
  for (let k = 1; k < s.length - 1; k++) {
    const seg = s[k]!;
    const at = value.indexOf(seg, pos);
    if (at < 0 || at + seg.length > end) return false;
    pos = at + seg.length;
  }
  return true;
}
