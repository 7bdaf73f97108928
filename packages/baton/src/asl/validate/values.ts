/** Small predicates for definition values, named for what AWS's schema requires. */
import { isJsonObject, type Json, type JsonObject } from '../../kernel/index.js';

export function isPositiveInteger(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0;
}

export function isNonNegativeInteger(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

export function isObject(v: Json | undefined): v is JsonObject {
  return isJsonObject(v as Json);
}

/**
 * Characters AWS refuses in names of executions, state machines and Map labels: whitespace,
 * brackets, wildcards, some punctuation and control characters (API reference, "name").
 */
export function invalidNameCharacter(name: string): string | undefined {
  for (const ch of name) {
    const c = ch.codePointAt(0)!;
    if (c <= 0x20 || (c >= 0x7f && c <= 0x9f)) return ch;
    if ('<>{}[]?*"#%\\^|~`$&,;:/'.includes(ch)) return ch;
  }
  return undefined;
}
