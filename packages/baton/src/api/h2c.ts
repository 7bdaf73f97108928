/**
 * Cleartext HTTP/2 beside HTTP/1.1 on one port. `@aws-sdk/client-kinesis` v3 sends every request
 * over HTTP/2 (its default handler is NodeHttp2Handler, for SubscribeToShard's event streams);
 * against an `http://` endpoint that is HTTP/2 with prior knowledge (h2c): the connection opens
 * with the preface `PRI * HTTP/2.0`. Every other SDK speaks HTTP/1.1. So the HTTP/1.1 server
 * peeks at each new connection's first bytes and hands those that open with the preface to an
 * HTTP/2 server running the same request handler (Node's compatibility API gives it
 * request/response objects shaped like HTTP/1's, which fastify serves unchanged).
 */
import http from 'node:http';
import http2 from 'node:http2';
import type { Socket } from 'node:net';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const PREFACE = Buffer.from('PRI * HTTP/2.0\r\n');

/** An HTTP/1.1 server that also accepts h2c connections, both served by `handler`. */
export function createServerWithH2c(handler: Handler): http.Server {
  const h1 = http.createServer(handler);
  const h2 = http2.createServer(
    {},
    handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
  );
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  /** Connections that have not sent their first bytes yet: idle, so closing the server ends them. */
  const waiting = new Set<Socket>();
  const endWaiting = () => {
    for (const socket of waiting) socket.destroy();
    waiting.clear();
  };
  const emit = h1.emit.bind(h1);
  // Connections reach the HTTP/1.1 parser only once their first bytes say they are not HTTP/2.
  h1.emit = ((event: string, ...args: unknown[]) => {
    if (event !== 'connection') return emit(event, ...args);
    const socket = args[0] as Socket;
    waiting.add(socket);
    let seen = Buffer.alloc(0);
    const peek = () => {
      for (let chunk = socket.read() as Buffer | null; chunk !== null; chunk = socket.read() as Buffer | null) {
        seen = Buffer.concat([seen, chunk]);
      }
      const n = Math.min(seen.length, PREFACE.length);
      const h2c = n > 0 && seen.subarray(0, n).equals(PREFACE.subarray(0, n));
      // The preface may arrive in pieces: wait until it is whole or ruled out.
      if (seen.length === 0 || (h2c && seen.length < PREFACE.length)) return;
      socket.removeListener('readable', peek);
      socket.removeListener('end', quiet);
      waiting.delete(socket);
      socket.unshift(seen);
      if (h2c) h2.emit('connection', socket);
      else emit('connection', socket);
    };
    // A connection closed before it said anything is nobody's to close: end it here.
    const quiet = () => {
      waiting.delete(socket);
      socket.destroy();
    };
    socket.on('readable', peek);
    socket.once('end', quiet);
    socket.once('error', quiet);
    return true;
  }) as typeof h1.emit;

  // Closing the server ends the HTTP/2 sessions too (the SDK keeps its session open while idle).
  const close = h1.close.bind(h1);
  h1.close = ((callback?: (err?: Error) => void) => {
    endWaiting();
    for (const session of sessions) session.close();
    return close(callback);
  }) as typeof h1.close;
  const closeIdle = h1.closeIdleConnections.bind(h1);
  h1.closeIdleConnections = () => {
    endWaiting();
    for (const session of sessions) session.close();
    closeIdle();
  };
  return h1;
}
