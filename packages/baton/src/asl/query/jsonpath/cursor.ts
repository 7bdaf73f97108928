/**
 * A read position over path text, shared by the path and filter parsers. Syntax errors are thrown
 * as PathSyntaxError inside the parsers and turned into `err(...)` at the module face, so no
 * caller ever sees an exception from parsing.
 */
export class PathSyntaxError extends Error {
  override readonly name = 'PathSyntaxError';
}

export class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  skipSpaces(): void {
    while (this.pos < this.text.length && isSpace(this.text.charCodeAt(this.pos))) this.pos++;
  }

  expect(s: string): void {
    this.skipSpaces();
    if (!this.startsWith(s)) this.fail(`Expected '${s}' at position ${this.pos}`);
    this.pos += s.length;
  }

  fail(message: string): never {
    throw new PathSyntaxError(message);
  }
}

export function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Reads an optionally signed run of digits; undefined when there is none at the cursor. */
export function readInteger(c: Cursor): number | undefined {
  c.skipSpaces();
  const start = c.pos;
  if (c.peek() === '-') c.pos++;
  const digits = c.pos;
  while (c.peek() >= '0' && c.peek() <= '9') c.pos++;
  if (c.pos === digits) {
    c.pos = start;
    return undefined;
  }
  const n = Number(c.text.slice(start, c.pos));
  if (!Number.isSafeInteger(n)) c.fail(`Index out of range at position ${start}`);
  return n;
}
