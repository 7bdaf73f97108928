import { describe, expect, it } from 'vitest';
import { toYaml } from './format.js';
import { jsonPointerRanges, lineColumn, locatePointer } from './locate.js';

const text = `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Next": "B" },
    "a/b": { "Type": "Choice", "Choices": [ { "Next": "A" } ] }
  }
}`;

describe('locating a diagnostic in the editor text', () => {
  it('maps JSON pointers to the member they name, key included', () => {
    const ranges = jsonPointerRanges(text);
    const next = ranges.get('/States/A/Next')!;
    expect(text.slice(next.start, next.end)).toBe('"Next": "B"');
    expect(lineColumn(text, next.start)).toEqual({ line: 4, column: 28 });
    const choice = ranges.get('/States/a~1b/Choices/0/Next')!;
    expect(text.slice(choice.start, choice.end)).toBe('"Next": "A"');
  });

  it('falls back to the deepest part of the pointer that exists', () => {
    const range = locatePointer(text, '/States/A/Parameters/x', 'json')!;
    expect(text.slice(range.start, range.start + 5)).toBe('"A": ');
  });

  it('keeps positions found before a syntax error', () => {
    const broken = '{"StartAt": "A", "States": {"A": {"Type": "Pass",, }}}';
    expect(jsonPointerRanges(broken).has('/States/A/Type')).toBe(true);
    expect(jsonPointerRanges(broken).has('/States/A')).toBe(false);
  });

  it('locates pointers in the YAML view', () => {
    const yaml = toYaml(text);
    const range = locatePointer(yaml, '/States/A/Next', 'yaml')!;
    expect(yaml.slice(range.start, range.end)).toMatch(/^Next: B/);
    expect(lineColumn(yaml, range.start).line).toBe(5);
  });
});
