/**
 * How the console reaches the server: AWS JSON protocol calls (`POST /` with `X-Amz-Target`, as
 * every AWS SDK sends them for Step Functions, SQS, EventBridge and Kinesis), REST JSON requests
 * (`GET /v1/registries`, `GET /v1/pipes`, as the Schemas and Pipes clients send them) and the
 * small native API (`/baton/…`).
 * Their errors (`{__type, message}`, or REST JSON's `X-Amzn-ErrorType` header) become ApiError.
 * Requests are unsigned, which works while the server runs with auth off (its local default).
 */

/** An error answered by the server (`__type` and `message`), or a network failure. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

export function page<T>(items: T[] | undefined, nextToken: unknown): Page<T> {
  return typeof nextToken === 'string' ? { items: items ?? [], nextToken } : { items: items ?? [] };
}

/** Every page of a paginated list, in order. */
export async function allPages<T>(list: (nextToken?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const p = await list(nextToken);
    items.push(...p.items);
    nextToken = p.nextToken;
  } while (nextToken);
  return items;
}

/** `path` with the query members that have a value (`/events?bus=orders` of `{ bus: 'orders', tab: undefined }`). */
export function withQuery(path: string, query: Readonly<Record<string, string | undefined>>): string {
  const q = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1])));
  return q.size ? `${path}?${q}` : path;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Sends a request; a failure to reach the server is ApiError `NetworkError`. */
export async function send(path: string, init: RequestInit, fetcher: Fetch = fetch): Promise<Response> {
  try {
    return await fetcher(path, init);
  } catch (e) {
    throw new ApiError('NetworkError', `The server could not be reached (${(e as Error).message})`, 0);
  }
}

/** Sends a request; answers the JSON body, or throws ApiError with the server's code. */
export async function request<T>(path: string, init: RequestInit, fetcher: Fetch = fetch): Promise<T> {
  const response = await send(path, init, fetcher);
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new ApiError('InvalidResponse', `The server answered ${response.status} with a body that is not JSON`, 0);
  }
  if (!response.ok) {
    // REST JSON names the error in X-Amzn-ErrorType (at times `Code:<link>`); Schemas' body says `Code`.
    const named = response.headers.get('x-amzn-errortype') ?? body.__type ?? body.code ?? body.Code ?? 'UnknownError';
    const code = String(named).replace(/^.*#/, '').split(':')[0]!;
    const message = String(body.message ?? body.Message ?? `HTTP ${response.status}`);
    throw new ApiError(code, message, response.status);
  }
  return body as T;
}

/** A caller of one AWS JSON service: `AWSStepFunctions` on JSON 1.0, `AWSEvents` on 1.1, … */
export function awsJson(targetPrefix: string, version: '1.0' | '1.1') {
  return <T>(operation: string, input: object, fetcher?: Fetch): Promise<T> =>
    request<T>(
      '/',
      {
        method: 'POST',
        headers: {
          'content-type': `application/x-amz-json-${version}`,
          'x-amz-target': `${targetPrefix}.${operation}`,
        },
        body: JSON.stringify(input),
      },
      fetcher,
    );
}

/** Whether an error says the server does not have that operation (an older or partial server). */
export function isUnknownOperation(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.code === 'UnknownOperationException' || error.code === 'InvalidAction' || error.status === 404)
  );
}
