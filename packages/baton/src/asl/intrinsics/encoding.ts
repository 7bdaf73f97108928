/**
 * States.Base64Encode and States.Base64Decode (developer guide, "Intrinsic functions" →
 * "Intrinsics for data encoding and decoding"): text ↔ Base64 of its UTF-8 bytes, for strings of
 * at most 10,000 characters. Decoding is lenient as AWS's is (see base64.ts).
 */
import type { Json } from '../../kernel/index.js';
import { requireString } from './arguments.js';
import { base64DecodeLenient, base64Encode } from './base64.js';
import { MAX_INPUT_LENGTH } from './hash.js';
import { InvalidArguments } from './invalid-arguments.js';
import { utf8Decode, utf8Encode } from './utf8.js';

function boundedText(v: Json | undefined): string {
  const text = requireString(v);
  if (text.length > MAX_INPUT_LENGTH) throw new InvalidArguments();
  return text;
}

export function statesBase64Encode([text]: readonly Json[]): Json {
  return base64Encode(utf8Encode(boundedText(text)));
}

export function statesBase64Decode([text]: readonly Json[]): Json {
  return utf8Decode(base64DecodeLenient(boundedText(text)));
}
