/**
 * The HTTP server: one port for every AWS protocol Baton speaks and the small native API
 * (`/baton/…`). Binds to 127.0.0.1 unless told otherwise.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { type JsonService, type ProtocolDefaults, registerJsonProtocol } from './aws/json-protocol.js';

export interface ServerOptions extends ProtocolDefaults {
  readonly host: string;
  readonly port: number;
  readonly jsonServices: readonly JsonService[];
  readonly logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

export interface RunningServer {
  readonly url: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** Requests up to 8 MiB: definitions reach 1 MiB, batches of payloads several. */
const BODY_LIMIT = 8 * 1024 * 1024;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    // Long polls (GetActivityTask waits up to 60 s) must not be cut short.
    requestTimeout: 0,
    keepAliveTimeout: 65_000,
  });
  registerJsonProtocol(app, options.jsonServices, options);
  app.get('/baton/health', async () => ({ status: 'ok' }));
  // Requests no protocol claimed end here.
  app.post('/', async (_request, reply) =>
    reply.code(400).send({ __type: 'UnknownOperationException', message: 'Missing or unknown X-Amz-Target' }),
  );
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${options.host}:${port}`, app, close: () => app.close() };
}
