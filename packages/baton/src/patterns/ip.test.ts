import { describe, expect, it } from 'vitest';
import { ipInRange, parseCidr, parseIp } from './ip.js';

describe('IP addresses and CIDR blocks', () => {
  it('reads IPv4 and IPv6 literals, IPv4-mapped addresses as IPv4', () => {
    expect(parseIp('10.0.0.1')).toBe('0a000001');
    expect(parseIp('::1')).toBe(`${'0'.repeat(31)}1`);
    expect(parseIp('2400:6500:FF00::36FB:1F8C')).toBe(parseIp('2400:6500:ff00:0:0:0:36fb:1f8c'));
    expect(parseIp('::ffff:a00:1')).toBe('0a000001');
    expect(parseIp('08:23')).toBeUndefined();
    expect(parseIp('10.0.0.256')).toBeUndefined();
  });

  it('masks the base address: 220.160.154.255/24 covers 220.160.154.0', () => {
    const r = parseCidr('220.160.154.255/24');
    if (!r.ok) throw new Error(r.error);
    expect(ipInRange(parseIp('220.160.154.0')!, r.value)).toBe(true);
    expect(ipInRange(parseIp('220.160.155.0')!, r.value)).toBe(false);
  });

  it('keeps families apart', () => {
    const r = parseCidr('0.0.0.0/0');
    if (!r.ok) throw new Error(r.error);
    expect(ipInRange(parseIp('::1')!, r.value)).toBe(false);
  });

  it.each([
    ['10.0.0.0', "Malformed CIDR, one '/' required"],
    ['10.0.0.0/', "Malformed CIDR, one '/' required"],
    ['10.0.0.0/x', 'Malformed CIDR, mask bits must be an integer'],
    ['10.0.0.0/-1', 'Malformed CIDR, mask bits must not be negative'],
    ['bad-filter/64', 'Nonstandard IP address: bad-filter'],
    ['999.0.0.0/8', 'Invalid IP address: 999.0.0.0'],
    ['10.0.0.0/32', 'IPv4 mask bits must be < 32'],
    ['::/128', 'IPv6 mask bits must be < 128'],
  ])('rejects %s: %s', (cidr, message) => {
    expect(parseCidr(cidr)).toEqual({ ok: false, error: message });
  });
});
