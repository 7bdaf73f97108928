/**
 * What an SNS filter policy is matched against. In the MessageAttributes scope the
 * attributes form a flat event: String (and custom `String.*`) values are strings, Number
 * values are numbers spelled as sent, String.Array values are JSON arrays whose elements
 * match individually, and Binary attributes are ignored, as SNS documents. In the
 * MessageBody scope the body must be a JSON object; anything else matches no policy.
 * @see https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
 */
import { type EventNode, EventObject, RawNumber } from './event/flatten.js';
import { ParsedEvent, parseJsonNode } from './event/parse-event.js';

/** An SNS message attribute as Publish carries it. */
export interface MessageAttribute {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: unknown;
}

export function attributesEvent(attributes: Readonly<Record<string, MessageAttribute>>): ParsedEvent {
  const entries: [string, EventNode][] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = attributeValue(attribute);
    if (value !== undefined) entries.push([name, value]);
  }
  return new ParsedEvent(new EventObject(entries));
}

function attributeValue(a: MessageAttribute): EventNode | undefined {
  const type = a.DataType.split('.')[0];
  const text = a.StringValue;
  if (text === undefined) return undefined;
  if (a.DataType === 'String.Array') {
    const parsed = parseJsonNode(text);
    return Array.isArray(parsed) ? parsed : undefined;
  }
  if (type === 'String') return text;
  if (type === 'Number') return new RawNumber(text.trim());
  return undefined;
}

/** The message body as an event, or undefined when it is not a JSON object. */
export function bodyEvent(body: string): ParsedEvent | undefined {
  const node = parseJsonNode(body);
  return node instanceof EventObject ? new ParsedEvent(node) : undefined;
}
