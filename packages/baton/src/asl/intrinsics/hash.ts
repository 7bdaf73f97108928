/**
 * States.Hash (developer guide, "Intrinsic functions" → "Intrinsic for hash calculation"): the
 * lower-case hex digest of the data's UTF-8 bytes with MD5, SHA-1, SHA-256, SHA-384 or SHA-512,
 * spelled exactly so. Data over 10,000 characters is refused. AWS also hashes a number or an
 * object by its text (recorded), which here is the same Java rendering States.Format prints.
 */
import type { Json } from '../../kernel/index.js';
import { md5Hex, sha1Hex, sha256Hex } from './digests.js';
import { InvalidArguments } from './invalid-arguments.js';
import { javaText } from './java-text.js';
import { sha384Hex, sha512Hex } from './sha512.js';
import { utf8Encode } from './utf8.js';

const DIGESTS = {
  MD5: md5Hex,
  'SHA-1': sha1Hex,
  'SHA-256': sha256Hex,
  'SHA-384': sha384Hex,
  'SHA-512': sha512Hex,
} as const;

export type HashAlgorithm = keyof typeof DIGESTS;

export const MAX_INPUT_LENGTH = 10_000;

export function isHashAlgorithm(name: string): name is HashAlgorithm {
  return Object.hasOwn(DIGESTS, name);
}

/** The hex digest of the UTF-8 bytes of `data` (also JSONata's `$hash`). */
export function hashHex(data: string, algorithm: HashAlgorithm): string {
  return DIGESTS[algorithm](utf8Encode(data));
}

export function statesHash([data, algorithm]: readonly Json[]): Json {
  if (data === null || data === undefined || typeof algorithm !== 'string' || !isHashAlgorithm(algorithm)) {
    throw new InvalidArguments();
  }
  const text = typeof data === 'string' ? data : javaText(data);
  if (text.length > MAX_INPUT_LENGTH) throw new InvalidArguments();
  return hashHex(text, algorithm);
}
