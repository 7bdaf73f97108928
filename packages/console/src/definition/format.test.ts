import { describe, expect, it } from 'vitest';
import { compactJson, jsonSyntaxError } from './format.js';

describe('compactJson', () => {
  it('keeps short values on one line and breaks long ones', () => {
    const pattern = {
      source: ['shop.orders'],
      'detail-type': ['OrderPlaced', 'OrderUpdated'],
      detail: { total: [{ numeric: ['>', 100, '<=', 5000] }], country: [{ 'anything-but': ['US', 'CA'] }] },
    };
    expect(compactJson(JSON.stringify(pattern))).toBe(
      [
        '{',
        '  "source": ["shop.orders"],',
        '  "detail-type": ["OrderPlaced", "OrderUpdated"],',
        '  "detail": {',
        '    "total": [{ "numeric": [">", 100, "<=", 5000] }],',
        '    "country": [{ "anything-but": ["US", "CA"] }]',
        '  }',
        '}',
      ].join('\n'),
    );
    expect(compactJson('{"source":["a"]}')).toBe('{ "source": ["a"] }');
    expect(compactJson('{}')).toBe('{}');
    expect(compactJson('not json')).toBe('not json');
  });
});

describe('jsonSyntaxError', () => {
  it("is undefined for JSON and the parser's message otherwise", () => {
    expect(jsonSyntaxError('{"a": [1]}')).toBeUndefined();
    expect(jsonSyntaxError('{"a":')).toMatch(/JSON/);
  });
});
