/**
 * The HTTP server: one port for every AWS protocol Baton speaks and the small native API
 * (`/baton/…`). Binds to 127.0.0.1 unless told otherwise.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock } from '../kernel/index.js';
import type { QueueService } from '../messaging/queues/index.js';
import type { StreamService } from '../messaging/streams/index.js';
import type { QueueStore } from '../store/port.js';
import { type JsonService, type ProtocolDefaults, registerJsonProtocol } from './aws/json-protocol.js';
import { type QueryService, registerQueryProtocol } from './aws/query-protocol.js';
import { type RestService, registerRestProtocol } from './aws/rest-protocol.js';
import { createServerWithH2c } from './h2c.js';
import { type CloudEventsOptions, registerCloudEvents } from './native/cloudevents.js';
import {
  type EventMapCounts,
  registerConsoleAssets,
  registerEventMap,
  registerPatternExplain,
  registerQueuePeek,
  registerStream,
  type TransitionSource,
} from './native/index.js';
import { registerStreamGroups } from './native/streams.js';

export interface ServerOptions extends ProtocolDefaults {
  readonly host: string;
  readonly port: number;
  readonly jsonServices: readonly JsonService[];
  /** Services on the Query protocol (form requests with `Action=…`, XML answers). */
  readonly queryServices?: readonly QueryService[];
  /** Services on the REST JSON protocol (operations by method and path: Schemas). */
  readonly restServices?: readonly RestService[];
  /** The bus `POST /baton/cloudevents/{bus}` puts CloudEvents on (api/native/cloudevents.ts). */
  readonly cloudEvents?: Pick<CloudEventsOptions, 'bus'>;
  readonly logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Committed transitions for `GET /baton/stream` (the engine); without it there is no stream. */
  readonly transitions?: TransitionSource;
  /** The built console (`packages/console/dist`) served at `/`; absent or unbuilt: a page saying how to build it. */
  readonly consoleDir?: string;
  /** Streams whose consumer groups `/baton/streams/…` coordinates (api/native/streams.ts). */
  readonly streams?: StreamService;
  /** Queues `GET /baton/queues/peek` reads (api/native/queues.ts); without them there is no peek. */
  readonly queuePeek?: { readonly queues: QueueService; readonly store: QueueStore; readonly clock: Clock };
  /** Event counts for `GET /baton/event-map` (api/native/event-map.ts); without them there is no event map. */
  readonly eventMap?: EventMapCounts;
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
    // HTTP/1.1 and, for @aws-sdk/client-kinesis, cleartext HTTP/2 on the same port (h2c.ts).
    serverFactory: (handler) => {
      const server = createServerWithH2c(handler);
      server.requestTimeout = 0;
      server.keepAliveTimeout = 65_000;
      return server;
    },
  });
  registerJsonProtocol(app, options.jsonServices, options);
  registerQueryProtocol(app, options.queryServices ?? [], options);
  registerRestProtocol(app, options.restServices ?? [], options);
  app.get('/baton/health', async () => ({ status: 'ok' }));
  const signed = options.accessKeys ? { accessKeys: options.accessKeys } : {};
  if (options.transitions) registerStream(app, { source: options.transitions, ...signed });
  if (options.streams)
    registerStreamGroups(app, {
      streams: options.streams,
      region: options.region,
      account: options.account,
      ...signed,
    });
  if (options.cloudEvents)
    registerCloudEvents(app, { ...options.cloudEvents, region: options.region, account: options.account, ...signed });
  registerPatternExplain(app, signed);
  if (options.queuePeek) registerQueuePeek(app, { ...options.queuePeek, ...signed });
  if (options.eventMap) registerEventMap(app, { counts: options.eventMap, ...signed });
  registerConsoleAssets(app, options.consoleDir ? { dir: options.consoleDir } : {});
  // Requests no protocol claimed end here.
  app.post('/', async (_request, reply) =>
    reply.code(400).send({ __type: 'UnknownOperationException', message: 'Missing or unknown X-Amz-Target' }),
  );
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${options.host}:${port}`, app, close: () => app.close() };
}
