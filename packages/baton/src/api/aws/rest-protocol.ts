/**
 * The AWS REST JSON protocol (`restJson1`): each operation is an HTTP method and a path
 * template (`POST /v1/pipes/{Name}`); members come from the path's labels, the query string and
 * a JSON body, and the answer is a JSON body. Errors are `{"message": …}` with the code in the
 * `X-Amzn-ErrorType` header and the HTTP status the API reference gives the error (AwsError's
 * `status`). EventBridge Pipes and EventBridge Schemas speak it; each service registers its
 * routes here, once, through `registerRestProtocol`.
 *
 * Two services may claim one path (both Pipes and Schemas tag at `/tags/{resourceArn}`): a route
 * then says which requests are its own with `accepts` (the ARN's service), and the first route
 * that accepts a request answers it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonObject } from '../../kernel/index.js';
import { verifySignature } from '../auth.js';
import { AwsError, type DomainErrorTranslation, internalError } from '../errors.js';
import { jsonObjectBody, type ProtocolDefaults } from './json-protocol.js';
import { type RequestContext, requestContext } from './request-context.js';

export type RestMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** One request as an operation sees it: labels decoded, query values as sent (repeated keys as arrays). */
export interface RestRequest {
  readonly labels: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** The JSON body; `{}` when there is none. */
  readonly body: JsonObject;
}

export type RestOperation = (request: RestRequest, context: RequestContext) => Promise<JsonObject>;

export interface RestRoute {
  readonly method: RestMethod;
  /** The path template of the API reference, labels in braces: `/v1/pipes/{Name}/start`. */
  readonly path: string;
  readonly operation: RestOperation;
  /** For a path several services share: whether this request is this route's (default: all are). */
  readonly accepts?: (labels: Readonly<Record<string, string>>) => boolean;
  /** The status of a success (default 200; some APIs answer creations 201, and 204 with no body). */
  readonly status?: number;
}

export interface RestService {
  /** The service's name, for logs. */
  readonly name: string;
  readonly routes: readonly RestRoute[];
  /** The AwsErrors the service's domain errors (PipeError, SchemaError) stand for. */
  readonly domainError?: DomainErrorTranslation;
  /** The error body, when the service's differs from `{"message": …}` (Schemas: `{Code, Message}`). */
  readonly errorBody?: (error: AwsError) => JsonObject;
}

/** A route with the service it belongs to (routes of several services may share a path). */
interface ServiceRoute {
  readonly route: RestRoute;
  readonly service: RestService;
}

/** A query parameter: its first value when it is repeated. */
export function queryValue(request: RestRequest, name: string): string | undefined {
  const value = request.query[name];
  return typeof value === 'string' ? value : value?.[0];
}

/** Every value of a repeated query parameter (`tagKeys=a&tagKeys=b`). */
export function queryValues(request: RestRequest, name: string): string[] {
  const value = request.query[name];
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

/** Registers every service's routes; a method and path claimed twice is served by one handler. */
export function registerRestProtocol(
  app: FastifyInstance,
  services: readonly RestService[],
  defaults: ProtocolDefaults,
): void {
  const byRoute = new Map<string, ServiceRoute[]>();
  for (const service of services) {
    for (const route of service.routes) {
      const key = `${route.method} ${route.path}`;
      byRoute.set(key, [...(byRoute.get(key) ?? []), { route, service }]);
    }
  }
  if (byRoute.size === 0) return;
  // An encapsulated scope: bodies are read as text here (errors in AWS's shape, signatures
  // over the bytes sent) without changing how the rest of the server parses JSON.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    for (const routes of byRoute.values()) {
      const { method, path } = routes[0]!.route;
      scope.route({
        method,
        url: path.replaceAll(/\{([^}]+)\}/g, ':$1'),
        handler: (request, reply) => answer(request, reply, routes, defaults),
      });
    }
  });
}

async function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  routes: readonly ServiceRoute[],
  defaults: ProtocolDefaults,
): Promise<FastifyReply> {
  let service: RestService | undefined;
  try {
    if (defaults.accessKeys) await verifySignature(request, defaults.accessKeys, Date.now());
    const labels = request.params as Record<string, string>;
    const owner = routes.find(({ route }) => route.accepts?.(labels) ?? true);
    if (!owner) throw new AwsError('NotFoundException', `No service owns ${request.url.split('?')[0]}`, 404);
    service = owner.service;
    const route = owner.route;
    const output = await route.operation(
      { labels, query: request.query as RestRequest['query'], body: parseBody(request.body) },
      requestContext(request, reply, defaults),
    );
    const status = route.status ?? 200;
    if (status === 204) return reply.code(204).send();
    return reply.code(status).header('content-type', 'application/json').send(JSON.stringify(output));
  } catch (e) {
    const error =
      e instanceof AwsError ? e : (service?.domainError?.(e) ?? internalError(request.log, e, 'InternalException'));
    return reply
      .code(error.status)
      .header('content-type', 'application/json')
      .header('x-amzn-errortype', error.code)
      .send(JSON.stringify(service?.errorBody?.(error) ?? { message: error.message }));
  }
}

function parseBody(body: unknown): JsonObject {
  return body === undefined || body === null ? {} : jsonObjectBody(String(body));
}
