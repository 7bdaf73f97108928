/**
 * StringMatches patterns (ASL spec, "Choice State" → StringMatches): `*` matches zero or more
 * characters and nothing else is special; `\*` is a literal star and `\\` a literal backslash
 * (written `\\*` and `\\\\` inside JSON). An open escape (a trailing `\`) is a runtime error.
 *
 * The pattern is split once into its literal pieces. With `*` the only wildcard, matching is a
 * prefix test, a suffix test and a left-to-right search for the pieces between: the leftmost
 * occurrence of each piece never makes a later piece harder to place. No regular expression, so
 * no pattern can be slow.
 */

/** A matcher, or `undefined` when the pattern ends in an open escape. */
export function compileStringMatches(pattern: string): ((value: string) => boolean) | undefined {
  const pieces = [''];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      pieces.push('');
      continue;
    }
    if (c === '\\') {
      if (++i === pattern.length) return undefined;
      pieces[pieces.length - 1] += pattern[i];
      continue;
    }
    pieces[pieces.length - 1] += c;
  }
  const head = pieces[0]!;
  if (pieces.length === 1) return (value) => value === head;
  const tail = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1).filter((p) => p !== '');
  return (value) => {
    if (value.length < head.length + tail.length || !value.startsWith(head) || !value.endsWith(tail)) return false;
    const end = value.length - tail.length;
    let from = head.length;
    for (const piece of middle) {
      const at = value.indexOf(piece, from);
      if (at < 0 || at + piece.length > end) return false;
      from = at + piece.length;
    }
    return true;
  };
}
