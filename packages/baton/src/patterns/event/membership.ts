/**
 * Array membership (event-ruler's ArrayMembership): for a leaf, which element of each
 * enclosing array it belongs to. Stored as a flat list of (array id, element index) pairs
 * in increasing id order (flatten.ts keeps them sorted), so two lists merge in one pass.
 * Two memberships are consistent when they agree on every array they share; the leaves
 * matched by one pattern branch must be pairwise consistent.
 */
export type Membership = readonly number[];

export const EMPTY_MEMBERSHIP: Membership = [];

/** The union of two consistent memberships, or undefined when they disagree on an array. */
export function unite(a: Membership, b: Membership): Membership | undefined {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ia = a[i]!;
    const jb = b[j]!;
    if (ia === jb) {
      if (a[i + 1] !== b[j + 1]) return undefined;
      out.push(ia, a[i + 1]!);
      i += 2;
      j += 2;
    } else if (ia < jb) {
      out.push(ia, a[i + 1]!);
      i += 2;
    } else {
      out.push(jb, b[j + 1]!);
      j += 2;
    }
  }
  for (; i < a.length; i += 2) out.push(a[i]!, a[i + 1]!);
  for (; j < b.length; j += 2) out.push(b[j]!, b[j + 1]!);
  return out;
}

export function consistent(a: Membership, b: Membership): boolean {
  if (a.length === 0 || b.length === 0) return true;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      if (a[i + 1] !== b[j + 1]) return false;
      i += 2;
      j += 2;
    } else if (a[i]! < b[j]!) i += 2;
    else j += 2;
  }
  return true;
}
