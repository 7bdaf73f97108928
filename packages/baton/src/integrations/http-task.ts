/**
 * The HTTP Task (developer guide, "Call HTTPS APIs in Step Functions workflows"):
 * `arn:aws:states:::http:invoke` with ApiEndpoint, Method, Authentication, Headers,
 * QueryParameters and RequestBody; the result is `{ ResponseBody, StatusCode, StatusText, Headers }`
 * and a non-2xx answer fails the task with `States.Http.StatusCode.<code>`.
 *
 * `Authentication.ConnectionArn` names an EventBridge connection (messaging/bus connections.ts,
 * as API destinations use them): its credentials (API key, basic, or an OAuth client-credentials
 * token, cached, and dropped when the endpoint answers 401 or 407) and its invocation parameters
 * are merged into the request, the connection's winning over the task's for the same key; a
 * string RequestBody cannot take the connection's body parameters (States.Runtime). A connection
 * that does not exist, is still authorizing or is not authorized fails the task with the
 * `Events.ConnectionResource.*` error Step Functions reports. Baton, unlike AWS, also calls
 * endpoints without a connection.
 *
 * Outbound calls go only where the configuration allows: public addresses by default, private and
 * loopback ranges only when their host is listed explicitly (checked on the resolved address, so
 * DNS cannot sneak past).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isJsonObject, type Json, type JsonObject } from '../kernel/index.js';
import type { Authorization, Connections } from '../messaging/bus/index.js';
import type { TaskInvocation, TaskOutcome, TaskResource } from '../runtime/task-resource.js';

const INVOKE = /^arn:[^:]+:states:::http:invoke$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);

export interface HttpTaskOptions {
  /** Hosts (`host` or `host:port`) that may be called even though they resolve to private or loopback addresses. */
  readonly allowPrivateHosts: readonly string[];
  /** The event bus's connections, which Authentication.ConnectionArn names. */
  readonly connections: Connections;
}

export function isPrivateAddress(address: string): boolean {
  if (isIP(address) === 4) {
    const [a, b] = address.split('.').map(Number) as [number, number];
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isPrivateAddress(lower.slice(7));
  return (
    lower === '::1' ||
    lower === '::' ||
    lower.startsWith('fc') ||
    lower.startsWith('fd') ||
    lower.startsWith('fe8') ||
    lower.startsWith('fe9') ||
    lower.startsWith('fea') ||
    lower.startsWith('feb')
  );
}

type Failed = Extract<TaskOutcome, { kind: 'failed' }>;

function failed(error: string, cause: string): Failed {
  return { kind: 'failed', error, cause };
}

export class HttpTask implements TaskResource {
  constructor(private readonly options: HttpTaskOptions) {}

  handles(resource: string): boolean {
    return INVOKE.test(resource);
  }

  async run(task: TaskInvocation): Promise<TaskOutcome> {
    const p = (task.input ?? {}) as JsonObject;
    if (typeof p.ApiEndpoint !== 'string') return failed('States.Runtime', 'The field ApiEndpoint is required');
    const method = typeof p.Method === 'string' ? p.Method.toUpperCase() : '';
    if (!METHODS.has(method)) return failed('States.Runtime', `Unsupported Method: '${String(p.Method)}'`);
    let url: URL;
    try {
      url = new URL(p.ApiEndpoint);
    } catch {
      return failed('States.Runtime', `Invalid ApiEndpoint: '${p.ApiEndpoint}'`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      return failed('States.Runtime', `Invalid ApiEndpoint scheme: '${url.protocol}'`);
    const refusal = await this.refusal(url);
    if (refusal) return failed('States.Http.Socket', refusal);
    const connection = p.Authentication === undefined ? undefined : await this.authorize(p.Authentication);
    if (connection?.kind === 'failed') return connection;
    const authorization = connection?.authorization;
    const sent = composeRequest(p, method, url, authorization);
    if ('kind' in sent) return sent;
    // TestState's TRACE shows a connection's request without what the connection added.
    const withoutSecrets = task.trace && authorization ? composeRequest(p, method, url) : undefined;
    const { headers, body } = sent;
    const request = {
      ...sent,
      method,
      ...(withoutSecrets && !('kind' in withoutSecrets) ? { withoutSecrets } : {}),
    };
    let response: Response;
    try {
      response = await fetch(sent.url, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: task.signal,
        redirect: 'manual',
      });
    } catch (e) {
      task.trace?.({ request });
      return failed('States.Http.Socket', `${url.origin}: ${(e as Error).message}`);
    }
    const text = await response.text();
    const { status, statusText } = response;
    // User guide, "Connections": OAuth tokens are refreshed when a 401 or 407 response is returned.
    if (connection && (status === 401 || status === 407)) this.options.connections.invalidate(connection.arn);
    task.trace?.({ request, response: { status, statusText, headers: response.headers, body: text } });
    let responseBody: Json = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        responseBody = JSON.parse(text) as Json;
      } catch {
        responseBody = text;
      }
    }
    const result: JsonObject = {
      ResponseBody: responseBody,
      StatusCode: response.status,
      StatusText: response.statusText,
      Headers: Object.fromEntries([...response.headers].map(([k, v]) => [k, [v]])),
    };
    if (response.status >= 200 && response.status < 300) return { kind: 'succeeded', output: result };
    return failed(`States.Http.StatusCode.${response.status}`, JSON.stringify(result));
  }

  /** Why a call to `url` is not allowed, or undefined. */
  private refusal(url: URL): Promise<string | undefined> {
    return outboundRefusal(url, this.options.allowPrivateHosts);
  }

  /** The connection that Authentication names, with what its requests carry; or the task's failure. */
  private async authorize(
    authentication: Json,
  ): Promise<{ kind: 'authorized'; arn: string; authorization: Authorization } | Failed> {
    const arn = isJsonObject(authentication) ? authentication.ConnectionArn : undefined;
    if (typeof arn !== 'string') return failed('States.Runtime', 'The field Authentication.ConnectionArn is required');
    const connection = await this.options.connections.byArn(arn);
    if (!connection) return failed('Events.ConnectionResource.ResourceNotFound', `Connection ${arn} does not exist.`);
    if (connection.state === 'AUTHORIZING') {
      return failed('Events.ConnectionResource.AuthInProgress', `Connection ${connection.name} is being authorized.`);
    }
    const authorization = await this.options.connections.authorization(connection);
    if ('error' in authorization)
      return failed('Events.ConnectionResource.InvalidConnectionState', authorization.error);
    return { kind: 'authorized', arn, authorization };
  }
}

/** The task's query parameters with the connection's added; the connection's replace the task's of the same key. */
function mergedQuery(task: readonly [string, string][], connection: Record<string, string> = {}): [string, string][] {
  return [...task.filter(([k]) => !(k in connection)), ...Object.entries(connection)];
}

interface ComposedRequest {
  readonly url: string;
  readonly headers: Headers;
  readonly body?: string;
}

/**
 * The request a task's parameters make (QueryParameters, Headers, RequestBody; JSON bodies typed
 * as such), with what a connection's authorization adds when given; or the task's failure.
 */
function composeRequest(
  p: JsonObject,
  method: string,
  endpoint: URL,
  authorization?: Authorization,
): ComposedRequest | Failed {
  const url = new URL(endpoint);
  const query: [string, string][] = Object.entries((p.QueryParameters ?? {}) as JsonObject).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((value): [string, string] => [k, String(value)]),
  );
  for (const [k, v] of mergedQuery(query, authorization?.query)) url.searchParams.append(k, v);
  const headers = new Headers();
  for (const [k, v] of Object.entries((p.Headers ?? {}) as JsonObject)) headers.set(k, String(v));
  for (const [k, v] of Object.entries(authorization?.headers ?? {})) headers.set(k, v);
  if (method === 'GET' || method === 'HEAD') return { url: url.href, headers };
  const body = requestBody(p.RequestBody, authorization?.body ?? {});
  if (typeof body === 'object') return body;
  if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return { url: url.href, headers, ...(body !== undefined ? { body } : {}) };
}

/**
 * The body sent: RequestBody (JSON, or a string as it is) with the connection's body parameters
 * merged in, the connection's winning; a string RequestBody cannot take them (States.Runtime).
 */
function requestBody(given: Json | undefined, parameters: Record<string, string>): string | undefined | Failed {
  const none = Object.keys(parameters).length === 0;
  if (typeof given === 'string') {
    return none
      ? given
      : failed('States.Runtime', "A string RequestBody cannot be merged with the connection's body parameters");
  }
  if (none) return given === undefined ? undefined : JSON.stringify(given);
  if (given !== undefined && !isJsonObject(given)) {
    return failed(
      'States.Runtime',
      "The RequestBody must be a JSON object to merge the connection's body parameters into it",
    );
  }
  return JSON.stringify({ ...(given ?? {}), ...parameters });
}

/**
 * Why an outbound call to `url` is not allowed, or undefined: public addresses only, private and
 * loopback ones when the host is listed in `allowPrivateHosts`. The rule of every outbound call
 * Baton makes (the HTTP Task, SNS HTTP/S subscriptions).
 */
export async function outboundRefusal(url: URL, allowPrivateHosts: readonly string[]): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowPrivateHosts.includes(host) || allowPrivateHosts.includes(url.host)) return undefined;
  const addresses = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [])).map((a) => a.address);
  if (addresses.length === 0) return `Cannot resolve ${host}`;
  const blocked = addresses.find(isPrivateAddress);
  return blocked
    ? `Calls to private or loopback addresses are not allowed (${host} is ${blocked}); list the host in the server's allowed private hosts to call it`
    : undefined;
}
