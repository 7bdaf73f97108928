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

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(n: number): string {
  return HEX[n >>> 24]! + HEX[(n >>> 16) & 0xff]! + HEX[(n >>> 8) & 0xff]! + HEX[n & 0xff]!;
}

/** `words` × 32 random bits as lowercase hex. */
export function nextHex(s: RandomState, words: number): string {
  let out = '';
  for (let i = 0; i < words; i++) out += hex32(nextUint32(s));
  return out;
}

/** A version-4 UUID drawn from `s`. */
export function nextUuid(s: RandomState): string {
  const a = nextUint32(s);
  const b = nextUint32(s);
  const c = nextUint32(s);
  const d = nextUint32(s);
  const version = ((b & 0xffff0fff) | 0x4000) >>> 0;
  const variant = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  const h = hex32(a) + hex32(version) + hex32(variant) + hex32(d);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
