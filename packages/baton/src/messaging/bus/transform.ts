/**
 * What a target receives (user guide, "Amazon EventBridge input transformation"; API reference,
 * Target and InputTransformer): the whole event, a constant `Input`, the part of the event an
 * `InputPath` selects, or an `InputTemplate` filled from `InputPathsMap` and the predefined
 * variables. Pure: compiled once per target, rendered per delivery.
 *
 * The template rules, as the guide states them:
 * - A template that is a JSON object (starts with `{`) is JSON: a variable standing where a JSON
 *   value goes gets its value as JSON — strings gain their quotes — while a variable inside a
 *   JSON string is spliced in as text.
 * - Any other template is text: every variable is spliced in as text.
 * - Spliced as text, strings lose nothing and are not escaped; objects and arrays lose their
 *   inner quotes ("Detail is {key1: value1}"), so the result stays a string.
 * - A path that finds nothing defines no value: as a JSON value it becomes `null`, as text it
 *   becomes empty.
 * - `<aws.events.event>` is the event without `detail`, `<aws.events.event.json>` the whole
 *   event; `<aws.events.rule-arn>`, `<aws.events.rule-name>`, `<aws.events.event.ingestion-time>`.
 */

import type { EvalEnv } from '../../asl/query/env.js';
import { parseJsonPath } from '../../asl/query/jsonpath/index.js';
import { err, type Json, type JsonObject, ok, type Result, seedRandom } from '../../kernel/index.js';
import { eventTime } from './envelope.js';

export interface TargetInputSpec {
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: {
    readonly inputPathsMap?: Readonly<Record<string, string>>;
    readonly inputTemplate: string;
  };
}

/** What the predefined variables stand for in one delivery. */
export interface DeliveryContext {
  readonly ruleArn: string;
  readonly ruleName: string;
  /** When EventBridge received the event (epoch milliseconds). */
  readonly ingestedAt: number;
}

export interface CompiledInput {
  /** The text the target receives for the event (the envelope as JSON text). */
  render(eventText: string, context: DeliveryContext): string;
}

export const PREDEFINED = [
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
] as const;

const VARIABLE_NAME = /^[A-Za-z0-9_-]+$/;
const PLACEHOLDER = /<([^<>\s]+)>/g;
const MAX_VARIABLES = 100;

/** Reading a path needs no context object, variables or randomness: an inert environment. */
const ENV: EvalEnv = { context: null, variable: () => undefined, random: seedRandom(1, 2, 3, 4) };

/** What a JSON path finds in an event, or undefined. */
export type EventPathReader = (event: Json) => Json | undefined;

/**
 * Compiles a JSON path over the event (`$.detail.id`: InputPath, InputPathsMap values,
 * KinesisParameters.PartitionKeyPath, pipes' dynamic parameters); the error is the path.
 */
export function compileEventPath(text: string): Result<EventPathReader, string> {
  const path = parseJsonPath(text);
  if (!path.ok || path.value.root !== 'input') return err(text);
  const p = path.value;
  return ok((event) => p.read(event, ENV));
}

/** Paths read by `readPathText`, compiled once each (undefined: not a path this reader takes). */
const pathTextReaders = new Map<string, EventPathReader | undefined>();

/**
 * What a JSON path selects in `value`, as text (a string as it is, anything else as its JSON):
 * KinesisParameters.PartitionKeyPath, pipes' dynamic parameters. null when `path` is not an event
 * path (no string could stand for that: the path may select any string); undefined when it
 * selects nothing.
 */
export function readPathText(path: string, value: Json): string | undefined | null {
  let read = pathTextReaders.get(path);
  if (!pathTextReaders.has(path)) {
    const compiled = compileEventPath(path);
    read = compiled.ok ? compiled.value : undefined;
    if (pathTextReaders.size > 1000) pathTextReaders.clear();
    pathTextReaders.set(path, read);
  }
  if (read === undefined) return null;
  const found = read(value);
  if (found === undefined || found === null) return undefined;
  return typeof found === 'string' ? found : JSON.stringify(found);
}

/** Compiles a target's input settings; the error names the problem in AWS's words. */
export function compileTargetInput(spec: TargetInputSpec, targetId: string): Result<CompiledInput, string> {
  const given = [spec.input, spec.inputPath, spec.inputTransformer].filter((x) => x !== undefined).length;
  if (given > 1)
    return err(`Only one of Input, InputPath, or InputTransformer must be provided for target ${targetId}.`);
  if (spec.input !== undefined) {
    const text = spec.input;
    try {
      JSON.parse(text);
    } catch {
      return err(`Parameter Input is not valid. Reason: Input for target ${targetId} is not valid JSON text.`);
    }
    return ok({ render: () => text });
  }
  if (spec.inputPath !== undefined) {
    const read = compileEventPath(spec.inputPath);
    if (!read.ok) return err(`Parameter InputPath is not valid. Reason: ${spec.inputPath} is not a valid JSON path.`);
    return ok({ render: (text) => JSON.stringify(read.value(JSON.parse(text) as Json) ?? null) });
  }
  if (spec.inputTransformer !== undefined) return compileTemplate(spec.inputTransformer, targetId);
  return ok({ render: (text) => text });
}

interface Part {
  readonly literal: string;
  /** The variable after the literal, and whether it stands where a JSON value goes. */
  readonly variable?: string;
  readonly asJson?: boolean;
}

function compileTemplate(
  transformer: NonNullable<TargetInputSpec['inputTransformer']>,
  targetId: string,
): Result<CompiledInput, string> {
  const readers = new Map<string, EventPathReader>();
  const map = transformer.inputPathsMap ?? {};
  if (Object.keys(map).length > MAX_VARIABLES) {
    return err(`InputPathsMap for target ${targetId} has more than ${MAX_VARIABLES} variables.`);
  }
  for (const [name, path] of Object.entries(map)) {
    if (!VARIABLE_NAME.test(name)) return err(`InputPathsMap for target ${targetId} contains invalid key ${name}.`);
    const read = compileEventPath(path);
    if (!read.ok) return err(`InputPathsMap for target ${targetId} contains invalid path ${path}.`);
    readers.set(name, read.value);
  }
  const template = transformer.inputTemplate;
  const json = template.trimStart().startsWith('{');
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    if (!readers.has(name) && !(PREDEFINED as readonly string[]).includes(name)) {
      return err(`InputTemplate for target ${targetId} contains invalid placeholder ${name}.`);
    }
    const literal = template.slice(last, m.index);
    parts.push({ literal, variable: name, asJson: json && !insideString(template, m.index) });
    last = m.index + m[0].length;
  }
  const tail = template.slice(last);
  return ok({
    render(eventText, context) {
      const event = JSON.parse(eventText) as Json;
      const values = new Map<string, Json | undefined>();
      const value = (name: string): Json | undefined => {
        if (!values.has(name)) values.set(name, resolve(name, event, context, readers));
        return values.get(name);
      };
      let out = '';
      for (const part of parts) {
        out += part.literal;
        const v = value(part.variable!);
        out += part.asJson ? (v === undefined ? 'null' : JSON.stringify(v)) : asText(v);
      }
      return out + tail;
    },
  });
}

function resolve(
  name: string,
  event: Json,
  context: DeliveryContext,
  readers: ReadonlyMap<string, EventPathReader>,
): Json | undefined {
  switch (name) {
    case 'aws.events.rule-arn':
      return context.ruleArn;
    case 'aws.events.rule-name':
      return context.ruleName;
    case 'aws.events.event.ingestion-time':
      return eventTime(context.ingestedAt);
    case 'aws.events.event.json':
      return event;
    case 'aws.events.event': {
      const { detail: _detail, ...rest } = event as JsonObject;
      return rest;
    }
    default:
      return readers.get(name)!(event);
  }
}

/** A value spliced into text: strings as they are, objects and arrays without their inner quotes. */
function asText(v: Json | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v).replaceAll('"', '');
  return JSON.stringify(v);
}

/** Whether position `at` of a JSON template lies inside a string literal (quotes escaped with `\` do not count). */
function insideString(template: string, at: number): boolean {
  let inside = false;
  for (let i = 0; i < at; i++) {
    const c = template[i];
    if (c === '\\' && inside) i++;
    else if (c === '"') inside = !inside;
  }
  return inside;
}
