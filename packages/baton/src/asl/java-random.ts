/**
 * `java.util.Random`, seeded: what AWS draws for seeded randomness, so a seed gives AWS's number.
 * States.MathRandom(start, end, seed) uses `nextInt(bound)` (recorded: seed 42 over [-5, 5) is
 * -5, i.e. nextInt(10) = 0) and JSONata's `$random(seed)` uses `nextDouble()` (AWS answers
 * `$random(42)` with 0.7275636800328681). The generator is the 48-bit linear congruential one the
 * Java documentation specifies; BigInt keeps its products exact. Seeded calls are rare, so
 * clarity wins over speed.
 */
const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

class JavaRandom {
  private state: bigint;

  /** `seed` is truncated to a Java long. */
  constructor(seed: number) {
    this.state = (BigInt.asIntN(64, BigInt(Math.trunc(seed))) ^ MULTIPLIER) & MASK;
  }

  next(bits: number): number {
    this.state = (this.state * MULTIPLIER + ADDEND) & MASK;
    return Number(this.state >> BigInt(48 - bits));
  }
}

/** The first `nextInt(bound)` of `new Random(seed)`; `bound` must be a positive int32. */
export function javaRandomNextInt(seed: number, bound: number): number {
  const random = new JavaRandom(seed);
  const m = bound - 1;
  let u = random.next(31);
  if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(u)) >> 31n);
  let r = u % bound;
  // Java redraws when u falls in the incomplete last band; `| 0` replays its int overflow test.
  while (((u - r + m) | 0) < 0) {
    u = random.next(31);
    r = u % bound;
  }
  return r;
}

/** The first `nextDouble()` of `new Random(seed)`. */
export function javaRandomDouble(seed: number): number {
  const random = new JavaRandom(seed);
  const high = random.next(26);
  const low = random.next(27);
  return (high * 2 ** 27 + low) / 2 ** 53;
}
