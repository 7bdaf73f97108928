/**
 * Intrinsic call text → syntax tree (ASL specification, "Intrinsic Functions"; developer guide,
 * "Intrinsic functions" and "Reserved characters in intrinsic functions"). Arguments are string
 * literals in single quotes, JSON numbers, `true`/`false`/`null`, paths (`$…`, `$$…`, `$name…`)
 * and nested calls, at most 10 calls deep ("You can nest up to 10 intrinsic functions within a
 * field"). Inside a literal only `\'`, `\{`, `\}` and `\\` are escapes; any other backslash is
 * refused here, as AWS refuses it when the definition is created (recorded).
 *
 * Argument counts and types are checked when the call runs, because AWS accepts a definition
 * with `States.JsonToString()` and fails the execution (recorded).
 */
import type { Json } from '../../kernel/index.js';
import { type JsonPath, parseJsonPath } from '../query/jsonpath/index.js';

export type ArgNode =
  | CallNode
  /** `raw` is the text between the quotes, escapes included, for States.Format's template. */
  | { readonly kind: 'string'; readonly value: string; readonly raw: string }
  | { readonly kind: 'literal'; readonly value: Json }
  | { readonly kind: 'path'; readonly text: string; readonly path: JsonPath };

export interface CallNode {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly ArgNode[];
}

const MAX_NESTING = 10;

export class IntrinsicSyntaxError extends Error {
  override readonly name = 'IntrinsicSyntaxError';
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/;
const KEYWORDS: ReadonlyArray<readonly [string, Json]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];

/** Parses one top-level call; throws IntrinsicSyntaxError. `known` tells function names apart. */
export function parseCallText(text: string, known: (name: string) => boolean): CallNode {
  const p = new Parser(text, known);
  p.skipSpaces();
  const call = p.call(1);
  p.skipSpaces();
  if (p.pos < text.length) p.fail(`Unexpected text after the intrinsic function call at position ${p.pos}`);
  return call;
}

class Parser {
  pos = 0;
  constructor(
    readonly text: string,
    readonly known: (name: string) => boolean,
  ) {}

  fail(message: string): never {
    throw new IntrinsicSyntaxError(message);
  }

  skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  call(depth: number): CallNode {
    const m = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (!m) this.fail(`Expected an intrinsic function such as States.Format at position ${this.pos}`);
    const name = m[0];
    if (!this.known(name)) this.fail(`Unsupported intrinsic function: ${name}`);
    if (depth > MAX_NESTING) this.fail(`Intrinsic functions can be nested at most ${MAX_NESTING} deep`);
    this.pos += name.length;
    if (this.text.charAt(this.pos) !== '(') this.fail(`Expected '(' after ${name} at position ${this.pos}`);
    this.pos++;
    const args: ArgNode[] = [];
    this.skipSpaces();
    if (this.text.charAt(this.pos) === ')') {
      this.pos++;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.argument(depth));
      this.skipSpaces();
      const ch = this.text.charAt(this.pos++);
      if (ch === ')') return { kind: 'call', name, args };
      if (ch !== ',') this.fail(`Expected ',' or ')' in the arguments of ${name} at position ${this.pos - 1}`);
    }
  }

  argument(depth: number): ArgNode {
    this.skipSpaces();
    const ch = this.text.charAt(this.pos);
    if (ch === "'") return this.string();
    if (ch === '$') return this.path();
    if (this.text.startsWith('States.', this.pos)) return this.call(depth + 1);
    for (const [word, value] of KEYWORDS) {
      if (this.text.startsWith(word, this.pos) && this.atArgumentEnd(this.pos + word.length)) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    const m = NUMBER.exec(this.text.slice(this.pos));
    if (m && this.atArgumentEnd(this.pos + m[0].length)) {
      const value = Number(m[0]);
      if (!Number.isFinite(value)) this.fail(`Number out of range: ${m[0]}`);
      this.pos += m[0].length;
      return { kind: 'literal', value };
    }
    return this.fail(`Invalid argument at position ${this.pos}`);
  }

  atArgumentEnd(at: number): boolean {
    const rest = this.text.slice(at).trimStart();
    return rest.startsWith(',') || rest.startsWith(')');
  }

  string(): ArgNode {
    const start = ++this.pos;
    let value = '';
    for (;;) {
      if (this.pos >= this.text.length) this.fail(`Unterminated string starting at position ${start - 1}`);
      const ch = this.text.charAt(this.pos++);
      if (ch === "'") break;
      if (ch === '\\') {
        const escaped = this.text.charAt(this.pos++);
        if (!"'{}\\".includes(escaped) || escaped === '') {
          this.fail(`Invalid escape sequence '\\${escaped}' at position ${this.pos - 2}`);
        }
        value += escaped;
      } else {
        value += ch;
      }
    }
    return { kind: 'string', value, raw: this.text.slice(start, this.pos - 1) };
  }

  /** A path runs to the next `,` or `)` outside brackets, parentheses and quotes. */
  path(): ArgNode {
    const start = this.pos;
    let brackets = 0;
    let parens = 0;
    let quote = '';
    for (; this.pos < this.text.length; this.pos++) {
      const ch = this.text.charAt(this.pos);
      if (quote !== '') {
        if (ch === '\\') this.pos++;
        else if (ch === quote) quote = '';
      } else if (ch === "'" || ch === '"') {
        quote = ch;
      } else if (ch === '[') {
        brackets++;
      } else if (ch === ']') {
        brackets--;
      } else if (ch === '(') {
        parens++;
      } else if (ch === ')') {
        if (brackets === 0 && parens === 0) break;
        parens--;
      } else if (ch === ',' && brackets === 0 && parens === 0) {
        break;
      }
    }
    const text = this.text.slice(start, this.pos).trimEnd();
    const parsed = parseJsonPath(text);
    if (!parsed.ok) this.fail(`Invalid JSONPath '${text}': ${parsed.error}`);
    return { kind: 'path', text, path: parsed.value };
  }
}
