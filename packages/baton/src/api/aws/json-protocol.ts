/**
 * The AWS JSON protocol (versions 1.0 and 1.1): `POST /` with `X-Amz-Target: Service.Operation`
 * and a JSON body; errors as `{"__type": code, "message": …}` with the `x-amzn-ErrorType`
 * header. Step Functions, EventBridge, SQS and Kinesis all speak it; each registers its table of
 * operations here, with how its domain's errors become AwsErrors (applied once, where errors are
 * caught, rather than by wrapping every operation).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isJsonObject, type JsonObject } from '../../kernel/index.js';
import { type AccessKeys, verifySignature } from '../auth.js';
import { AwsError, type DomainErrorTranslation, internalError } from '../errors.js';
import { type RequestContext, requestContext } from './request-context.js';

export type Operation = (input: JsonObject, context: RequestContext) => Promise<JsonObject>;

export interface JsonService {
  /** The X-Amz-Target prefix, e.g. `AWSStepFunctions`. */
  readonly targetPrefix: string;
  /** `1.0` or `1.1`: echoed in the response content type. */
  readonly jsonVersion: '1.0' | '1.1';
  readonly operations: Readonly<Record<string, Operation>>;
  /**
   * How an error is named, when the service differs from the plain protocol: SQS namespaces
   * `__type` and adds the `x-amzn-query-error` header its query-compatible SDKs read.
   */
  readonly encodeError?: (error: AwsError) => { readonly type: string; readonly headers?: Record<string, string> };
  /** The AwsErrors the service's domain errors (BusError, QueueError, …) stand for. */
  readonly domainError?: DomainErrorTranslation;
}

export interface ProtocolDefaults {
  readonly region: string;
  readonly account: string;
  /** When set, every request must carry a valid SigV4 signature by one of these keys. */
  readonly accessKeys?: AccessKeys;
}

export function registerJsonProtocol(
  app: FastifyInstance,
  services: readonly JsonService[],
  defaults: ProtocolDefaults,
): void {
  const byPrefix = new Map(services.map((s) => [s.targetPrefix, s]));
  for (const version of ['1.0', '1.1']) {
    app.addContentTypeParser(`application/x-amz-json-${version}`, { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
  }
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || request.url.split('?')[0] !== '/' || typeof target !== 'string') return;
    const dot = target.lastIndexOf('.');
    const service = byPrefix.get(target.slice(0, dot));
    if (!service) return;
    const contentType = `application/x-amz-json-${service.jsonVersion}`;
    try {
      if (defaults.accessKeys) await verifySignature(request, defaults.accessKeys, Date.now());
      const operation = service.operations[target.slice(dot + 1)];
      if (!operation) throw new AwsError('UnknownOperationException', `Unknown operation ${target}`);
      const input = parseBody(request.body);
      const output = await operation(input, requestContext(request, reply, defaults));
      return reply.code(200).header('content-type', contentType).send(JSON.stringify(output));
    } catch (e) {
      const error = e instanceof AwsError ? e : (service.domainError?.(e) ?? internalError(request.log, e));
      const encoded = service.encodeError?.(error) ?? { type: error.code };
      return reply
        .code(error.status)
        .headers(encoded.headers ?? {})
        .header('content-type', contentType)
        .header('x-amzn-errortype', encoded.type)
        .send(JSON.stringify({ __type: encoded.type, message: error.message }));
    }
  });
}

function parseBody(body: unknown): JsonObject {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'string') throw new AwsError('SerializationException', 'Request body must be a JSON object');
  return jsonObjectBody(body);
}

/** A JSON body's object: `{}` when empty; SerializationException when it is not JSON or not an object. */
export function jsonObjectBody(text: string): JsonObject {
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsError('SerializationException', 'Request body is not valid JSON');
  }
  if (!isJsonObject(parsed as never))
    throw new AwsError('SerializationException', 'Request body must be a JSON object');
  return parsed as JsonObject;
}
