import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, type Token, textTokens } from './json-tokens.js';

function all(text: string): Token[] {
  const t = textTokens(text);
  const out: Token[] = [];
  for (let x = t.next(); x.type !== 'end'; x = t.next()) out.push(x);
  return out;
}

function failure(text: string): string {
  try {
    all(text);
    return 'no error';
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e.message;
    throw e;
  }
}

describe('JSON tokens with Jackson messages', () => {
  it('keeps number spellings and repeated keys', () => {
    expect(all('{"a": 300.0, "a": 3e2}')).toEqual([
      { type: 'start-object' },
      { type: 'name', text: 'a' },
      { type: 'number', text: '300.0' },
      { type: 'name', text: 'a' },
      { type: 'number', text: '3e2' },
      { type: 'end-object' },
    ]);
  });

  it.each([
    [
      'this is valid json but not a dict',
      "Unrecognized token 'this': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
    ],
    ["{'bad': 'quotation'}", "Unexpected character (''' (code 39)): was expecting double-quote to start field name"],
    ['[1, 2 3]', "Unexpected character ('3' (code 51)): was expecting comma to separate Array entries"],
    ['{"a": 01}', 'Invalid numeric value: Leading zeroes not allowed'],
    ['"abc', 'Unexpected end-of-input: was expecting closing quote for a string value'],
    ['"a\\qb"', "Unrecognized character escape 'q' (code 113)"],
    ['{"a" 1}', "Unexpected character ('1' (code 49)): was expecting a colon to separate field name and value"],
  ])('%s', (text, message) => {
    expect(failure(text)).toBe(message);
  });

  it('reports a wrong close marker with where the container started', () => {
    expect(failure('{"a": [1 }')).toBe(
      `Unexpected close marker '}': expected ']' (for Array starting at [Source: (String)"{"a": [1 }"; line: 1, column: 7])`,
    );
  });

  it('bounds nesting as Jackson does', () => {
    expect(failure('['.repeat(1001))).toContain('Document nesting depth (1001) exceeds the maximum allowed (1000');
  });
});
