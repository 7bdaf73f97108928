/**
 * Case-insensitive comparison as event-ruler does it: each UTF-16 unit of the pattern may
 * be matched by its lower-case or its upper-case form (Java's `Locale.ROOT` mapping, which
 * can be longer than one unit: 'ß' upper-cases to "SS"). The event value is not folded.
 *
 * `foldCase` gives the compiled matcher an index key: a value that matches a pattern
 * always has the same fold as the pattern when the pattern is fold-stable (see
 * `isFoldStable`); candidates found by key are then checked with the exact rule.
 */

/** Per-unit fold, without the context-sensitive rules of `String.toLowerCase` (final sigma). */
export function foldCase(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += foldUnit(s[i]!);
  return out;
}

function foldUnit(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 0x20) : c;
  return c.toUpperCase().toLowerCase();
}

/** True when every case variant of every unit folds like the unit itself. */
export function isFoldStable(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    const f = foldUnit(c);
    if (foldCase(c.toLowerCase()) !== f || foldCase(c.toUpperCase()) !== f) return false;
  }
  return true;
}

/** The strings that may stand for each pattern unit. */
export function caseVariants(pattern: string): readonly (readonly string[])[] {
  const out: string[][] = [];
  for (let i = 0; i < pattern.length; i++) {
    const lower = pattern[i]!.toLowerCase();
    const upper = pattern[i]!.toUpperCase();
    out.push(lower === upper ? [lower] : [lower, upper]);
  }
  return out;
}

export type CaseMode = 'equals' | 'prefix' | 'suffix';

/** Whether `value` equals, starts with or ends with `pattern`, ignoring case. */
export function matchesIgnoringCase(value: string, pattern: string, mode: CaseMode): boolean {
  return matchVariants(value, caseVariants(pattern), mode);
}

export function matchVariants(value: string, variants: readonly (readonly string[])[], mode: CaseMode): boolean {
  // The positions of `value` reachable after each pattern unit. Variants of different
  // lengths can make several positions reachable; stepping all of them together keeps the
  // work linear and the stack flat, however long the operand.
  let at: number[] = [mode === 'suffix' ? value.length : 0];
  const n = variants.length;
  for (let k = 0; k < n; k++) {
    const alts = variants[mode === 'suffix' ? n - 1 - k : k]!;
    const next: number[] = [];
    for (const pos of at) {
      for (const alt of alts) {
        const from = mode === 'suffix' ? pos - alt.length : pos;
        if (from >= 0 && value.startsWith(alt, from)) {
          const to = mode === 'suffix' ? from : pos + alt.length;
          if (!next.includes(to)) next.push(to);
        }
      }
    }
    if (next.length === 0) return false;
    at = next;
  }
  return mode !== 'equals' || at.includes(value.length);
}
