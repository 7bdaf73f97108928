/**
 * The inside of `[?( … )]`, after Jayway JsonPath's FilterCompiler: `||` binds looser than `&&`,
 * `!` negates, parentheses group, a lone path tests existence, and a comparison puts a relational
 * operator between two operands (paths, JSON literals with either quote style, `/regex/flags`).
 */
import type { Json, JsonObject } from '../../../kernel/index.js';
import type { Cursor } from './cursor.js';
import type { Filter, FilterOperator, Operand, PathOperand } from './model.js';

type ReadPath = (c: Cursor) => PathOperand;

const SYMBOL_OPERATORS: readonly FilterOperator[] = ['==', '!=', '<=', '>=', '=~', '<', '>'];
const WORD_OPERATORS: readonly FilterOperator[] = [
  'nin',
  'in',
  'subsetof',
  'anyof',
  'noneof',
  'contains',
  'size',
  'empty',
];

export function parseFilter(c: Cursor, readPath: ReadPath): Filter {
  let left = parseAnd(c, readPath);
  for (;;) {
    c.skipSpaces();
    if (!c.startsWith('||')) return left;
    c.pos += 2;
    left = { kind: 'or', left, right: parseAnd(c, readPath) };
  }
}

function parseAnd(c: Cursor, readPath: ReadPath): Filter {
  let left = parseUnary(c, readPath);
  for (;;) {
    c.skipSpaces();
    if (!c.startsWith('&&')) return left;
    c.pos += 2;
    left = { kind: 'and', left, right: parseUnary(c, readPath) };
  }
}

function parseUnary(c: Cursor, readPath: ReadPath): Filter {
  c.skipSpaces();
  if (c.peek() === '!' && c.peek(1) !== '=') {
    c.pos++;
    return { kind: 'not', operand: parseUnary(c, readPath) };
  }
  if (c.peek() === '(') {
    c.pos++;
    const inner = parseFilter(c, readPath);
    c.expect(')');
    return inner;
  }
  const left = parseOperand(c, readPath);
  c.skipSpaces();
  const op = readOperator(c);
  if (op === undefined) {
    if (left.kind !== 'path') c.fail(`Expected a relational operator at position ${c.pos}`);
    return { kind: 'exists', path: left };
  }
  return { kind: 'compare', op, left, right: parseOperand(c, readPath) };
}

function readOperator(c: Cursor): FilterOperator | undefined {
  for (const op of SYMBOL_OPERATORS) {
    if (c.startsWith(op)) {
      c.pos += op.length;
      return op;
    }
  }
  for (const op of WORD_OPERATORS) {
    if (c.startsWith(op) && !/[\p{L}\p{N}_]/u.test(c.peek(op.length))) {
      c.pos += op.length;
      return op;
    }
  }
  return undefined;
}

function parseOperand(c: Cursor, readPath: ReadPath): Operand {
  c.skipSpaces();
  const ch = c.peek();
  if (ch === '@' || ch === '$') return readPath(c);
  if (ch === '/') return { kind: 'regex', regex: readRegex(c) };
  return { kind: 'literal', value: readLiteral(c) };
}

/** `/pattern/flags`, matched against the whole text as Java's Matcher.matches() does. */
function readRegex(c: Cursor): RegExp {
  const start = ++c.pos;
  while (!c.done && c.peek() !== '/') c.pos += c.peek() === '\\' ? 2 : 1;
  if (c.done) c.fail(`Regular expression has no closing '/': position ${start - 1}`);
  const source = c.text.slice(start, c.pos++);
  let flags = '';
  while ('ims'.includes(c.peek()) && c.peek() !== '') flags += c.text.charAt(c.pos++);
  if (/[\p{L}]/u.test(c.peek())) c.fail(`Unsupported regular expression flag '${c.peek()}'`);
  try {
    // Lookarounds instead of ^…$ so the whole-text anchor holds even with the m flag.
    return new RegExp(`(?<![\\s\\S])(?:${source})(?![\\s\\S])`, flags);
  } catch {
    return c.fail(`Invalid regular expression /${source}/`);
  }
}

/** A JSON value in filter syntax: strings may use single quotes, as Jayway allows. */
function readLiteral(c: Cursor): Json {
  c.skipSpaces();
  const ch = c.peek();
  if (ch === "'" || ch === '"') return readString(c);
  if (ch === '[') {
    c.pos++;
    const items: Json[] = [];
    c.skipSpaces();
    if (c.peek() === ']') {
      c.pos++;
      return items;
    }
    for (;;) {
      items.push(readLiteral(c));
      c.skipSpaces();
      if (c.peek() === ']') break;
      c.expect(',');
    }
    c.pos++;
    return items;
  }
  if (ch === '{') {
    c.pos++;
    const obj: JsonObject = {};
    c.skipSpaces();
    if (c.peek() === '}') {
      c.pos++;
      return obj;
    }
    for (;;) {
      c.skipSpaces();
      const key = readString(c);
      c.expect(':');
      Object.defineProperty(obj, key, { value: readLiteral(c), enumerable: true, writable: true, configurable: true });
      c.skipSpaces();
      if (c.peek() === '}') break;
      c.expect(',');
    }
    c.pos++;
    return obj;
  }
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (c.startsWith(word)) {
      c.pos += word.length;
      return value;
    }
  }
  const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(c.text.slice(c.pos));
  if (!m) c.fail(`Could not parse a value at position ${c.pos}`);
  c.pos += m[0].length;
  return Number(m[0]);
}

const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function readString(c: Cursor): string {
  const quote = c.peek();
  if (quote !== "'" && quote !== '"') c.fail(`Expected a string at position ${c.pos}`);
  const start = c.pos++;
  let out = '';
  while (!c.done && c.peek() !== quote) {
    const ch = c.text.charAt(c.pos++);
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = c.text.charAt(c.pos++);
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(c.text.slice(c.pos, c.pos + 4))) {
      out += String.fromCharCode(Number.parseInt(c.text.slice(c.pos, c.pos + 4), 16));
      c.pos += 4;
    } else {
      out += ESCAPES[next] ?? next;
    }
  }
  if (c.done) c.fail(`String has no closing quote: position ${start}`);
  c.pos++;
  return out;
}
