/**
 * Reading Kinesis request members with the API reference's constraints, in the words of AWS's
 * request validation: every member is checked and the failures are reported together, as
 * "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member
 * must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; …" (members in lower camel case,
 * list members as `records.1.member.partitionKey`, blobs shown as Java's HeapByteBuffer, as
 * kinesalite recorded from AWS). A member of the wrong JSON type is a SerializationException.
 */
import { isJsonObject, type Json, type JsonObject } from '../../../kernel/index.js';
import { parseStreamArn, STREAM_NAME, type StreamRef, streamErrors } from '../../../messaging/streams/index.js';
import { AwsError } from '../../errors.js';
import type { RequestContext } from '../request-context.js';

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function serialization(message: string): AwsError {
  return new AwsError('SerializationException', message);
}

export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** The pattern as AWS prints it. */
  readonly patternText?: string;
  readonly values?: readonly string[];
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
}

/** Collects a request's validation failures; `done()` throws them as one ValidationException. */
export class Members {
  private readonly failures: string[] = [];

  constructor(
    private readonly input: JsonObject,
    /** The path of this object in messages (`records.1.member`), or '' at the top. */
    private readonly path = '',
  ) {}

  private at(field: string): string {
    return `${this.path}${lowerFirst(field)}`;
  }

  fail(value: string, field: string, rule: string): void {
    if (this.failures.length < 10) {
      this.failures.push(`Value ${value} at '${this.at(field)}' failed to satisfy constraint: Member must ${rule}`);
    }
  }

  /** Failures of a nested object (a list member) count as this request's. */
  adopt(nested: Members): void {
    for (const f of nested.failures) if (this.failures.length < 10) this.failures.push(f);
  }

  string(field: string, rule: StringRule & { required: true }): string;
  string(field: string, rule?: StringRule & { required?: boolean }): string | undefined;
  string(field: string, rule: StringRule & { required?: boolean } = {}): string | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (rule.required) this.fail('null', field, 'not be null');
      return undefined;
    }
    if (typeof v !== 'string') throw serialization(`Expected a string for '${field}'`);
    const shown = `'${v}'`;
    if (rule.values && !rule.values.includes(v))
      this.fail(shown, field, `satisfy enum value set: [${rule.values.join(', ')}]`);
    if (rule.pattern && !rule.pattern.test(v)) {
      this.fail(shown, field, `satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
    }
    if (rule.min !== undefined && v.length < rule.min)
      this.fail(shown, field, `have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && v.length > rule.max)
      this.fail(shown, field, `have length less than or equal to ${rule.max}`);
    return v;
  }

  integer(field: string, rule: NumberRule & { required: true }): number;
  integer(field: string, rule?: NumberRule): number | undefined;
  integer(field: string, rule: NumberRule & { required?: boolean } = {}): number | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (rule.required) this.fail('null', field, 'not be null');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw serialization(`Expected a number for '${field}'`);
    const n = Math.trunc(v);
    if (rule.min !== undefined && n < rule.min)
      this.fail(`'${n}'`, field, `have value greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && n > rule.max)
      this.fail(`'${n}'`, field, `have value less than or equal to ${rule.max}`);
    return n;
  }

  /** A timestamp (epoch seconds, as the JSON protocol sends it) in epoch milliseconds. */
  timestamp(field: string): number | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw serialization(`Expected epoch seconds for '${field}'`);
    return Math.round(v * 1000);
  }

  boolean(field: string): boolean | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw serialization(`Expected a boolean for '${field}'`);
    return v;
  }

  /** A base64 blob, decoded; its decoded length is what the limits count. */
  blob(field: string, max: number): Uint8Array {
    const v = this.input[field];
    if (v === undefined || v === null) {
      this.fail('null', field, 'not be null');
      return new Uint8Array(0);
    }
    if (typeof v !== 'string') throw serialization(`Expected a base64 string for '${field}'`);
    const data = Buffer.from(v, 'base64');
    if (data.length > max) {
      this.fail(
        `'java.nio.HeapByteBuffer[pos=0 lim=${data.length} cap=${data.length}]'`,
        field,
        `have length less than or equal to ${max}`,
      );
    }
    return data;
  }

  list(field: string, rule: { min?: number; max?: number; required?: boolean } = {}): Json[] | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (rule.required) this.fail('null', field, 'not be null');
      return undefined;
    }
    if (!Array.isArray(v)) throw serialization(`Expected a list for '${field}'`);
    const shown = `'[${v.length} members]'`;
    if (rule.min !== undefined && v.length < rule.min)
      this.fail(shown, field, `have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && v.length > rule.max)
      this.fail(shown, field, `have length less than or equal to ${rule.max}`);
    return v;
  }

  strings(field: string, rule: { min?: number; max?: number; required?: boolean } = {}): string[] | undefined {
    const list = this.list(field, rule);
    if (list && !list.every((s) => typeof s === 'string')) throw serialization(`Expected strings in '${field}'`);
    return list as string[] | undefined;
  }

  map(
    field: string,
    rule: { min?: number; max?: number; required?: boolean } = {},
  ): Record<string, string> | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) {
      if (rule.required) this.fail('null', field, 'not be null');
      return undefined;
    }
    if (!isJsonObject(v)) throw serialization(`Expected a map for '${field}'`);
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(v)) {
      if (typeof value !== 'string') throw serialization(`Expected string values in '${field}'`);
      out[k] = value;
    }
    const n = Object.keys(out).length;
    if (rule.min !== undefined && n < rule.min)
      this.fail(`'${JSON.stringify(out)}'`, field, `have length greater than or equal to ${rule.min}`);
    if (rule.max !== undefined && n > rule.max)
      this.fail(`'${JSON.stringify(out)}'`, field, `have length less than or equal to ${rule.max}`);
    return out;
  }

  object(field: string): JsonObject | undefined {
    const v = this.input[field];
    if (v === undefined || v === null) return undefined;
    if (!isJsonObject(v)) throw serialization(`Expected a structure for '${field}'`);
    return v;
  }

  done(): void {
    if (this.failures.length === 0) return;
    const n = this.failures.length;
    throw new AwsError(
      'ValidationException',
      `${n} validation error${n > 1 ? 's' : ''} detected: ${this.failures.join('; ')}`,
    );
  }
}

export const NAME_RULE: StringRule = { min: 1, max: 128, pattern: STREAM_NAME, patternText: '[a-zA-Z0-9_.-]+' };
export const ARN_RULE: StringRule = {
  min: 1,
  max: 2048,
  pattern: /^arn:aws.*:kinesis:.*:\d{12}:stream\/\S+$/,
  patternText: 'arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+',
};
export const SHARD_ID_RULE: StringRule = {
  min: 1,
  max: 128,
  pattern: /^[a-zA-Z0-9_.-]+$/,
  patternText: '[a-zA-Z0-9_.-]+',
};
export const HASH_KEY_RULE: StringRule = { pattern: /^(0|[1-9]\d{0,38})$/, patternText: '0|([1-9]\\d{0,38})' };
export const SEQUENCE_RULE: StringRule = { pattern: /^(0|[1-9]\d{0,128})$/, patternText: '0|([1-9]\\d{0,128})' };

/**
 * The stream a request names by StreamName (in the request's region and account) or StreamARN;
 * with both, they must agree. Call after reading the other members, before `done()` for the
 * validation failures to come first.
 */
export function streamOf(m: Members, ctx: RequestContext): () => StreamRef {
  const name = m.string('StreamName', NAME_RULE);
  const arn = m.string('StreamARN', ARN_RULE);
  return () => {
    if (arn !== undefined) {
      const ref = parseStreamArn(arn);
      if (!ref) throw streamErrors.invalidArn(arn);
      if (name !== undefined && name !== ref.name) throw streamErrors.nameArnMismatch(name, arn);
      return ref;
    }
    if (name === undefined) throw streamErrors.nameOrArn();
    return { region: ctx.region, account: ctx.account, name };
  };
}

/** Validates the request and resolves its stream. */
export function readStream(input: JsonObject, ctx: RequestContext, more?: (m: Members) => void): StreamRef {
  const m = new Members(input);
  more?.(m);
  const stream = streamOf(m, ctx);
  m.done();
  return stream();
}

/** Epoch seconds with millisecond precision, as the JSON protocol carries timestamps. */
export const seconds = (ms: number) => ms / 1000;
