/**
 * What every native route shares: with auth on, the request must carry a valid SigV4 signature
 * (checked over the body as the route's parser left it: bytes for CloudEvents, which signs its
 * binary bodies), and errors are answered `{__type, message}` like the AWS APIs'. A route says
 * which of its domain's errors it answers and how; any other error is logged and answered as a
 * 500 InternalFailure that shows nothing of it.
 *
 * A plain wrapper rather than a hook and an error handler on a fastify scope: a scope's error
 * handler would also receive fastify's own errors (an unparsable JSON body), which the routes
 * leave to fastify.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AccessKeys, verifySignature } from '../auth.js';
import { AwsError, type DomainErrorTranslation, internalError } from '../errors.js';

export interface NativeRouteOptions {
  /** When set, every request must be signed by one of these keys. */
  readonly accessKeys?: AccessKeys;
  /** The route's domain errors (GroupError, QueueError, …) as the AwsErrors they are answered with. */
  readonly domainError?: DomainErrorTranslation;
}

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function nativeRoute(options: NativeRouteOptions, handler: Handler): Handler {
  return async (request, reply) => {
    try {
      if (options.accessKeys) await verifySignature(request, options.accessKeys, Date.now());
      return await handler(request, reply);
    } catch (e) {
      // A reply already sent or taken over (a stream) has no answer left to give: fastify logs it.
      if (reply.sent) throw e;
      const error = e instanceof AwsError ? e : (options.domainError?.(e) ?? internalError(request.log, e));
      return reply.code(error.status).send({ __type: error.code, message: error.message });
    }
  };
}
