/**
 * Reading an event from its JSON text without losing what matching needs: the spelling of
 * each number (`37.80780` is not compared like `37.8078` when it is a literal) and every
 * value of a repeated key (event-ruler reads events as a token stream and sees both).
 */
import type { Result } from '../../kernel/index.js';
import { err, ok } from '../../kernel/index.js';
import type { PatternError } from '../ir.js';
import { JsonSyntaxError, type Token, type TokenSource, textTokens } from '../json-tokens.js';
import { type EventNode, EventObject, RawNumber } from './flatten.js';

/** An event parsed from text; pass it to `match` instead of a JSON value. */
export class ParsedEvent {
  constructor(readonly root: EventNode) {}
}

const INVALID_EVENT: PatternError = { code: 'ValidationException', message: 'Parameter Event is not valid.' };

/** Parses event text; anything but a JSON object is AWS's "Parameter Event is not valid." */
export function parseEventText(text: string): Result<ParsedEvent, PatternError> {
  const node = parseJsonNode(text);
  return node instanceof EventObject ? ok(new ParsedEvent(node)) : err(INVALID_EVENT);
}

/** Any JSON text as an event tree, or undefined when the text is not JSON. */
export function parseJsonNode(text: string): EventNode | undefined {
  try {
    const tokens = textTokens(text);
    const node = readNode(tokens, tokens.next());
    return tokens.next().type === 'end' ? node : undefined;
  } catch (e) {
    if (e instanceof JsonSyntaxError) return undefined;
    throw e;
  }
}

function readNode(tokens: TokenSource, t: Token): EventNode {
  switch (t.type) {
    case 'start-object': {
      const entries: [string, EventNode][] = [];
      for (let k = tokens.next(); k.type === 'name'; k = tokens.next())
        entries.push([k.text, readNode(tokens, tokens.next())]);
      return new EventObject(entries);
    }
    case 'start-array': {
      const items: EventNode[] = [];
      for (let v = tokens.next(); v.type !== 'end-array'; v = tokens.next()) items.push(readNode(tokens, v));
      return items;
    }
    case 'string':
      return t.text;
    case 'number':
      return new RawNumber(t.text);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    default:
      throw new JsonSyntaxError('Unexpected end-of-input: expected a value');
  }
}
