/**
 * The pure implementations behind States.Hash, States.Base64* and MathRandom's seed, held to an
 * oracle: node:crypto and Buffer/TextDecoder (allowed in tests) on known vectors and on random
 * inputs, the FIPS 180-4 / RFC 1321 test vectors, and published java.util.Random values.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { javaRandomNextInt } from '../java-random.js';
import { base64DecodeLenient, base64Encode } from './base64.js';
import { hashHex, isHashAlgorithm } from './index.js';
import { javaHashCode } from './java-hash.js';
import { javaNumberText, javaText } from './java-text.js';
import { utf8Decode, utf8Encode } from './utf8.js';

const ORACLE = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' } as const;

describe('digests', () => {
  it('match the standard vectors', () => {
    expect(hashHex('', 'MD5')).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hashHex('abc', 'MD5')).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hashHex('abc', 'SHA-1')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hashHex('abc', 'SHA-256')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashHex('abc', 'SHA-384')).toBe(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect(hashHex('abc', 'SHA-512')).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });

  it.each(Object.keys(ORACLE) as (keyof typeof ORACLE)[])('%s agrees with node:crypto around block edges', (alg) => {
    for (const n of [0, 1, 55, 56, 57, 63, 64, 65, 111, 112, 113, 127, 128, 129, 1000]) {
      const text = 'x'.repeat(n);
      expect(hashHex(text, alg)).toBe(createHash(ORACLE[alg]).update(text, 'utf8').digest('hex'));
    }
  });

  it('agree with node:crypto on random text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.constantFrom(...Object.keys(ORACLE)),
        (text, alg) => {
          const algorithm = alg as keyof typeof ORACLE;
          expect(hashHex(text, algorithm)).toBe(createHash(ORACLE[algorithm]).update(text, 'utf8').digest('hex'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('isHashAlgorithm accepts only the five names', () => {
    expect(['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'].every(isHashAlgorithm)).toBe(true);
    expect(['md5', 'SHA256', 'toString', '__proto__'].some(isHashAlgorithm)).toBe(false);
  });
});

describe('UTF-8 and Base64', () => {
  it('encode like Buffer (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const bytes = utf8Encode(text);
        expect(Buffer.from(bytes).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(base64Encode(bytes)).toBe(Buffer.from(text, 'utf8').toString('base64'));
        expect(utf8Decode(base64DecodeLenient(base64Encode(bytes)))).toBe(text);
      }),
    );
  });

  it('encode an unpaired surrogate as "?", as Java does', () => {
    expect(Array.from(utf8Encode('a\ud800b'))).toEqual([0x61, 0x3f, 0x62]);
  });

  it('decode malformed bytes with U+FFFD per maximal subpart, like TextDecoder (property)', () => {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(utf8Decode(bytes)).toBe(decoder.decode(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes Base64 like Buffer for well-formed text (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(Buffer.from(base64DecodeLenient(text)).equals(Buffer.from(bytes))).toBe(true);
      }),
    );
  });
});

describe('Java compatibility', () => {
  it('java.util.Random(seed).nextInt(bound) gives the published values', () => {
    // new Random(42).nextInt() is -1170105035 and new Random(0).nextInt() is -1155484576, so:
    expect(javaRandomNextInt(42, 10)).toBe(0);
    expect(javaRandomNextInt(42, 100)).toBe(30);
    expect(javaRandomNextInt(0, 100)).toBe(60);
    expect(javaRandomNextInt(42, 16)).toBe(11);
  });

  it('hashCode follows String, List, Map, Boolean, Integer, Long and Double', () => {
    expect(javaHashCode('hello')).toBe(99162322);
    expect(javaHashCode([1, 2])).toBe(994);
    expect(javaHashCode({ a: 1 })).toBe(97 ^ 1);
    expect([javaHashCode(true), javaHashCode(false), javaHashCode(null)]).toEqual([1231, 1237, 0]);
    expect(javaHashCode(2 ** 32)).toBe(1);
    expect(javaHashCode(1.5)).toBe(1073217536);
  });

  it("prints values as Java's toString does", () => {
    expect(javaText({ Arg1: 1, Arg2: [] })).toBe('{Arg1=1, Arg2=[]}');
    expect(javaText(['a', null, true, [1.5]])).toBe('[a, null, true, [1.5]]');
    expect([0.001, 1e-5, 12345678.5, 1e21, -0, 2 ** 62].map(javaNumberText)).toEqual([
      '0.001',
      '1.0E-5',
      '1.23456785E7',
      '1.0E21',
      '0',
      '4611686018427387904',
    ]);
  });
});
