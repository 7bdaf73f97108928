/**
 * API destinations (user guide, "API destinations as targets"; API reference:
 * CreateApiDestination, DescribeApiDestination, ListApiDestinations, UpdateApiDestination,
 * DeleteApiDestination): HTTP endpoints a rule's target invokes with the event (or its
 * transformation) as the body, through a connection's authorization. A target's HttpParameters
 * fill the endpoint's `*` path wildcards in order and add headers and query parameters; the
 * connection's own parameters win over the target's. Calls are held to the destination's
 * InvocationRateLimitPerSecond (per node: events wait their turn, as AWS queues them), time out
 * after 5 seconds as AWS's do, and obey the server's private-host rule. Answers 401, 407, 409, 429
 * and 5xx are retried under the target's RetryPolicy; other failures give up at once.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
import type { ApiDestinationRecord, DocumentTable, Page, PageRequest } from '../../store/port.js';
import type { Connections } from './connections.js';
import { busErrors } from './errors.js';
import { filteredPage } from './filtered-pages.js';
import type { BusLocation } from './names.js';
import type { Dispatch, DispatchOutcome } from './targets.js';

export interface ApiDestinationInput {
  readonly name: string;
  readonly description?: string;
  readonly connectionArn: string;
  readonly invocationEndpoint: string;
  readonly httpMethod: string;
  readonly invocationRateLimitPerSecond?: number;
}

export type ApiDestinationChange = Partial<Omit<ApiDestinationInput, 'name'>>;

export type ApiDestinationState = 'ACTIVE' | 'INACTIVE';

export interface ApiDestinationsOptions {
  readonly table: DocumentTable<ApiDestinationRecord>;
  readonly connections: Connections;
  readonly clock: Clock;
  readonly checkUrl: (url: URL) => Promise<string | undefined>;
}

/** AWS's default InvocationRateLimitPerSecond. */
const DEFAULT_RATE = 300;
const REQUEST_TIMEOUT_MS = 5_000;
/** Answers worth another try (user guide, "API destination error codes"). */
const RETRIED = new Set([401, 407, 409, 429]);

export const apiDestinationKey = (at: BusLocation, name: string) =>
  `arn:aws:events:${at.region}:${at.account}:api-destination/${name}`;

const keyOfArn = (arn: string) => arn.slice(0, arn.lastIndexOf('/'));

/**
 * Spaces calls evenly at `perSecond`: each call reserves the next free slot and learns how long
 * to wait for it. Pure: time arrives as a value.
 */
export class RateLimiter {
  private nextSlot = Number.NEGATIVE_INFINITY;

  constructor(private readonly perSecond: number) {}

  /** Milliseconds to wait before the call reserved now may be made. */
  reserve(now: number): number {
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    return slot - now;
  }
}

export class ApiDestinations {
  private readonly limiters = new Map<string, { rate: number; limiter: RateLimiter }>();

  constructor(private readonly options: ApiDestinationsOptions) {}

  async create(at: BusLocation, input: ApiDestinationInput): Promise<ApiDestinationRecord> {
    await this.connection(input.connectionArn);
    const now = this.options.clock.now();
    const record: ApiDestinationRecord = {
      arn: `${apiDestinationKey(at, input.name)}/${randomUUID()}`,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      connectionArn: input.connectionArn,
      invocationEndpoint: input.invocationEndpoint,
      httpMethod: input.httpMethod,
      invocationRateLimitPerSecond: input.invocationRateLimitPerSecond ?? DEFAULT_RATE,
      createdAt: now,
      lastModifiedAt: now,
      version: 1,
    };
    if ((await this.options.table.create(apiDestinationKey(at, input.name), record)) === 'alreadyExists') {
      throw busErrors.apiDestinationExists(input.name);
    }
    return record;
  }

  async get(at: BusLocation, name: string): Promise<ApiDestinationRecord> {
    const record = await this.options.table.get(apiDestinationKey(at, name));
    if (!record) throw busErrors.apiDestinationNotFound(name);
    return record;
  }

  list(
    at: BusLocation,
    filter: { namePrefix?: string; connectionArn?: string },
    page: PageRequest,
  ): Promise<Page<ApiDestinationRecord>> {
    return filteredPage(
      (request) => this.options.table.list(apiDestinationKey(at, filter.namePrefix ?? ''), request),
      (d) => filter.connectionArn === undefined || d.connectionArn === filter.connectionArn,
      (d) => keyOfArn(d.arn),
      page,
    );
  }

  /** ACTIVE while its connection is authorized (user guide: a destination follows its connection). */
  async state(record: ApiDestinationRecord): Promise<ApiDestinationState> {
    const connection = await this.options.connections.byArn(record.connectionArn);
    return connection?.state === 'AUTHORIZED' ? 'ACTIVE' : 'INACTIVE';
  }

  async update(at: BusLocation, name: string, change: ApiDestinationChange): Promise<ApiDestinationRecord> {
    if (change.connectionArn !== undefined) await this.connection(change.connectionArn);
    for (;;) {
      const current = await this.get(at, name);
      const next: ApiDestinationRecord = {
        ...current,
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(change.connectionArn !== undefined ? { connectionArn: change.connectionArn } : {}),
        ...(change.invocationEndpoint !== undefined ? { invocationEndpoint: change.invocationEndpoint } : {}),
        ...(change.httpMethod !== undefined ? { httpMethod: change.httpMethod } : {}),
        ...(change.invocationRateLimitPerSecond !== undefined
          ? { invocationRateLimitPerSecond: change.invocationRateLimitPerSecond }
          : {}),
        lastModifiedAt: this.options.clock.now(),
        version: current.version + 1,
      };
      if ((await this.options.table.update(apiDestinationKey(at, name), next)) === 'updated') return next;
    }
  }

  async delete(at: BusLocation, name: string): Promise<void> {
    await this.get(at, name);
    await this.options.table.delete(apiDestinationKey(at, name));
  }

  /** Invokes the destination a target names with the delivery's input. */
  async deliver(d: Dispatch): Promise<DispatchOutcome> {
    const destination = await this.options.table.get(keyOfArn(d.target.arn));
    if (destination?.arn !== d.target.arn)
      return fatal('RESOURCE_NOT_FOUND', `API destination ${d.target.arn} does not exist.`);
    const connection = await this.options.connections.byArn(destination.connectionArn);
    if (!connection) return fatal('RESOURCE_NOT_FOUND', `Connection ${destination.connectionArn} does not exist.`);
    const authorization = await this.options.connections.authorization(connection);
    if ('error' in authorization) return fatal('CONNECTION_NOT_AUTHORIZED', authorization.error);
    const http = d.target.httpParameters;
    const url = endpointUrl(destination.invocationEndpoint, http?.pathParameterValues ?? []);
    if (typeof url === 'string') return fatal('INVALID_PARAMETER', url);
    const query = { ...http?.queryStringParameters, ...authorization.query };
    for (const [k, v] of Object.entries(query)) url.searchParams.append(k, v);
    const refusal = await this.options.checkUrl(url);
    if (refusal) return fatal('INVALID_PARAMETER', refusal);

    await this.turn(destination, d.signal);
    const method = destination.httpMethod;
    const withBody = method !== 'GET' && method !== 'HEAD';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Amazon/EventBridge/ApiDestinations',
          ...http?.headerParameters,
          ...authorization.headers,
        },
        ...(withBody ? { body: bodyWith(d.input, authorization.body) } : {}),
        signal: AbortSignal.any([d.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      await response.arrayBuffer();
    } catch (e) {
      return { kind: 'failed', fatal: false, code: 'SDK_CLIENT_ERROR', message: (e as Error).message };
    }
    if (response.ok) return { kind: 'delivered' };
    if (response.status === 401 || response.status === 407) this.options.connections.invalidate(connection.arn);
    const retried = RETRIED.has(response.status) || response.status >= 500;
    return {
      kind: 'failed',
      fatal: !retried,
      code: String(response.status),
      message: `The API destination answered ${response.status} ${response.statusText}.`,
    };
  }

  /** Waits for this node's next slot under the destination's rate limit. */
  private async turn(destination: ApiDestinationRecord, signal: AbortSignal): Promise<void> {
    let entry = this.limiters.get(destination.arn);
    if (entry?.rate !== destination.invocationRateLimitPerSecond) {
      entry = {
        rate: destination.invocationRateLimitPerSecond,
        limiter: new RateLimiter(destination.invocationRateLimitPerSecond),
      };
      this.limiters.set(destination.arn, entry);
    }
    // Wall time: the limit is about the calls the endpoint sees, not the bus clock.
    const wait = entry.limiter.reserve(Date.now());
    if (wait > 0 && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, wait).unref());
  }

  private async connection(arn: string) {
    const connection = await this.options.connections.byArn(arn);
    if (!connection) throw busErrors.connectionNotFound(arn.split('/')[1] ?? arn);
    return connection;
  }
}

const fatal = (code: string, message: string): DispatchOutcome => ({ kind: 'failed', fatal: true, code, message });

/** The endpoint with its `*` path wildcards filled in order, or why it cannot be. */
function endpointUrl(endpoint: string, values: readonly string[]): URL | string {
  const wildcards = endpoint.split('*').length - 1;
  if (values.length !== wildcards) {
    return `The endpoint ${endpoint} has ${wildcards} path parameter(s); the target gives ${values.length}.`;
  }
  let i = 0;
  try {
    return new URL(endpoint.replace(/\*/g, () => encodeURIComponent(values[i++]!)));
  } catch {
    return `The endpoint ${endpoint} is not a URL.`;
  }
}

/** The body: the input, with the connection's body parameters added when it is a JSON object. */
function bodyWith(input: string, parameters: Record<string, string>): string {
  if (Object.keys(parameters).length === 0) return input;
  try {
    const value: unknown = JSON.parse(input);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return JSON.stringify({ ...(value as object), ...parameters });
    }
  } catch {
    // Not JSON: sent as it is.
  }
  return input;
}
