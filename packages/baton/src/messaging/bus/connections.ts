/**
 * Connections (user guide, "Connections for HTTP targets"; API reference: CreateConnection,
 * DescribeConnection, ListConnections, UpdateConnection, DeleteConnection, DeauthorizeConnection):
 * how API destinations authorize their requests. The record keeps the secrets (AWS keeps them in
 * Secrets Manager); Describe and List never return them. An OAuth client-credentials connection
 * is AUTHORIZING until its first token comes back from the authorization endpoint (then
 * AUTHORIZED, or DEAUTHORIZED with the reason); tokens are cached per node until they expire or a
 * destination answers 401 or 407.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, isJsonObject, type JsonObject } from '../../kernel/index.js';
import type {
  ConnectionAuthorizationType,
  ConnectionRecord,
  ConnectionState,
  DocumentTable,
  Page,
  PageRequest,
} from '../../store/port.js';
import { busErrors } from './errors.js';
import { filteredPage } from './filtered-pages.js';
import type { BusLocation } from './names.js';

export interface ConnectionInput {
  readonly name: string;
  readonly description?: string;
  readonly authorizationType: ConnectionAuthorizationType;
  readonly authParameters: JsonObject;
}

export type ConnectionChange = Partial<Omit<ConnectionInput, 'name'>>;

/** What a request through a connection carries besides the event. */
export interface Authorization {
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: Record<string, string>;
}

export interface ConnectionsOptions {
  readonly table: DocumentTable<ConnectionRecord>;
  readonly clock: Clock;
  /** Why an outbound call to this URL is not allowed (private hosts), or undefined. */
  readonly checkUrl: (url: URL) => Promise<string | undefined>;
  readonly onError: (error: unknown, context: string) => void;
}

/** The AuthParameters member that goes with each AuthorizationType. */
const PARAMETERS_OF: Record<ConnectionAuthorizationType, string> = {
  BASIC: 'BasicAuthParameters',
  API_KEY: 'ApiKeyAuthParameters',
  OAUTH_CLIENT_CREDENTIALS: 'OAuthParameters',
};

/** Members that are secrets: kept, never shown. */
const SECRETS = new Set(['Password', 'ApiKeyValue', 'ClientSecret']);
const TOKEN_REQUEST_MS = 5_000;

export const connectionKey = (at: BusLocation, name: string) =>
  `arn:aws:events:${at.region}:${at.account}:connection/${name}`;

const keyOfArn = (arn: string) => arn.slice(0, arn.lastIndexOf('/'));

/** AuthParameters without their secrets, as Describe answers them. */
export function publicAuthParameters(parameters: JsonObject): JsonObject {
  const strip = (value: JsonObject): JsonObject => {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      if (SECRETS.has(key)) continue;
      if (Array.isArray(v)) {
        out[key] = v.map((p) =>
          isJsonObject(p) && p.IsValueSecret === true ? { Key: p.Key ?? null, IsValueSecret: true } : p,
        );
      } else out[key] = isJsonObject(v) ? strip(v) : v;
    }
    return out;
  };
  return strip(parameters);
}

/** Key/value pairs of a ConnectionHttpParameters list (HeaderParameters, QueryStringParameters, BodyParameters). */
function pairs(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of Array.isArray(list) ? list : []) {
    if (isJsonObject(p) && typeof p.Key === 'string') out[p.Key] = typeof p.Value === 'string' ? p.Value : '';
  }
  return out;
}

export class Connections {
  private readonly tokens = new Map<string, { token: string; expiresAt: number } | Promise<string>>();

  constructor(private readonly options: ConnectionsOptions) {}

  async create(at: BusLocation, input: ConnectionInput): Promise<ConnectionRecord> {
    checkParameters(input.authorizationType, input.authParameters);
    const now = this.options.clock.now();
    const oauth = input.authorizationType === 'OAUTH_CLIENT_CREDENTIALS';
    const id = randomUUID();
    const record: ConnectionRecord = {
      arn: `${connectionKey(at, input.name)}/${id}`,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      authorizationType: input.authorizationType,
      authParameters: input.authParameters,
      state: oauth ? 'AUTHORIZING' : 'AUTHORIZED',
      secretArn: `arn:aws:secretsmanager:${at.region}:${at.account}:secret:events!connection/${input.name}/${id}`,
      createdAt: now,
      lastModifiedAt: now,
      ...(oauth ? {} : { lastAuthorizedAt: now }),
      version: 1,
    };
    if ((await this.options.table.create(connectionKey(at, input.name), record)) === 'alreadyExists') {
      throw busErrors.connectionExists(input.name);
    }
    if (oauth) void this.authorize(record);
    return record;
  }

  async get(at: BusLocation, name: string): Promise<ConnectionRecord> {
    const record = await this.options.table.get(connectionKey(at, name));
    if (!record) throw busErrors.connectionNotFound(name);
    return record;
  }

  /** The connection an ARN names (its uuid included), or undefined. */
  async byArn(arn: string): Promise<ConnectionRecord | undefined> {
    const record = await this.options.table.get(keyOfArn(arn));
    return record?.arn === arn ? record : undefined;
  }

  list(
    at: BusLocation,
    filter: { namePrefix?: string; state?: ConnectionState },
    page: PageRequest,
  ): Promise<Page<ConnectionRecord>> {
    return filteredPage(
      (request) => this.options.table.list(connectionKey(at, filter.namePrefix ?? ''), request),
      (c) => filter.state === undefined || c.state === filter.state,
      (c) => keyOfArn(c.arn),
      page,
    );
  }

  /** Changes the description, the authorization type or (some of) its parameters; OAuth authorizes again. */
  async update(at: BusLocation, name: string, change: ConnectionChange): Promise<ConnectionRecord> {
    return this.change(at, name, (current) => {
      const type = change.authorizationType ?? current.authorizationType;
      const parameters = change.authParameters
        ? mergeParameters(
            type === current.authorizationType ? (current.authParameters ?? {}) : {},
            change.authParameters,
          )
        : current.authParameters;
      if (change.authorizationType !== undefined || change.authParameters !== undefined) {
        checkParameters(type, parameters ?? {});
      }
      const now = this.options.clock.now();
      const oauth = type === 'OAUTH_CLIENT_CREDENTIALS';
      return {
        ...current,
        ...(change.description !== undefined ? { description: change.description } : {}),
        authorizationType: type,
        ...(parameters ? { authParameters: parameters } : {}),
        state: oauth ? 'AUTHORIZING' : 'AUTHORIZED',
        lastModifiedAt: now,
        ...(oauth ? {} : { lastAuthorizedAt: now }),
      };
    });
  }

  async delete(at: BusLocation, name: string): Promise<ConnectionRecord> {
    const record = await this.get(at, name);
    await this.options.table.delete(connectionKey(at, name));
    this.tokens.delete(record.arn);
    return { ...record, state: 'DELETING', lastModifiedAt: this.options.clock.now() };
  }

  /** Removes the connection's credentials: it stays, DEAUTHORIZED, and its destinations' calls fail. */
  async deauthorize(at: BusLocation, name: string): Promise<ConnectionRecord> {
    const record = await this.change(at, name, (current) => {
      const { authParameters: _secrets, ...rest } = current;
      return { ...rest, state: 'DEAUTHORIZED', lastModifiedAt: this.options.clock.now() };
    });
    this.tokens.delete(record.arn);
    return { ...record, state: 'DEAUTHORIZING' };
  }

  /**
   * The headers, query and body parameters a request through the connection carries, credentials
   * included (an OAuth token fetched or cached); or why the connection cannot be used now.
   */
  async authorization(connection: ConnectionRecord): Promise<Authorization | { error: string }> {
    const parameters = connection.authParameters;
    if (connection.state === 'DEAUTHORIZED' || !parameters) {
      return { error: `Connection ${connection.name} is not authorized (${connection.state}).` };
    }
    const invocation = (parameters.InvocationHttpParameters ?? {}) as JsonObject;
    const headers = pairs(invocation.HeaderParameters);
    const auth = parameters[PARAMETERS_OF[connection.authorizationType]] as JsonObject;
    if (connection.authorizationType === 'BASIC') {
      headers.Authorization = `Basic ${Buffer.from(`${auth.Username}:${auth.Password}`).toString('base64')}`;
    } else if (connection.authorizationType === 'API_KEY') {
      headers[auth.ApiKeyName as string] = auth.ApiKeyValue as string;
    } else {
      try {
        headers.Authorization = `Bearer ${await this.token(connection)}`;
      } catch (e) {
        return { error: `Connection ${connection.name} could not be authorized: ${(e as Error).message}` };
      }
    }
    return { headers, query: pairs(invocation.QueryStringParameters), body: pairs(invocation.BodyParameters) };
  }

  /** Forgets a cached OAuth token (the destination refused it). */
  invalidate(connectionArn: string): void {
    this.tokens.delete(connectionArn);
  }

  // ------------------------------------------------------------------ internals

  private async change(
    at: BusLocation,
    name: string,
    apply: (current: ConnectionRecord) => ConnectionRecord,
  ): Promise<ConnectionRecord> {
    for (;;) {
      const current = await this.get(at, name);
      const next = { ...apply(current), version: current.version + 1 };
      if ((await this.options.table.update(connectionKey(at, name), next)) === 'updated') {
        this.tokens.delete(next.arn);
        if (next.state === 'AUTHORIZING') void this.authorize(next);
        return next;
      }
    }
  }

  /** Fetches a first token for an AUTHORIZING connection and records the outcome. */
  private async authorize(record: ConnectionRecord): Promise<void> {
    let outcome: Pick<ConnectionRecord, 'state' | 'stateReason'>;
    try {
      await this.token(record);
      outcome = { state: 'AUTHORIZED' };
    } catch (e) {
      outcome = { state: 'DEAUTHORIZED', stateReason: (e as Error).message.slice(0, 512) };
    }
    const now = this.options.clock.now();
    const next: ConnectionRecord = {
      ...record,
      ...outcome,
      ...(outcome.state === 'AUTHORIZED' ? { lastAuthorizedAt: now } : {}),
      version: record.version + 1,
    };
    // A change made meanwhile wins: it authorizes again itself.
    await this.options.table
      .update(keyOfArn(record.arn), next)
      .catch((e) => this.options.onError(e, `authorizing ${record.arn}`));
  }

  /** A valid access token for an OAuth connection: cached, or fetched once for concurrent callers. */
  private async token(connection: ConnectionRecord): Promise<string> {
    const cached = this.tokens.get(connection.arn);
    if (cached instanceof Promise) return cached;
    if (cached && cached.expiresAt > Date.now()) return cached.token;
    const pending = this.fetchToken(connection).then(
      ({ token, expiresInSeconds }) => {
        // Refreshed a minute early, so a token does not expire between the cache and the call.
        this.tokens.set(connection.arn, { token, expiresAt: Date.now() + Math.max(0, expiresInSeconds - 60) * 1000 });
        return token;
      },
      (e) => {
        this.tokens.delete(connection.arn);
        throw e;
      },
    );
    this.tokens.set(connection.arn, pending);
    return pending;
  }

  /** The client-credentials grant: client id and secret as Basic credentials, OAuthHttpParameters added. */
  private async fetchToken(connection: ConnectionRecord): Promise<{ token: string; expiresInSeconds: number }> {
    const oauth = (connection.authParameters?.OAuthParameters ?? {}) as JsonObject;
    const client = (oauth.ClientParameters ?? {}) as JsonObject;
    const extra = (oauth.OAuthHttpParameters ?? {}) as JsonObject;
    const url = new URL(String(oauth.AuthorizationEndpoint));
    for (const [k, v] of Object.entries(pairs(extra.QueryStringParameters))) url.searchParams.append(k, v);
    const refusal = await this.options.checkUrl(url);
    if (refusal) throw new Error(refusal);
    const method = String(oauth.HttpMethod ?? 'POST');
    const body = pairs(extra.BodyParameters);
    const response = await fetch(url, {
      method,
      headers: {
        ...pairs(extra.HeaderParameters),
        Authorization: `Basic ${Buffer.from(`${client.ClientID}:${client.ClientSecret}`).toString('base64')}`,
        ...(method === 'GET' ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
      },
      ...(method === 'GET' ? {} : { body: new URLSearchParams(body).toString() }),
      signal: AbortSignal.timeout(TOKEN_REQUEST_MS),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`the authorization endpoint answered ${response.status}`);
    const answer = JSON.parse(text) as { access_token?: unknown; expires_in?: unknown };
    if (typeof answer.access_token !== 'string') throw new Error('the authorization endpoint sent no access_token');
    return {
      token: answer.access_token,
      expiresInSeconds: typeof answer.expires_in === 'number' ? answer.expires_in : 3600,
    };
  }
}

/** The AuthParameters member of the type must be there (with what the API layer checked inside it). */
function checkParameters(type: ConnectionAuthorizationType, parameters: JsonObject): void {
  const member = PARAMETERS_OF[type];
  if (!isJsonObject(parameters[member] ?? null)) {
    throw busErrors.validation(
      `Parameter AuthParameters is not valid. Reason: ${member} must be specified for AuthorizationType ${type}.`,
    );
  }
}

/** UpdateConnection's parameters over the stored ones, member by member. */
function mergeParameters(stored: JsonObject, change: JsonObject): JsonObject {
  const out: JsonObject = { ...stored };
  for (const [key, value] of Object.entries(change)) {
    const before = out[key];
    out[key] =
      isJsonObject(value) && isJsonObject(before ?? null) ? mergeParameters(before as JsonObject, value) : value;
  }
  return out;
}
