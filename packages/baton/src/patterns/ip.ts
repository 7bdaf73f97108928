/**
 * IP addresses and CIDR blocks, as event-ruler reads them: a value is treated as an
 * address only if it looks like one (its IPv4 or IPv6 regular expression matches) and
 * then parses as one (Java's `InetAddress` rules). An IPv4-mapped IPv6 address becomes
 * the IPv4 address, as `InetAddress` returns it. Ranges are compared as byte strings, so
 * an IPv4 block never contains an IPv6 address.
 */
import type { Result } from '../kernel/index.js';
import { err, ok } from '../kernel/index.js';

export interface IpRange {
  readonly family: 4 | 6;
  /** Inclusive bounds, as lowercase hex strings of equal length (8 or 32 digits). */
  readonly low: string;
  readonly high: string;
}

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** Whether event-ruler would even try to read `text` as an address. */
export function looksLikeIp(text: string): boolean {
  return IPV4_SHAPE.test(text) || IPV6_SHAPE.test(text);
}

/** The address as hex (8 or 32 digits), or undefined if `text` is not an IP literal. */
export function parseIp(text: string): string | undefined {
  if (IPV4_SHAPE.test(text)) return parseIpv4(text);
  if (IPV6_SHAPE.test(text)) return parseIpv6(text);
  return undefined;
}

/** The single-address range of a string literal that is an IP address. */
export function ipLiteralRange(text: string): IpRange | undefined {
  const hex = parseIp(text);
  if (hex === undefined) return undefined;
  return { family: hex.length === 8 ? 4 : 6, low: hex, high: hex };
}

export function ipInRange(hex: string, range: IpRange): boolean {
  return hex.length === range.low.length && hex >= range.low && hex <= range.high;
}

/** Parses a `cidr` operand with event-ruler's checks and messages, in its order. */
export function parseCidr(text: string): Result<IpRange, string> {
  const parts = javaSplit(text, '/');
  if (parts.length !== 2) return err("Malformed CIDR, one '/' required");
  const bits = javaParseInt(parts[1]!);
  if (bits === undefined) return err('Malformed CIDR, mask bits must be an integer');
  if (bits < 0) return err('Malformed CIDR, mask bits must not be negative');
  const address = parts[0]!;
  if (!looksLikeIp(address)) return err(`Nonstandard IP address: ${address}`);
  const hex = parseIp(address);
  if (hex === undefined) return err(`Invalid IP address: ${address}`);
  const family = hex.length === 8 ? 4 : 6;
  if (family === 4 && bits > 31) return err('IPv4 mask bits must be < 32');
  if (family === 6 && bits > 127) return err('IPv6 mask bits must be < 128');
  const lowBits: number[] = [];
  const highBits: number[] = [];
  for (let nibble = 0; nibble < hex.length; nibble++) {
    const v = Number.parseInt(hex[nibble]!, 16);
    const fixed = Math.min(4, Math.max(0, bits - nibble * 4));
    const mask = (0xf << (4 - fixed)) & 0xf;
    lowBits.push(v & mask);
    highBits.push((v & mask) | (~mask & 0xf));
  }
  return ok({
    family,
    low: lowBits.map((n) => n.toString(16)).join(''),
    high: highBits.map((n) => n.toString(16)).join(''),
  });
}

function parseIpv4(text: string): string | undefined {
  const parts = text.split('.');
  let hex = '';
  for (const p of parts) {
    if (p.length > 10) return undefined;
    const n = Number.parseInt(p, 10);
    if (n > 255) return undefined;
    hex += n.toString(16).padStart(2, '0');
  }
  return hex;
}

function parseIpv6(text: string): string | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] | undefined => {
    if (s === '') return [];
    const gs = s.split(':');
    for (const g of gs) if (g.length === 0 || g.length > 4) return undefined;
    return gs;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === undefined || tail === undefined) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = [...head, ...Array<string>(8 - count).fill('0'), ...tail];
  const hex = all.map((g) => g.toLowerCase().padStart(4, '0')).join('');
  // InetAddress turns an IPv4-mapped address (::ffff:a.b.c.d) into the IPv4 address.
  return hex.startsWith('00000000000000000000ffff') ? hex.slice(24) : hex;
}

/** Java's `String.split` with a one-character separator: trailing empty strings dropped. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Java's `Integer.parseInt`: optional sign, ASCII digits, 32-bit range. */
function javaParseInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const n = Number.parseInt(text, 10);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}
