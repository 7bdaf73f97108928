/**
 * Who is calling and where: the region comes from the SigV4 credential scope of the request
 * (`Credential=AKID/20250101/eu-west-1/states/aws4_request`), as AWS routes by region; the
 * account is the configured one.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProtocolDefaults } from './json-protocol.js';

export interface RequestContext {
  readonly region: string;
  readonly account: string;
  /** True once the client has gone away (long polls stop waiting). */
  readonly aborted: () => boolean;
  readonly signal: AbortSignal;
}

const SCOPE = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//;

/** The region a request is signed for (its SigV4 credential scope), else `fallback`. */
export function regionOf(request: FastifyRequest, fallback: string): string {
  const auth = request.headers.authorization;
  return (typeof auth === 'string' && SCOPE.exec(auth)?.[1]) || fallback;
}

/**
 * The context of one request. The response's own 'close' event tells a client that went away
 * (closed before the response was written) from a request served; listening on the response,
 * not the keep-alive socket, leaves nothing behind once the request is answered. The signal is
 * made when an operation first asks (only long polls do), not for every request.
 */
export function requestContext(
  request: FastifyRequest,
  reply: FastifyReply,
  defaults: ProtocolDefaults,
): RequestContext {
  const region = regionOf(request, defaults.region);
  let controller: AbortController | undefined;
  const signal = (): AbortSignal => {
    if (!controller) {
      const made = (controller = new AbortController());
      const response = reply.raw;
      const gone = () => {
        if (!response.writableFinished) made.abort();
      };
      if (response.closed) gone();
      else response.once('close', gone);
    }
    return controller.signal;
  };
  return {
    region,
    account: defaults.account,
    aborted: () => signal().aborted,
    get signal() {
      return signal();
    },
  };
}
