/**
 * Reading the members of a request document with the checks of the API reference (required,
 * length, pattern, range, enum) and AWS's validation messages, which name each member by its
 * path (`sourceParameters.sqsQueueParameters.batchSize`).
 */
import { isJsonObject, type Json, type JsonObject } from '../../kernel/index.js';
import { pipeErrors } from './errors.js';

export interface StringRule {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Checked against the whole value; `patternText` is how the API reference writes it. */
  readonly pattern?: RegExp;
  readonly patternText?: string;
}

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export class Fields {
  private constructor(
    readonly value: JsonObject,
    readonly path: string,
  ) {}

  /** The members of `value`, which must be an object (or absent: then undefined). */
  static of(value: Json | undefined, path: string): Fields | undefined {
    if (value === undefined || value === null) return undefined;
    if (!isJsonObject(value)) throw pipeErrors.type(path, 'an object');
    return new Fields(value, path);
  }

  /** The members of the top-level request document. */
  static root(value: JsonObject): Fields {
    return new Fields(value, '');
  }

  pathOf(name: string): string {
    return this.path === '' ? lowerFirst(name) : `${this.path}.${lowerFirst(name)}`;
  }

  has(name: string): boolean {
    return this.value[name] !== undefined && this.value[name] !== null;
  }

  string(name: string, rule: StringRule = {}): string | undefined {
    const path = this.pathOf(name);
    const v = this.value[name];
    if (v === undefined || v === null) {
      if (rule.required) throw pipeErrors.required(path);
      return undefined;
    }
    if (typeof v !== 'string') throw pipeErrors.type(path, 'a string');
    if (rule.max !== undefined && v.length > rule.max) throw pipeErrors.tooLong(v, path, rule.max);
    if (rule.min !== undefined && v.length < rule.min) throw pipeErrors.tooShort(v, path, rule.min);
    if (rule.pattern && !rule.pattern.test(v)) {
      throw pipeErrors.pattern(v, path, rule.patternText ?? rule.pattern.source);
    }
    return v;
  }

  integer(name: string, range: { readonly min: number; readonly max: number }): number | undefined {
    const path = this.pathOf(name);
    const v = this.value[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw pipeErrors.type(path, 'an integer');
    if (v < range.min) throw pipeErrors.tooSmall(v, path, range.min);
    if (v > range.max) throw pipeErrors.tooLarge(v, path, range.max);
    return v;
  }

  number(name: string): number | undefined {
    const v = this.value[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw pipeErrors.type(this.pathOf(name), 'a number');
    return v;
  }

  enumeration<T extends string>(name: string, values: readonly T[], required = false): T | undefined {
    const v = this.string(name, { required });
    if (v !== undefined && !(values as readonly string[]).includes(v))
      throw pipeErrors.notInSet(v, this.pathOf(name), values);
    return v as T | undefined;
  }

  object(name: string): Fields | undefined {
    return Fields.of(this.value[name], this.pathOf(name));
  }

  array(name: string, max?: number): Json[] | undefined {
    const path = this.pathOf(name);
    const v = this.value[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw pipeErrors.type(path, 'a list');
    if (max !== undefined && v.length > max) throw pipeErrors.tooMany(path, max);
    return v;
  }

  strings(name: string, max: number, rule: StringRule = {}): string[] | undefined {
    const items = this.array(name, max);
    if (!items) return undefined;
    const path = this.pathOf(name);
    return items.map((item, i) => {
      const fields = new Fields({ [`${i}`]: item }, path);
      return fields.string(`${i}`, rule)!;
    });
  }

  /** A map of strings (Tags, headers): keys and values each checked. */
  stringMap(name: string, keyRule: StringRule, valueRule: StringRule): Record<string, string> | undefined {
    const map = this.object(name);
    if (!map) return undefined;
    const out: Record<string, string> = {};
    for (const key of Object.keys(map.value)) {
      if (keyRule.max !== undefined && key.length > keyRule.max) throw pipeErrors.tooLong(key, map.path, keyRule.max);
      if (keyRule.min !== undefined && key.length < keyRule.min) throw pipeErrors.tooShort(key, map.path, keyRule.min);
      out[key] = map.string(key, { ...valueRule, required: true })!;
    }
    return out;
  }
}
