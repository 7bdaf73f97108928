/**
 * The composition root: the only place adapters are chosen and wired (store, task resources,
 * clock, entropy) into the engines and the API server.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAccessKeys } from './api/auth.js';
import { deployExampleRules } from './api/aws/events/examples.js';
import { eventBridgeService } from './api/aws/events/index.js';
import type { JsonService } from './api/aws/json-protocol.js';
import { kinesisService } from './api/aws/kinesis/index.js';
import { deployExamplePipes, PipeInvocations, pipesService } from './api/aws/pipes/index.js';
import { deployExampleSchemas, schemasService } from './api/aws/schemas/index.js';
import { stepFunctionsService } from './api/aws/sfn/index.js';
import { deployExampleTopics, snsService } from './api/aws/sns/index.js';
import { sqsServices } from './api/aws/sqs/index.js';
import { EventMapCounts } from './api/native/index.js';
import { type RunningServer, startServer } from './api/server.js';
import type { BatonConfig } from './config.js';
import { deployExamples, readExamples } from './examples.js';
import {
  EventBridgeIntegration,
  EventTargets,
  emitStatusChanges,
  type FunctionEndpoint,
  type FunctionHandler,
  FunctionRegistry,
  HttpTask,
  outboundRefusal,
  resourceChecker,
  SnsIntegration,
  SnsTargets,
  SqsIntegration,
  StepFunctionsIntegration,
} from './integrations/index.js';
import type { Clock } from './kernel/index.js';
import { BusError, type DeliveryOptions, EventBusService } from './messaging/bus/index.js';
import { PipeService, type PipeServiceOptions } from './messaging/pipes/index.js';
import { QueueService } from './messaging/queues/index.js';
import { SchemaService } from './messaging/schemas/index.js';
import { StreamService, type StreamServiceOptions } from './messaging/streams/index.js';
import { type OutboxOptions, TopicService } from './messaging/topics/index.js';
import { definitionHash, ExecutionEngine } from './runtime/engine.js';
import { cryptoEntropy } from './runtime/entropy.js';
import { ExpressEngine } from './runtime/express.js';
import type { Store } from './store/port.js';
import { openPostgresStore } from './store/postgres/index.js';
import { openSqliteStore } from './store/sqlite/index.js';

export interface Baton {
  readonly url: string;
  readonly store: Store;
  readonly engine: ExecutionEngine;
  readonly queues: QueueService;
  readonly bus: EventBusService;
  readonly schemas: SchemaService;
  readonly topics: TopicService;
  readonly streams: StreamService;
  readonly pipes: PipeService;
  readonly server: RunningServer;
  close(): Promise<void>;
}

export interface BatonOverrides {
  /** In-process functions given directly (tests), in addition to the configured module. */
  readonly functions?: Record<string, FunctionHandler>;
  readonly clock?: Clock;
  /** The built console to serve at `/` (default: `packages/console/dist` beside this package). */
  readonly consoleDir?: string;
  /** Event delivery timing (tests shorten retries and leases). */
  readonly busDelivery?: Partial<DeliveryOptions>;
  /** Topic delivery timing (tests scale SNS's retry delays down). */
  readonly topicDelivery?: Partial<OutboxOptions>;
  /** Stream settings (tests turn on AWS's per-shard throughput limits, shorten the retention sweep). */
  readonly streams?: Partial<Pick<StreamServiceOptions, 'throughput' | 'shardLimit' | 'sweepMs'>>;
  /** Pipe timing (tests shorten retry back-off, polling and leases). */
  readonly pipes?: Partial<Pick<PipeServiceOptions, 'backoff' | 'idleMs' | 'pollMs' | 'leaseMs'>>;
}

/** The console's build output in the workspace; src/ and dist/ sit at the same depth. */
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

export async function startBaton(config: BatonConfig, overrides: BatonOverrides = {}): Promise<Baton> {
  const clock = overrides.clock ?? { now: () => Date.now() };
  const entropy = cryptoEntropy();
  const store = await openStore(config);
  // Group-commit batches written at once: SQLite has one writer; PostgreSQL takes concurrent transactions.
  const commitsInFlight = store.kind === 'postgres' ? 4 : 1;
  const examples = config.examples ? await readExamples(config.examples) : [];
  const functions = new Map<string, FunctionHandler>(
    Object.entries({
      ...(Object.assign({}, ...examples.map((e) => e.functions)) as Record<string, FunctionHandler>),
      ...(await loadFunctions(config.functions)),
      ...overrides.functions,
    }),
  );
  // The examples' endpoints.json, then the configured endpoints (which win for a name in both).
  const endpoints = new Map<string, FunctionEndpoint>([
    ...examples.flatMap((e) => Object.entries(e.endpoints)),
    ...Object.entries(config.functionEndpoints ?? {}).map(([name, e]): [string, FunctionEndpoint] => [
      name,
      typeof e === 'string' ? { url: e } : e,
    ]),
  ]);
  // The Step Functions API is built after the engine that runs these resources: bound late.
  let sfn: JsonService | undefined;
  let engineRef: ExecutionEngine | undefined;
  const onError = (error: unknown, context: string) => console.error(`baton: ${context}:`, error);
  const queues = new QueueService({
    store: store.queues,
    clock,
    commitsInFlight,
    onError,
  });
  const registry = new FunctionRegistry(functions, endpoints);
  // The event bus delivers through the Step Functions API, topics and streams, built later: bound late.
  const targets = new EventTargets({
    sfn: () => sfn!,
    functions: registry,
    queues: () => queues,
    topics: () => topics,
    streams: () => streams,
  });
  // The console's event map counts what the bus sees (api/native/event-map.ts).
  const eventMap = new EventMapCounts(clock);
  // The schema registry checks and samples what the bus accepts, and asks it which buses exist (bound late).
  const schemas = new SchemaService({
    store: store.schemas,
    tags: store.tags,
    clock,
    busExists: (ref) =>
      bus.bus(ref).then(
        () => true,
        (e: unknown) => (e instanceof BusError ? false : Promise.reject(e)),
      ),
    onError,
  });
  const bus = new EventBusService({
    store: store.bus,
    tags: store.tags,
    clock,
    dispatcher: targets,
    commitsInFlight,
    onError,
    onEvent: eventMap.onEvent,
    stores: store,
    checkUrl: (url) => outboundRefusal(url, config.allowPrivateHosts ?? []),
    admission: (ref, event) => schemas.admission.admit(ref, event),
    ...(overrides.busDelivery ? { delivery: overrides.busDelivery } : {}),
  });
  // Topics deliver to functions and workflows through the bus's dispatcher, and name Baton's own
  // endpoint in their envelopes.
  const allowPrivateHosts = config.allowPrivateHosts ?? [];
  const topics = new TopicService({
    store: store.topics,
    tags: store.tags,
    queues,
    clock,
    targets: new SnsTargets({ dispatcher: targets, bus }),
    endpoint: () => endpoint,
    checkUrl: (url) => outboundRefusal(url, allowPrivateHosts),
    commitsInFlight,
    onError,
    ...(overrides.topicDelivery ? { delivery: overrides.topicDelivery } : {}),
  });
  const resources = [
    registry,
    new StepFunctionsIntegration({ api: () => sfn!, whenClosed: (arn) => engineRef!.whenClosed(arn) }),
    new HttpTask({ allowPrivateHosts, connections: bus.connections }),
    new SqsIntegration(queues),
    new EventBridgeIntegration(() => bus),
    new SnsIntegration(() => topics),
  ];
  // PostgreSQL overlaps commits (each waits on the network and the server's WAL flush); SQLite commits one batch at a time.
  const engine = new ExecutionEngine({
    store,
    clock,
    entropy,
    resources,
    onError,
    commitsInFlight,
  });
  engineRef = engine;
  const express = new ExpressEngine({
    clock,
    entropy,
    resources,
    onError,
    machine: (text) => engine.machine(definitionHash(text), text),
  });
  await engine.open();
  sfn = stepFunctionsService({
    store,
    engine,
    express,
    clock,
    entropy,
    checkResource: resourceChecker(resources),
    resources,
  });
  await deployExamples(examples, sfn, config.region, config.account);
  const statusChanges = emitStatusChanges(engine, () => bus, onError);
  bus.start();
  topics.start();
  const events = eventBridgeService({ bus });
  if (config.examples) {
    await deployExampleRules(config.examples, events, config.region, config.account);
    await deployExampleSchemas(config.examples, schemas, config.region, config.account, onError);
  }
  // Queue URLs name Baton's own endpoint, known once the server listens.
  let endpoint = '';
  const sqs = sqsServices({ queues, endpoint: () => endpoint });
  const sns = snsService({ topics });
  if (config.examples) {
    await deployExampleTopics(config.examples, { sns, sqs: sqs.json }, config.region, config.account, onError);
  }
  const streams = new StreamService({
    store,
    clock,
    commitsInFlight,
    onError,
    ...overrides.streams,
  });
  streams.start();
  const kinesis = kinesisService(streams);
  const pipes = new PipeService({
    store,
    streams,
    queues,
    topics,
    bus,
    clock,
    calls: new PipeInvocations({ functions: registry, sfn: () => sfn! }),
    dispatcher: targets,
    // One process owns an SQLite file: a constant id lets a restarted server take its pipes back at once.
    node: store.kind === 'sqlite' ? 'local' : randomUUID(),
    onError,
    ...overrides.pipes,
  });
  if (config.examples) {
    await deployExamplePipes(
      config.examples,
      { kinesis, sqs: sqs.json, sfn, pipes },
      config.region,
      config.account,
      onError,
    );
  }
  pipes.start();
  const server = await startServer({
    host: config.host,
    port: config.port,
    region: config.region,
    account: config.account,
    logLevel: config.logLevel,
    ...(config.auth && config.accessKeys ? { accessKeys: parseAccessKeys(config.accessKeys) } : {}),
    jsonServices: [sfn, sqs.json, events, kinesis],
    queryServices: [sqs.query, sns],
    restServices: [schemasService({ schemas }), pipesService(pipes)],
    cloudEvents: { bus },
    transitions: engine,
    consoleDir: overrides.consoleDir ?? DEFAULT_CONSOLE_DIR,
    streams,
    queuePeek: { queues, store: store.queues, clock },
    eventMap,
  });
  endpoint = server.url;
  return {
    url: server.url,
    store,
    engine,
    queues,
    bus,
    schemas,
    topics,
    streams,
    pipes,
    server,
    async close() {
      // Open long polls end first (answered empty), or closing the server would wait for them.
      engine.activityWaiters.shutdown();
      await server.close();
      await pipes.close();
      await bus.close();
      await topics.close();
      queues.close();
      streams.close();
      await express.close();
      await engine.close();
      await statusChanges.close();
      // Every producer of events has stopped: schema discovery writes what it saw last.
      await schemas.whenIdle();
      await store.close();
    },
  };
}

async function openStore(config: BatonConfig): Promise<Store> {
  if (config.database) {
    // `?schema=name` keeps Baton's tables in their own schema (created when missing).
    const url = new URL(config.database);
    const schema = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    return openPostgresStore({
      url: url.toString(),
      ...(schema ? { schema } : {}),
      onError: (e) => console.error('baton: PostgreSQL connection error:', e),
    });
  }
  return openSqliteStore({ path: join(config.dataDir, 'baton.db'), synchronous: config.synchronous });
}

async function loadFunctions(modulePath: string | undefined): Promise<Record<string, FunctionHandler>> {
  if (!modulePath) return {};
  const mod = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, unknown>;
  const source = (typeof mod.default === 'object' && mod.default !== null ? mod.default : mod) as Record<
    string,
    unknown
  >;
  return Object.fromEntries(Object.entries(source).filter(([, v]) => typeof v === 'function')) as Record<
    string,
    FunctionHandler
  >;
}
