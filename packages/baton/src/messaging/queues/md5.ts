/**
 * The MD5 digests SQS returns and the SDKs verify (SQS developer guide, "Calculating the MD5
 * message digest for message attributes"): MD5OfMessageBody is the MD5 of the body's UTF-8
 * bytes. MD5OfMessageAttributes is the MD5 of the attributes sorted by name, each encoded as
 * name, data type, a transport byte (1 string or number, 2 binary, 3 string list, 4 binary list)
 * and the value, every variable-length part prefixed by its length as a 4-byte big-endian
 * integer. MD5OfMessageSystemAttributes uses the same encoding.
 */
import { createHash } from 'node:crypto';

export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  /** Base64, as both protocols carry it. */
  readonly BinaryValue?: string;
  readonly StringListValues?: readonly string[];
  readonly BinaryListValues?: readonly string[];
}

export type MessageAttributes = Readonly<Record<string, MessageAttributeValue>>;

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer[] {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
}

/** The digest of `attributes`, or undefined when there are none (AWS then omits the member). */
export function md5OfAttributes(attributes: MessageAttributes | undefined): string | undefined {
  const names = Object.keys(attributes ?? {});
  if (!attributes || names.length === 0) return undefined;
  const parts: Buffer[] = [];
  // Sorted by the names' UTF-8 bytes, as AWS sorts them (not by UTF-16 code units).
  names.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  for (const name of names) {
    const value = attributes[name]!;
    parts.push(...lengthPrefixed(Buffer.from(name, 'utf8')), ...lengthPrefixed(Buffer.from(value.DataType, 'utf8')));
    if (value.StringValue !== undefined) {
      parts.push(Buffer.from([1]), ...lengthPrefixed(Buffer.from(value.StringValue, 'utf8')));
    } else if (value.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]), ...lengthPrefixed(Buffer.from(value.BinaryValue, 'base64')));
    } else if (value.StringListValues !== undefined) {
      parts.push(Buffer.from([3]));
      for (const s of value.StringListValues) parts.push(...lengthPrefixed(Buffer.from(s, 'utf8')));
    } else if (value.BinaryListValues !== undefined) {
      parts.push(Buffer.from([4]));
      for (const b of value.BinaryListValues) parts.push(...lengthPrefixed(Buffer.from(b, 'base64')));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}
