/**
 * The event envelope EventBridge builds from a PutEvents entry (user guide, "Amazon EventBridge
 * events": version, id, detail-type, source, account, time, region, resources, detail) and the
 * checks an entry passes first (API reference, PutEvents and PutEventsRequestEntry; user guide,
 * "Calculating PutEvents event entry size"). The envelope is kept as JSON text, built around the
 * caller's Detail text, so targets receive the numbers exactly as they were spelled.
 */
import { type ParsedEvent, parseEventText } from '../../patterns/index.js';
import { type EntryError, entryErrors } from './errors.js';

/** One PutEvents entry as decoded from the request (types already checked by the API layer). */
export interface PutEventsEntry {
  readonly source?: string;
  readonly detailType?: string;
  readonly detail?: string;
  readonly resources?: readonly string[];
  /** Epoch milliseconds. */
  readonly time?: number;
  readonly eventBusName?: string;
  readonly traceHeader?: string;
}

/** An entry that passed its checks, as an envelope ready to match and store. */
export interface EventEnvelope {
  readonly id: string;
  /** The envelope as JSON text: what targets receive and the outbox stores. */
  readonly text: string;
  /** The same, parsed for matching (number spellings kept). */
  readonly parsed: ParsedEvent;
  readonly time: number;
  /** Top-level members, read without parsing the text (the console's event map counts by them). */
  readonly source: string;
  readonly detailType: string;
  readonly resources: readonly string[];
}

/**
 * An envelope whose text is known to be JSON: it is parsed for matching when first asked (an
 * event on a bus without rules never is).
 */
class LazyEnvelope implements EventEnvelope {
  private parsedEvent: ParsedEvent | undefined;

  constructor(
    readonly id: string,
    readonly text: string,
    readonly time: number,
    readonly source: string,
    readonly detailType: string,
    readonly resources: readonly string[],
  ) {}

  get parsed(): ParsedEvent {
    if (!this.parsedEvent) {
      const parsed = parseEventText(this.text);
      if (!parsed.ok) throw new Error(`event ${this.id} is not a JSON object`);
      this.parsedEvent = parsed.value;
    }
    return this.parsedEvent;
  }
}

export const MAX_ENTRY_BYTES = 256 * 1024;
export const MAX_REQUEST_BYTES = 1024 * 1024;
export const MAX_ENTRIES = 10;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** The entry size as EventBridge documents it: Time counts 14 bytes, the strings their UTF-8 bytes. */
export function entrySize(entry: PutEventsEntry): number {
  let size = entry.time !== undefined ? 14 : 0;
  size += utf8(entry.source ?? '') + utf8(entry.detailType ?? '');
  if (entry.detail !== undefined) size += utf8(entry.detail);
  for (const r of entry.resources ?? []) size += utf8(r);
  return size;
}

/**
 * The first problem of an entry, in the order AWS reports them (required members, then the
 * Detail's form, then the reserved `aws.` sources), or undefined when it has none. `internal`
 * entries come from Baton itself (workflow status events) and may use `aws.` sources.
 */
export function checkEntry(entry: PutEventsEntry, internal = false): EntryError | undefined {
  if (!entry.source) return entryErrors.sourceRequired();
  if (!entry.detailType) return entryErrors.detailTypeRequired();
  if (!entry.detail) return entryErrors.detailRequired();
  if (entry.source.length > 256) return entryErrors.invalidArgument('Source', 'Source is too long.');
  if (entry.detailType.length > 128) return entryErrors.invalidArgument('DetailType', 'DetailType is too long.');
  if (!entry.detail.trimStart().startsWith('{')) return entryErrors.malformedDetail();
  if (entry.resources && entry.resources.length > 100) {
    return entryErrors.invalidArgument('Resources', 'Resources must have at most 100 elements.');
  }
  if (entry.time !== undefined && !Number.isFinite(new Date(entry.time).getTime())) return entryErrors.invalidTime();
  if (!internal && entry.source.startsWith('aws.')) return entryErrors.reservedSource();
  return undefined;
}

/** `2015-11-11T21:29:54Z`: the envelope's time, to the second, as EventBridge writes it. */
export function eventTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Builds the envelope of a checked entry; MalformedDetail when the Detail is not one JSON object
 * (then the envelope, built around it from JSON-encoded parts, is JSON too). The region and
 * account are the bus's. An `internal` entry's Detail is Baton's own encoding of an object, and
 * is not parsed again.
 */
export function buildEnvelope(
  entry: PutEventsEntry,
  at: { readonly region: string; readonly account: string; readonly now: number; readonly id: string },
  internal = false,
): EventEnvelope | EntryError {
  if (!internal && !isJsonObjectText(entry.detail!)) return entryErrors.malformedDetail();
  const time = entry.time ?? at.now;
  const text =
    `{"version":"0","id":${JSON.stringify(at.id)},"detail-type":${JSON.stringify(entry.detailType)},` +
    `"source":${JSON.stringify(entry.source)},"account":${JSON.stringify(at.account)},` +
    `"time":"${eventTime(time)}","region":${JSON.stringify(at.region)},` +
    `"resources":${JSON.stringify(entry.resources ?? [])},"detail":${entry.detail}}`;
  return new LazyEnvelope(at.id, text, time, entry.source!, entry.detailType!, entry.resources ?? []);
}

/** Whether the text is exactly one JSON object (so it can be spliced into the envelope as is). */
function isJsonObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Reads back an envelope stored as text (an event forwarded from another bus keeps its id and time). */
export function envelopeOfText(text: string): EventEnvelope | undefined {
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined;
  const time = typeof fields.time === 'string' ? Date.parse(fields.time) : Number.NaN;
  if (typeof fields.id !== 'string' || Number.isNaN(time)) return undefined;
  const resources = Array.isArray(fields.resources) ? fields.resources.filter((r) => typeof r === 'string') : [];
  return new LazyEnvelope(
    fields.id,
    text,
    time,
    typeof fields.source === 'string' ? fields.source : '',
    typeof fields['detail-type'] === 'string' ? fields['detail-type'] : '',
    resources,
  );
}
