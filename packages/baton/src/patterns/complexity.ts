/**
 * The wildcard complexity guard (event-ruler's MachineComplexityEvaluator). AWS rejects a
 * rule whose wildcards on one field could keep too many partial matches alive at once:
 * that number bounds the work an automaton does per input byte. We measure it the same
 * way: merge the field's wildcard patterns into one trie-shaped automaton (shared prefixes
 * share states, each `*` is a state looping on every character), explore the sets of states
 * an input can reach, and weigh each live state by the number of patterns it can still
 * complete. The largest weight over all reachable sets is the complexity.
 *
 * Baton's own matcher does not need the guard (it matches a wildcard with a linear scan),
 * but AWS's answer to PutRule must not depend on that.
 */
import type { Wildcard } from './wildcard.js';

/**
 * The largest complexity accepted. Calibrated on AWS's observed behaviour: four patterns
 * `*:stack/NAME/*` on one field are rejected as too complex, three are accepted.
 */
export const MAX_WILDCARD_COMPLEXITY = 10;

/** Bounds the exploration itself, so the guard stays cheap on adversarial input. */
const MAX_EXPLORED_SETS = 5000;

interface Node {
  readonly id: number;
  readonly next: Map<string, Node>;
  /** The state reached through a `*` here; it loops on every character. */
  star: Node | undefined;
  readonly loops: boolean;
  readonly ends: Set<number>;
  weight: number;
}

/** Complexity of the wildcard patterns of one field, capped at `cap`. */
export function wildcardComplexity(patterns: readonly Wildcard[], cap = MAX_WILDCARD_COMPLEXITY + 1): number {
  if (patterns.length === 0) return 0;
  let ids = 0;
  const node = (loops: boolean): Node => ({
    id: ids++,
    next: new Map(),
    star: undefined,
    loops,
    ends: new Set(),
    weight: 0,
  });
  const root = node(false);
  const alphabet = new Set<string>(['\u0000']);
  patterns.forEach((p, index) => {
    let at = root;
    p.segments.forEach((segment, k) => {
      if (k > 0) at = at.star ??= node(true);
      for (const c of segment) {
        alphabet.add(c);
        let child = at.next.get(c);
        if (child === undefined) at.next.set(c, (child = node(false)));
        at = child;
      }
    });
    at.ends.add(index);
  });
  weigh(root);

  const closure = (set: Map<number, Node>, n: Node): void => {
    for (let x: Node | undefined = n; x !== undefined && !set.has(x.id); x = x.star) set.set(x.id, x);
  };
  const start = new Map<number, Node>();
  closure(start, root);
  const seen = new Set<string>();
  const queue = [start];
  let worst = 0;
  while (queue.length > 0 && seen.size < MAX_EXPLORED_SETS) {
    const set = queue.shift()!;
    const key = [...set.keys()].sort((a, b) => a - b).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    let weight = 0;
    for (const n of set.values()) weight += n.weight;
    if (weight > worst) worst = weight;
    if (worst >= cap) return cap;
    for (const c of alphabet) {
      const to = new Map<number, Node>();
      for (const n of set.values()) {
        const child = n.next.get(c);
        if (child !== undefined) closure(to, child);
        if (n.loops) closure(to, n);
      }
      if (to.size > 0) queue.push(to);
    }
  }
  return worst;
}

/** Sets each node's weight: the number of distinct patterns completed at or below it. */
function weigh(root: Node): Set<number> {
  const below = new Set<number>(root.ends);
  for (const child of root.next.values()) for (const p of weigh(child)) below.add(p);
  if (root.star !== undefined) for (const p of weigh(root.star)) below.add(p);
  root.weight = below.size;
  return below;
}
