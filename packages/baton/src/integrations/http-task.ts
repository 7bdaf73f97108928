/**
 * The HTTP Task (developer guide, "Call HTTPS APIs in Step Functions workflows"):
 * `arn:aws:states:::http:invoke` with ApiEndpoint, Method, Headers, QueryParameters and
 * RequestBody; the result is `{ ResponseBody, StatusCode, StatusText, Headers }` and a non-2xx
 * answer fails the task with `States.Http.StatusCode.<code>`. Outbound calls go only where the
 * configuration allows: public addresses by default, private and loopback ranges only when
 * their host is listed explicitly (checked on the resolved address, so DNS cannot sneak past).
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Json, JsonObject } from '../kernel/index.js';
import type { TaskInvocation, TaskOutcome, TaskResource } from '../runtime/task-resource.js';

const INVOKE = /^arn:[^:]+:states:::http:invoke$/;
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);

export interface HttpTaskOptions {
  /** Hosts (`host` or `host:port`) that may be called even though they resolve to private or loopback addresses. */
  readonly allowPrivateHosts: readonly string[];
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

function failed(error: string, cause: string): TaskOutcome {
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
    if (p.Authentication !== undefined) {
      return failed(
        'States.Runtime',
        'Authentication with an EventBridge connection is not supported yet: omit Authentication or call the endpoint without it',
      );
    }
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
    for (const [k, v] of Object.entries((p.QueryParameters ?? {}) as JsonObject)) {
      for (const value of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(value));
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries((p.Headers ?? {}) as JsonObject)) headers.set(k, String(v));
    let body: string | undefined;
    if (p.RequestBody !== undefined && method !== 'GET' && method !== 'HEAD') {
      body = typeof p.RequestBody === 'string' ? p.RequestBody : JSON.stringify(p.RequestBody);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const request = { url: url.href, method, headers, ...(body !== undefined ? { body } : {}) };
    let response: Response;
    try {
      response = await fetch(url, {
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
