/**
 * Path text → ParsedPath, following Jayway JsonPath's PathCompiler (the library Step Functions
 * evaluates paths with; developer guide, "Paths" and "Reference Paths") plus the Step Functions
 * roots: `$$` for the context object and `$name` for a workflow variable ("Passing data between
 * states with variables").
 *
 * Two deliberate departures from Jayway, both from AWS recordings: a quoted bracket name keeps its
 * backslashes (`$['a\"b']` reads the key `a\"b`), and a path is never prefixed with `$.` when it
 * lacks a root; it is an error instead.
 */
import { Cursor, isSpace, readInteger } from './cursor.js';
import type { ParsedPath, PathFunction, PathOperand, Root, Step } from './model.js';
import { isDefinite } from './model.js';
import { parseFilter } from './parse-filter.js';

const FUNCTIONS: ReadonlySet<string> = new Set<PathFunction>(['length', 'min', 'max', 'avg', 'sum', 'stddev']);
const VARIABLE_START = /[\p{L}_]/u;
const VARIABLE_PART = /[\p{L}\p{N}_]/u;

/** Parses a whole path; throws PathSyntaxError. */
export function parsePathText(text: string): ParsedPath {
  const c = new Cursor(text.trim());
  if (c.peek() !== '$') c.fail(`A path must start with '$': '${text}'`);
  c.pos++;
  let root: Root = 'input';
  let variableName: string | undefined;
  if (c.peek() === '$') {
    c.pos++;
    root = 'context';
  } else if (VARIABLE_START.test(c.peek())) {
    const start = c.pos;
    while (!c.done && VARIABLE_PART.test(c.peek())) c.pos++;
    root = 'variable';
    variableName = c.text.slice(start, c.pos);
  }
  const steps = parseSteps(c, false);
  if (!c.done) c.fail(`Could not parse token starting at position ${c.pos}`);
  return variableName === undefined ? { root, steps } : { root, variableName, steps };
}

/** Parses an `@…` or `$…` operand inside a filter, stopping at the first operator or space. */
export function parseFilterPath(c: Cursor): PathOperand {
  const relative = c.peek() === '@';
  c.pos++;
  const steps = parseSteps(c, true);
  return { kind: 'path', relative, steps, definite: isDefinite(steps) };
}

function parseSteps(c: Cursor, inFilter: boolean): Step[] {
  const steps: Step[] = [];
  while (!c.done) {
    if (steps.length > 0 && steps[steps.length - 1]!.kind === 'function') {
      if (inFilter) break;
      c.fail(`A function must be the last step of a path (position ${c.pos})`);
    }
    const ch = c.peek();
    if (ch === '.') {
      if (c.peek(1) === '.') {
        c.pos += 2;
        steps.push({ kind: 'descend' });
        if (c.done || (inFilter && isFilterStop(c.peek()))) c.fail("Path must not end with a '.' or '..'");
        steps.push(c.peek() === '[' ? parseBracket(c) : parseDotMember(c, inFilter, false));
      } else {
        c.pos++;
        if (c.done || (inFilter && isFilterStop(c.peek()))) c.fail("Path must not end with a '.' or '..'");
        steps.push(c.peek() === '[' ? parseBracket(c) : parseDotMember(c, inFilter, true));
      }
    } else if (ch === '[') {
      steps.push(parseBracket(c));
    } else if (inFilter) {
      break;
    } else {
      c.fail(`Could not parse token starting at position ${c.pos}`);
    }
  }
  return steps;
}

function isFilterStop(ch: string): boolean {
  return isSpace(ch.charCodeAt(0)) || '()<>=~!&|,'.includes(ch);
}

/** `*`, a property name, or a function call after a dot. */
function parseDotMember(c: Cursor, inFilter: boolean, allowFunction: boolean): Step {
  if (c.peek() === '*') {
    c.pos++;
    return { kind: 'wildcard' };
  }
  const start = c.pos;
  while (!c.done) {
    const ch = c.peek();
    if (ch === '.' || ch === '[' || ch === '(') break;
    if (isSpace(ch.charCodeAt(0))) {
      if (inFilter) break;
      c.fail(`Use bracket notation ['my prop'] if your property contains blank characters. position: ${c.pos}`);
    }
    if (inFilter && isFilterStop(ch)) break;
    c.pos++;
  }
  const name = c.text.slice(start, c.pos);
  if (name === '') c.fail(`Could not parse token starting at position ${start}`);
  if (c.peek() === '(') {
    if (!allowFunction || !FUNCTIONS.has(name)) c.fail(`Function of name: ${name} cannot be created`);
    c.pos++;
    c.expect(')');
    return { kind: 'function', name: name as PathFunction };
  }
  return inFilter && name === 'length' ? { ...nameStep(name), arrayLength: true } : nameStep(name);
}

function nameStep(name: string): Step & { kind: 'name' } {
  return { kind: 'name', name, inherited: name in Object.prototype };
}

function parseBracket(c: Cursor): Step {
  c.pos++; // '['
  c.skipSpaces();
  const ch = c.peek();
  let step: Step;
  if (ch === '*') {
    c.pos++;
    step = { kind: 'wildcard' };
  } else if (ch === '?') {
    c.pos++;
    c.expect('(');
    step = { kind: 'filter', test: parseFilter(c, parseFilterPath) };
    c.expect(')');
  } else if (ch === "'" || ch === '"') {
    step = parseNames(c);
  } else {
    step = parseNumbers(c);
  }
  c.expect(']');
  return step;
}

function parseNames(c: Cursor): Step {
  const names: string[] = [];
  for (;;) {
    c.skipSpaces();
    const quote = c.peek();
    if (quote !== "'" && quote !== '"') c.fail(`Expected a quoted property name at position ${c.pos}`);
    const start = ++c.pos;
    // A backslash protects the next character from ending the name; both stay in the name.
    while (!c.done && c.peek() !== quote) c.pos += c.peek() === '\\' ? 2 : 1;
    if (c.done) c.fail(`Property has no closing quote: position ${start - 1}`);
    names.push(c.text.slice(start, c.pos));
    c.pos++;
    c.skipSpaces();
    if (c.peek() !== ',') break;
    c.pos++;
  }
  return names.length === 1 ? nameStep(names[0]!) : { kind: 'names', names };
}

function parseNumbers(c: Cursor): Step {
  const first = readInteger(c);
  c.skipSpaces();
  if (c.peek() === ':') {
    c.pos++;
    const end = readInteger(c);
    let step = 1;
    c.skipSpaces();
    if (c.peek() === ':') {
      c.pos++;
      step = readInteger(c) ?? 1;
      if (step === 0) c.fail('Slice step cannot be zero');
    }
    return {
      kind: 'slice',
      ...(first === undefined ? {} : { start: first }),
      ...(end === undefined ? {} : { end }),
      step,
    };
  }
  if (first === undefined) c.fail(`Could not parse token starting at position ${c.pos}`);
  const indexes = [first];
  while (c.peek() === ',') {
    c.pos++;
    const next = readInteger(c);
    if (next === undefined) c.fail(`Expected an array index at position ${c.pos}`);
    indexes.push(next);
    c.skipSpaces();
  }
  return indexes.length === 1 ? { kind: 'index', index: first } : { kind: 'indexes', indexes };
}
