/**
 * CloudEvents 1.0 over HTTP onto an event bus (CloudEvents spec 1.0.2; its HTTP protocol
 * binding and JSON event format): `POST /baton/cloudevents/{bus}` (`{bus}` a name or a
 * URL-encoded ARN; `/baton/cloudevents` is the default bus) in the three modes of the binding:
 *
 *   structured  `Content-Type: application/cloudevents+json`, the event as one JSON object
 *               → 200 {Id, EventId} | 400 {__type, message}
 *   batched     `Content-Type: application/cloudevents-batch+json`, a JSON array of events
 *               → 200 {FailedEntryCount, Entries: [{Id, EventId} | {Id?, ErrorCode, ErrorMessage}]}
 *   binary      attributes in `ce-*` headers, the data as the body (its type in Content-Type)
 *               → as structured
 *
 * Each event is checked against the spec (required attributes, specversion 1.0, attribute names
 * and types, RFC 3339 time, data xor data_base64) and mapped onto a PutEvents entry, then put
 * through the bus's PutEvents (so its checks, schema enforcement and delivery apply unchanged):
 * source → source, type → detail-type, time → time, data → detail, the other attributes into
 * `resources` as `ce-<name>:<value>` (docs/cloudevents.md has the whole mapping). A batch's
 * events succeed or fail one by one. The bus's region is `?region=`, the request's SigV4
 * region, or the server's. With `--auth`, requests are SigV4-signed like every other.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isJsonObject, type Json } from '../../kernel/index.js';
import { BusError, type BusRef, busRef, type EventBusService, type PutEventsEntry } from '../../messaging/bus/index.js';
import type { AccessKeys } from '../auth.js';
import { regionOf } from '../aws/request-context.js';
import { AwsError } from '../errors.js';
import { nativeRoute } from './route.js';

export interface CloudEventsOptions {
  readonly bus: EventBusService;
  readonly region: string;
  readonly account: string;
  readonly accessKeys?: AccessKeys;
}

/** One CloudEvent as received: its context attributes (strings, numbers, booleans) and data. */
interface CloudEvent {
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** The detail it becomes: JSON object text. */
  readonly detail: string;
}

type Outcome =
  | { readonly id?: string; readonly eventId: string }
  | { readonly id?: string; readonly code: string; readonly message: string };

const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';
/** Attribute names: lower-case ASCII letters and digits (spec, "Attribute Naming Convention"). */
const ATTRIBUTE_NAME = /^[a-z0-9]+$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
/** The attributes with a place of their own in the envelope; the rest go to `resources`. */
const MAPPED = new Set(['specversion', 'source', 'type', 'time']);

class InvalidCloudEvent extends Error {
  override readonly name = 'InvalidCloudEvent';
}

export function registerCloudEvents(app: FastifyInstance, options: CloudEventsOptions): void {
  // Bodies are bytes here (binary mode carries any content type); nothing else changes.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const handler = nativeRoute({ accessKeys: options.accessKeys, domainError: ingestionError }, (request, reply) =>
      ingest(request, reply, options),
    );
    scope.post('/baton/cloudevents', handler);
    scope.post('/baton/cloudevents/:bus', handler);
  });
}

async function ingest(request: FastifyRequest, reply: FastifyReply, options: CloudEventsOptions) {
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const bus = busOf(request, options);
  await options.bus.bus(bus);
  const contentType = String(request.headers['content-type'] ?? '');
  if (mediaTypeOf(contentType) === BATCH) {
    const outcomes = await putBatch(options.bus, bus, parseJson(body));
    return reply.code(200).send({
      FailedEntryCount: outcomes.filter((o) => 'code' in o).length,
      Entries: outcomes.map((o) =>
        'code' in o
          ? { ...(o.id !== undefined ? { Id: o.id } : {}), ErrorCode: o.code, ErrorMessage: o.message }
          : { Id: o.id, EventId: o.eventId },
      ),
    });
  }
  const [outcome] = (await put(options.bus, bus, [singleEvent(request, contentType, body)])) as [Outcome];
  return 'code' in outcome
    ? reply.code(400).send({ __type: outcome.code, message: outcome.message, Id: outcome.id })
    : reply.code(200).send({ Id: outcome.id, EventId: outcome.eventId });
}

/** The event of a structured or binary request (the HTTP binding tells them by media type and headers). */
function singleEvent(request: FastifyRequest, contentType: string, body: Buffer): CloudEvent {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === STRUCTURED) return structuredEvent(parseJson(body));
  if (mediaType.startsWith('application/cloudevents')) {
    throw new AwsError(
      'UnsupportedMediaType',
      `The event format ${mediaType} is not supported: use ${STRUCTURED}.`,
      415,
    );
  }
  if (request.headers['ce-specversion'] !== undefined) return binaryEvent(request.headers, contentType, body);
  throw new InvalidCloudEvent(
    `Not a CloudEvent: send ${STRUCTURED} or ${BATCH}, or the attributes in ce-* headers (binary mode).`,
  );
}

/** The events of a batch, each checked on its own: a bad one fails alone. */
async function putBatch(bus: EventBusService, ref: BusRef, body: Json): Promise<Outcome[]> {
  if (!Array.isArray(body)) throw new InvalidCloudEvent('A batch must be a JSON array of events.');
  const checked = body.map((raw): CloudEvent | Outcome => {
    try {
      return structuredEvent(raw);
    } catch (e) {
      if (!(e instanceof InvalidCloudEvent)) throw e;
      const id = isJsonObject(raw) && typeof raw.id === 'string' ? raw.id : undefined;
      return { ...(id !== undefined ? { id } : {}), code: 'InvalidCloudEvent', message: e.message };
    }
  });
  const valid = checked.filter((c): c is CloudEvent => 'detail' in c);
  const results = (await put(bus, ref, valid)).values();
  return checked.map((c) => ('detail' in c ? results.next().value! : c));
}

/**
 * Puts events through PutEvents, one entry per call, concurrently: the bus's group commit still
 * writes them together, and each is refused alone (its size, its source, its schema).
 */
async function put(bus: EventBusService, ref: BusRef, events: readonly CloudEvent[]): Promise<Outcome[]> {
  return Promise.all(
    events.map(async (event): Promise<Outcome> => {
      const id = String(event.attributes.id);
      try {
        const [result] = await bus.putEvents(ref, [entryOf(event, ref)]);
        return result!.error ? { id, ...result!.error } : { id, eventId: result!.eventId! };
      } catch (e) {
        // A request-level refusal (the entry is over 256 KiB) is this event's alone.
        if (e instanceof BusError) return { id, code: e.code, message: e.message };
        throw e;
      }
    }),
  );
}

function entryOf(event: CloudEvent, bus: BusRef): PutEventsEntry {
  const a = event.attributes;
  const resources = Object.keys(a)
    .filter((name) => !MAPPED.has(name))
    .sort((x, y) => (x === 'id' ? -1 : y === 'id' ? 1 : x < y ? -1 : 1))
    .map((name) => `ce-${name}:${String(a[name])}`);
  return {
    source: String(a.source),
    detailType: String(a.type),
    detail: event.detail,
    resources,
    ...(a.time !== undefined ? { time: Date.parse(String(a.time)) } : {}),
    eventBusName: bus.arn,
  };
}

// --- the JSON event format ------------------------------------------------------------------

/** An event in the JSON format (structured mode, one member of a batch). */
function structuredEvent(raw: Json): CloudEvent {
  if (!isJsonObject(raw)) throw new InvalidCloudEvent('An event must be a JSON object.');
  const attributes: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'data' || name === 'data_base64' || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new InvalidCloudEvent(`Attribute '${name}' must be a string, an integer or a boolean.`);
    }
    attributes[name] = value;
  }
  checkAttributes(attributes);
  if (raw.data !== undefined && raw.data_base64 !== undefined) {
    throw new InvalidCloudEvent("An event has 'data' or 'data_base64', not both.");
  }
  if (raw.data_base64 !== undefined) {
    if (typeof raw.data_base64 !== 'string' || !isBase64(raw.data_base64)) {
      throw new InvalidCloudEvent("'data_base64' must be a base64 string.");
    }
    return { attributes, detail: JSON.stringify({ data_base64: raw.data_base64 }) };
  }
  if (raw.data === undefined) return { attributes, detail: '{}' };
  const isObject = isJsonObject(raw.data) && isJsonType(attributes.datacontenttype);
  return { attributes, detail: JSON.stringify(isObject ? raw.data : { data: raw.data }) };
}

/** An event in binary mode: `ce-*` headers (percent-decoded) and the body as its data. */
function binaryEvent(headers: FastifyRequest['headers'], contentType: string, body: Buffer): CloudEvent {
  const attributes: Record<string, string> = {};
  for (const [header, value] of Object.entries(headers)) {
    if (!header.startsWith('ce-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    try {
      attributes[header.slice(3)] = decodeURIComponent(text);
    } catch {
      throw new InvalidCloudEvent(`Header ${header} is not validly percent-encoded.`);
    }
  }
  if (contentType) attributes.datacontenttype = contentType;
  checkAttributes(attributes);
  if (body.length === 0) return { attributes, detail: '{}' };
  if (isJsonType(contentType)) {
    const data = parseJson(body);
    // An object is the detail as sent (number spellings kept); anything else is wrapped.
    return { attributes, detail: isJsonObject(data) ? body.toString('utf8') : JSON.stringify({ data }) };
  }
  if (isTextType(contentType)) return { attributes, detail: JSON.stringify({ data: body.toString('utf8') }) };
  return { attributes, detail: JSON.stringify({ data_base64: body.toString('base64') }) };
}

/** The spec's rules for context attributes (required ones, types, names). */
function checkAttributes(a: Record<string, string | number | boolean>): void {
  if (a.specversion === undefined) throw new InvalidCloudEvent("The required attribute 'specversion' is missing.");
  if (a.specversion !== '1.0') {
    throw new InvalidCloudEvent(`specversion '${String(a.specversion)}' is not supported: only '1.0' is.`);
  }
  for (const name of ['id', 'source', 'type']) {
    if (a[name] === undefined) throw new InvalidCloudEvent(`The required attribute '${name}' is missing.`);
    if (typeof a[name] !== 'string' || a[name] === '') {
      throw new InvalidCloudEvent(`Attribute '${name}' must be a non-empty string.`);
    }
  }
  for (const name of ['subject', 'dataschema', 'datacontenttype', 'time']) {
    if (a[name] !== undefined && (typeof a[name] !== 'string' || a[name] === '')) {
      throw new InvalidCloudEvent(`Attribute '${name}' must be a non-empty string.`);
    }
  }
  if (a.time !== undefined && (!RFC3339.test(String(a.time)) || Number.isNaN(Date.parse(String(a.time))))) {
    throw new InvalidCloudEvent(`Attribute 'time' must be an RFC 3339 timestamp, got '${String(a.time)}'.`);
  }
  for (const [name, value] of Object.entries(a)) {
    if (!ATTRIBUTE_NAME.test(name)) {
      throw new InvalidCloudEvent(`Attribute name '${name}' must consist of lower-case letters and digits.`);
    }
    if (typeof value === 'number' && (!Number.isInteger(value) || value < -2147483648 || value > 2147483647)) {
      throw new InvalidCloudEvent(`Attribute '${name}' must be an integer from -2,147,483,648 to 2,147,483,647.`);
    }
  }
}

/** The media type of a Content-Type value, without its parameters, in lower case. */
function mediaTypeOf(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

function isJsonType(contentType: unknown): boolean {
  if (contentType === undefined) return true;
  const media = mediaTypeOf(String(contentType));
  return media === 'application/json' || media === 'text/json' || media.endsWith('+json');
}

function isTextType(contentType: string): boolean {
  const media = mediaTypeOf(contentType);
  return media.startsWith('text/') || media === 'application/xml' || media.endsWith('+xml');
}

function isBase64(text: string): boolean {
  return /^[A-Za-z0-9+/]*={0,2}$/.test(text) && text.length % 4 === 0;
}

function parseJson(body: Buffer): Json {
  try {
    return JSON.parse(body.toString('utf8')) as Json;
  } catch {
    throw new InvalidCloudEvent('The body is not valid JSON.');
  }
}

// --- requests ---------------------------------------------------------------------------------

function busOf(request: FastifyRequest, options: CloudEventsOptions): BusRef {
  const name = (request.params as { bus?: string }).bus;
  const region = (request.query as { region?: string }).region || regionOf(request, options.region);
  return busRef({ region, account: options.account }, name);
}

/** The errors of a whole request; a missing bus is a 404 here (PutEvents answers it 400). */
function ingestionError(e: unknown): AwsError | undefined {
  if (e instanceof InvalidCloudEvent) return new AwsError('InvalidCloudEvent', e.message);
  if (e instanceof BusError) return new AwsError(e.code, e.message, e.code === 'ResourceNotFoundException' ? 404 : 400);
  return undefined;
}
