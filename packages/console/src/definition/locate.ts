/**
 * Where a JSON pointer sits in a definition's text, so a diagnostic (`/States/Check/Next`) can
 * point at its line in the editor. JSON text is scanned by a small parser that records every
 * value's position; YAML text is located through the `yaml` library's node ranges.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Scans JSON text and returns the range of every value by pointer (the member's key included
 * for object members). Stops at the first syntax error, keeping what it found before it.
 */
export function jsonPointerRanges(text: string): Map<string, TextRange> {
  const ranges = new Map<string, TextRange>();
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError(`unexpected input at ${i}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = (): string => {
    if (text[i] !== '"') fail();
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string, from?: number) => {
    ws();
    const start = from ?? i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') i++;
      else
        for (;;) {
          ws();
          const keyStart = i;
          const key = string();
          ws();
          if (text[i] !== ':') fail();
          i++;
          value(`${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, keyStart);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === '}') {
            i++;
            break;
          } else fail();
        }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') i++;
      else
        for (let index = 0; ; index++) {
          value(`${pointer}/${index}`);
          ws();
          if (text[i] === ',') i++;
          else if (text[i] === ']') {
            i++;
            break;
          } else fail();
        }
    } else if (c === '"') string();
    else {
      const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) fail();
      i += m![0].length;
    }
    ranges.set(pointer, { start, end: i });
  };
  try {
    value('');
  } catch {
    // Keep what was found before the error: the editor still points at earlier states.
  }
  return ranges;
}

/** The range of the deepest existing prefix of `pointer` in JSON or YAML text. */
export function locatePointer(text: string, pointer: string, format: 'json' | 'yaml'): TextRange | undefined {
  const ranges = format === 'json' ? jsonPointerRanges(text) : yamlPointerRanges(text, pointer);
  const segments = pointer.split('/');
  for (let n = segments.length; n >= 1; n--) {
    const range = ranges.get(segments.slice(0, n).join('/'));
    if (range) return range;
  }
  return undefined;
}

/** Ranges along one pointer's path in YAML text (each prefix that exists). */
function yamlPointerRanges(text: string, pointer: string): Map<string, TextRange> {
  const ranges = new Map<string, TextRange>();
  const doc = parseDocument(text);
  let node: unknown = doc.contents;
  let path = '';
  const record = (n: unknown, key?: unknown) => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    const keyRange = (key as { range?: [number, number, number] } | null)?.range;
    if (range) ranges.set(path, { start: keyRange ? keyRange[0] : range[0], end: range[1] });
  };
  record(node);
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += `/${raw}`;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment);
      if (!pair) break;
      node = pair.value;
      record(node, pair.key);
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      if (!node) break;
      record(node);
    } else break;
  }
  return ranges;
}

export function lineColumn(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
