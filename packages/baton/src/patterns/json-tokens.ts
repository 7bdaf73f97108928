/**
 * A pull tokenizer for JSON with the error messages of Jackson, the parser behind
 * event-ruler. AWS reports a malformed pattern with Jackson's words ("Unrecognized token
 * 'this': was expecting …"), and event-ruler validates while it pulls tokens, so which of
 * two problems is reported depends on token order: `{"a":[{"prefix":[1, 2 3]}]}` fails on
 * "prefix match pattern must be a string" before the tokenizer ever sees the missing comma.
 * A pull tokenizer reproduces that order; parsing to a tree first would not.
 *
 * Tokens come from text (`textTokens`) or from an already-parsed value (`valueTokens`), so
 * one compiler serves both inputs. Duplicate keys are passed through, as Jackson does.
 */
import type { Json } from '../kernel/index.js';

export type Token =
  | { readonly type: 'start-object' | 'end-object' | 'start-array' | 'end-array' | 'end' }
  | { readonly type: 'true' | 'false' | 'null' }
  | { readonly type: 'name' | 'string'; readonly text: string }
  /** `text` is the number exactly as written (`300.0`, `1e2`): AWS compares literals by text. */
  | { readonly type: 'number'; readonly text: string };

export interface TokenSource {
  /** The next token, or `end` once the root value is complete. Throws `JsonSyntaxError`. */
  next(): Token;
}

/**
 * Malformed JSON. Thrown inside a parse and caught at its public boundary, where it
 * becomes an error value; it never escapes this module's callers.
 */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

/** Jackson's StreamReadConstraints default; also keeps recursive consumers off the stack limit. */
export const MAX_NESTING_DEPTH = 1000;

const START_OBJECT: Token = { type: 'start-object' };
const END_OBJECT: Token = { type: 'end-object' };
const START_ARRAY: Token = { type: 'start-array' };
const END_ARRAY: Token = { type: 'end-array' };
const END: Token = { type: 'end' };
const TRUE: Token = { type: 'true' };
const FALSE: Token = { type: 'false' };
const NULL: Token = { type: 'null' };

const VALUE_LIST = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

interface Frame {
  readonly kind: 'Object' | 'Array';
  readonly line: number;
  readonly column: number;
  count: number;
  /** Object only: a name and colon were read, a value is due. */
  valueDue: boolean;
}

export function textTokens(text: string): TokenSource {
  return new TextTokens(text);
}

class TextTokens implements TokenSource {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private readonly stack: Frame[] = [];
  private rootDone = false;
  /** A comma was just read inside the current container: a value or name must follow. */
  private afterComma = false;

  constructor(private readonly text: string) {}

  next(): Token {
    this.skipSpace();
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      if (this.rootDone || this.i >= this.text.length) return END;
      this.rootDone = true;
      return this.value();
    }
    if (this.i >= this.text.length) {
      throw this.fail(
        `Unexpected end-of-input: expected close marker for ${top.kind} (start marker at ${this.at(top)})`,
      );
    }
    const c = this.text.charCodeAt(this.i);
    if (top.kind === 'Object' && top.valueDue) {
      top.valueDue = false;
      return this.value();
    }
    if (c === 0x7d || c === 0x5d) {
      if (top.count > 0 && this.afterComma) {
        throw this.unexpected(
          c,
          top.kind === 'Object' ? 'was expecting double-quote to start field name' : 'expected a value',
        );
      }
      const closes = c === 0x7d ? 'Object' : 'Array';
      if (closes !== top.kind) {
        throw this.fail(
          `Unexpected close marker '${String.fromCharCode(c)}': expected '${top.kind === 'Object' ? '}' : ']'}' (for ${top.kind} starting at ${this.at(top)})`,
        );
      }
      this.i++;
      this.stack.pop();
      return closes === 'Object' ? END_OBJECT : END_ARRAY;
    }
    if (top.count > 0 && !this.afterComma) {
      if (c !== 0x2c) {
        throw this.unexpected(c, `was expecting comma to separate ${top.kind} entries`);
      }
      this.i++;
      this.afterComma = true;
      return this.next();
    }
    this.afterComma = false;
    top.count++;
    if (top.kind === 'Array') return this.value();
    if (c !== 0x22) throw this.unexpected(c, 'was expecting double-quote to start field name');
    this.i++;
    const name = this.stringBody();
    this.skipSpace();
    if (this.i >= this.text.length) {
      throw this.fail(`Unexpected end-of-input: expected close marker for Object (start marker at ${this.at(top)})`);
    }
    const colon = this.text.charCodeAt(this.i);
    if (colon !== 0x3a) throw this.unexpected(colon, 'was expecting a colon to separate field name and value');
    this.i++;
    top.valueDue = true;
    return { type: 'name', text: name };
  }

  private value(): Token {
    this.skipSpace();
    if (this.i >= this.text.length) throw this.fail('Unexpected end-of-input: expected a value');
    const c = this.text.charCodeAt(this.i);
    if (c === 0x7b || c === 0x5b) {
      if (this.stack.length >= MAX_NESTING_DEPTH) {
        throw this.fail(
          `Document nesting depth (${this.stack.length + 1}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`,
        );
      }
      this.stack.push({
        kind: c === 0x7b ? 'Object' : 'Array',
        line: this.line,
        column: this.i - this.lineStart + 1,
        count: 0,
        valueDue: false,
      });
      this.afterComma = false;
      this.i++;
      return c === 0x7b ? START_OBJECT : START_ARRAY;
    }
    if (c === 0x22) {
      this.i++;
      return { type: 'string', text: this.stringBody() };
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (isIdentifierPart(c)) {
      const start = this.i;
      while (this.i < this.text.length && isIdentifierPart(this.text.charCodeAt(this.i))) this.i++;
      const word = this.text.slice(start, this.i);
      if (word === 'true') return TRUE;
      if (word === 'false') return FALSE;
      if (word === 'null') return NULL;
      throw this.fail(`Unrecognized token '${word}': was expecting ${VALUE_LIST}`);
    }
    throw this.unexpected(c, `expected a valid value ${VALUE_LIST}`);
  }

  private number(): Token {
    const t = this.text;
    const start = this.i;
    if (t.charCodeAt(this.i) === 0x2d) {
      this.i++;
      const d = t.charCodeAt(this.i);
      if (!(d >= 0x30 && d <= 0x39)) {
        throw this.unexpectedIn(d, 'expected digit (0-9) to follow minus sign, for valid numeric value');
      }
    }
    if (t.charCodeAt(this.i) === 0x30 && isDigit(t.charCodeAt(this.i + 1))) {
      throw this.fail('Invalid numeric value: Leading zeroes not allowed');
    }
    while (isDigit(t.charCodeAt(this.i))) this.i++;
    if (t.charCodeAt(this.i) === 0x2e) {
      this.i++;
      if (!isDigit(t.charCodeAt(this.i))) {
        throw this.unexpectedIn(t.charCodeAt(this.i), 'Decimal point not followed by a digit');
      }
      while (isDigit(t.charCodeAt(this.i))) this.i++;
    }
    const e = t.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const s = t.charCodeAt(this.i);
      if (s === 0x2b || s === 0x2d) this.i++;
      if (!isDigit(t.charCodeAt(this.i))) {
        throw this.unexpectedIn(t.charCodeAt(this.i), 'Exponent indicator not followed by a digit');
      }
      while (isDigit(t.charCodeAt(this.i))) this.i++;
    }
    return { type: 'number', text: t.slice(start, this.i) };
  }

  /** Reads a string body after its opening quote. */
  private stringBody(): string {
    const t = this.text;
    let out = '';
    let run = this.i;
    for (;;) {
      if (this.i >= t.length)
        throw this.fail('Unexpected end-of-input: was expecting closing quote for a string value');
      const c = t.charCodeAt(this.i);
      if (c === 0x22) {
        out += t.slice(run, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) {
        throw this.fail(
          `Illegal unquoted character (${describe(c)}): has to be escaped using backslash to be included in string value`,
        );
      }
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += t.slice(run, this.i);
      this.i++;
      if (this.i >= t.length) throw this.fail('Unexpected end-of-input in character escape sequence');
      const e = t[this.i]!;
      this.i++;
      const simple = ESCAPES[e];
      if (simple !== undefined) out += simple;
      else if (e === 'u') {
        let code = 0;
        for (let k = 0; k < 4; k++) {
          if (this.i >= t.length) throw this.fail('Unexpected end-of-input in character escape sequence');
          const h = hexValue(t.charCodeAt(this.i));
          if (h < 0) throw this.unexpected(t.charCodeAt(this.i), 'expected a hex-digit for character escape sequence');
          code = code * 16 + h;
          this.i++;
        }
        out += String.fromCharCode(code);
      } else {
        throw this.fail(`Unrecognized character escape ${describe(e.charCodeAt(0))}`);
      }
      run = this.i;
    }
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 0x0a) {
        this.line++;
        this.lineStart = this.i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
      this.i++;
    }
  }

  /** Jackson's location text: `[Source: (String)"…"; line: L, column: C]`. */
  private at(frame: Frame): string {
    const shown =
      this.text.length > 500
        ? `${this.text.slice(0, 500)}"[truncated ${this.text.length - 500} chars]`
        : `${this.text}"`;
    return `[Source: (String)"${shown}; line: ${frame.line}, column: ${frame.column}]`;
  }

  private unexpected(c: number, comment: string): JsonSyntaxError {
    if (Number.isNaN(c)) return this.fail('Unexpected end-of-input');
    return this.fail(`Unexpected character (${describe(c)}): ${comment}`);
  }

  private unexpectedIn(c: number, comment: string): JsonSyntaxError {
    if (Number.isNaN(c)) return this.fail(`Unexpected end-of-input in numeric value: ${comment}`);
    return this.fail(`Unexpected character (${describe(c)}) in numeric value: ${comment}`);
  }

  private fail(message: string): JsonSyntaxError {
    return new JsonSyntaxError(message);
  }
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Java's `Character.isJavaIdentifierPart`, closely enough for token error messages. */
function isIdentifierPart(c: number): boolean {
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x5f || c === 0x24) return true;
  return c > 0x7f && /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}\p{Sc}]/u.test(String.fromCharCode(c));
}

/** Jackson's `_getCharDesc`. */
function describe(c: number): string {
  if (c < 0x20) return `(CTRL-CHAR, code ${c})`;
  if (c > 0xff) return `'${String.fromCharCode(c)}' (code ${c} / 0x${c.toString(16)})`;
  return `'${String.fromCharCode(c)}' (code ${c})`;
}

/**
 * Tokens of an already-parsed value, in the order the text form would give them. Walks
 * with an explicit stack, so a deeply nested value cannot overflow the call stack.
 * Values JSON cannot carry are treated as `JSON.stringify` treats them.
 */
export function valueTokens(root: Json): TokenSource {
  type Cursor =
    | { readonly kind: 'object'; readonly entries: [string, Json][]; i: number; named: boolean }
    | { readonly kind: 'array'; readonly items: readonly Json[]; i: number };
  const stack: Cursor[] = [];
  let rootDone = false;

  const open = (v: Json): Token => {
    if (Array.isArray(v)) {
      if (stack.length >= MAX_NESTING_DEPTH) throw nestingError(stack.length + 1);
      stack.push({ kind: 'array', items: v, i: 0 });
      return START_ARRAY;
    }
    if (v !== null && typeof v === 'object') {
      if (stack.length >= MAX_NESTING_DEPTH) throw nestingError(stack.length + 1);
      const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
      stack.push({ kind: 'object', entries, i: 0, named: false });
      return START_OBJECT;
    }
    if (typeof v === 'string') return { type: 'string', text: v };
    if (typeof v === 'number') return Number.isFinite(v) ? { type: 'number', text: String(v) } : NULL;
    if (v === true) return TRUE;
    if (v === false) return FALSE;
    return NULL;
  };

  return {
    next(): Token {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (rootDone) return END;
        rootDone = true;
        return open(root);
      }
      if (top.kind === 'array') {
        if (top.i >= top.items.length) {
          stack.pop();
          return END_ARRAY;
        }
        return open(top.items[top.i++] as Json);
      }
      if (top.i >= top.entries.length) {
        stack.pop();
        return END_OBJECT;
      }
      const entry = top.entries[top.i]!;
      if (!top.named) {
        top.named = true;
        return { type: 'name', text: entry[0] };
      }
      top.named = false;
      top.i++;
      return open(entry[1]);
    },
  };
}

function nestingError(depth: number): JsonSyntaxError {
  return new JsonSyntaxError(
    `Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_NESTING_DEPTH}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`,
  );
}
