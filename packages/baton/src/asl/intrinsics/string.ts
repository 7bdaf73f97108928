/**
 * States.Format (developer guide, "Intrinsic functions" → "Intrinsics for generic operations",
 * and "Reserved characters in intrinsic functions") and States.StringSplit ("Intrinsic for
 * String operation").
 */
import type { Json } from '../../kernel/index.js';
import { requireString } from './arguments.js';
import { InvalidArguments } from './invalid-arguments.js';
import { javaText } from './java-text.js';
import type { ArgNode } from './syntax.js';

/**
 * A template split at its `{}` placeholders: n placeholders give n + 1 segments. Undefined when
 * a brace stands alone (AWS fails `'Hello {'`, `'}'` and `'{{}}'`). In a literal of the
 * definition `\{`, `\}`, `\'` and `\\` stand for the character itself and never open a
 * placeholder; a template read from the input has no escapes.
 */
export function splitTemplate(text: string, escapes: boolean): string[] | undefined {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (escapes && ch === '\\') {
      current += text[++i] ?? '';
    } else if (ch === '{') {
      if (text[i + 1] !== '}') return undefined;
      segments.push(current);
      current = '';
      i++;
    } else if (ch === '}') {
      return undefined;
    } else {
      current += ch;
    }
  }
  segments.push(current);
  return segments;
}

/**
 * States.Format: each `{}` replaced by the text of the matching argument (strings as they are,
 * other values as Java prints them: `{Arg1=1, Arg2=[]}`, `null`). The counts must agree.
 */
export function prepareFormat(nodes: readonly ArgNode[]): (args: readonly Json[]) => Json {
  const first = nodes[0];
  const literal = first?.kind === 'string' ? splitTemplate(first.raw, true) : undefined;
  return ([template, ...values]) => {
    const segments =
      first?.kind === 'string' ? literal : typeof template === 'string' ? splitTemplate(template, false) : undefined;
    if (segments === undefined || segments.length !== values.length + 1) throw new InvalidArguments();
    let out = segments[0]!;
    for (let i = 0; i < values.length; i++) out += javaText(values[i]!) + segments[i + 1]!;
    return out;
  };
}

/**
 * Splits at every character of the delimiter string (a set, not a sequence: the guide splits
 * "This.is+a,test=string" on ".+,=") and drops empty pieces, as AWS does for leading, trailing
 * and adjacent delimiters (recorded).
 */
export function stringSplit([text, delimiters]: readonly Json[]): Json {
  const source = requireString(text);
  const set = new Set(requireString(delimiters));
  const parts: Json[] = [];
  let current = '';
  for (const ch of source) {
    if (!set.has(ch)) {
      current += ch;
    } else if (current !== '') {
      parts.push(current);
      current = '';
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}
