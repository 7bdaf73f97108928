/**
 * A small, fast, seedable pseudo-random generator (sfc32). Its whole state is four 32-bit
 * integers, so an execution can store it and replay gives the same numbers.
 */
export type RandomState = [number, number, number, number];

export function seedRandom(a: number, b: number, c: number, d: number): RandomState {
  const s: RandomState = [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
  for (let i = 0; i < 12; i++) nextUint32(s);
  return s;
}

/** Advances `s` in place and returns 32 random bits. */
export function nextUint32(s: RandomState): number {
  let [a, b, c, d] = s;
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
  return t >>> 0;
}

/** A float in [0, 1) with 53 bits of randomness. */
export function nextFloat(s: RandomState): number {
  const hi = nextUint32(s) >>> 5;
  const lo = nextUint32(s) >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** A version-4 UUID drawn from `s`. */
export function nextUuid(s: RandomState): string {
  const hex: string[] = [];
  for (let i = 0; i < 4; i++) hex.push(nextUint32(s).toString(16).padStart(8, '0'));
  const h = hex.join('');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
