/**
 * The composition root: the only place adapters are chosen and wired (store, task resources,
 * clock, entropy) into the engines and the API server.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAccessKeys } from './api/auth.js';
import type { JsonService } from './api/aws/json-protocol.js';
import { stepFunctionsService } from './api/aws/sfn/index.js';
import { type RunningServer, startServer } from './api/server.js';
import type { BatonConfig } from './config.js';
import { deployExamples, readExamples } from './examples.js';
import {
  type FunctionEndpoint,
  type FunctionHandler,
  FunctionRegistry,
  HttpTask,
  resourceChecker,
  StepFunctionsIntegration,
} from './integrations/index.js';
import type { Clock } from './kernel/index.js';
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
  readonly server: RunningServer;
  close(): Promise<void>;
}

export interface BatonOverrides {
  /** In-process functions given directly (tests), in addition to the configured module. */
  readonly functions?: Record<string, FunctionHandler>;
  readonly clock?: Clock;
}

export async function startBaton(config: BatonConfig, overrides: BatonOverrides = {}): Promise<Baton> {
  const clock = overrides.clock ?? { now: () => Date.now() };
  const entropy = cryptoEntropy();
  const store = await openStore(config);
  const examples = config.examples ? await readExamples(config.examples) : [];
  const functions = new Map<string, FunctionHandler>(
    Object.entries({
      ...(Object.assign({}, ...examples.map((e) => e.functions)) as Record<string, FunctionHandler>),
      ...(await loadFunctions(config.functions)),
      ...overrides.functions,
    }),
  );
  const endpoints = new Map<string, FunctionEndpoint>(
    Object.entries(config.functionEndpoints ?? {}).map(([name, e]) => [name, typeof e === 'string' ? { url: e } : e]),
  );
  // The Step Functions API is built after the engine that runs these resources: bound late.
  let sfn: JsonService | undefined;
  let engineRef: ExecutionEngine | undefined;
  const resources = [
    new FunctionRegistry(functions, endpoints),
    new StepFunctionsIntegration({ api: () => sfn!, whenClosed: (arn) => engineRef!.whenClosed(arn) }),
    new HttpTask({ allowPrivateHosts: config.allowPrivateHosts ?? [] }),
  ];
  const onError = (error: unknown, context: string) => console.error(`baton: ${context}:`, error);
  // PostgreSQL overlaps commits (each waits on the network and the server's WAL flush); SQLite commits one batch at a time.
  const engine = new ExecutionEngine({
    store,
    clock,
    entropy,
    resources,
    onError,
    commitsInFlight: store.kind === 'postgres' ? 4 : 1,
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
  sfn = stepFunctionsService({ store, engine, express, clock, entropy, checkResource: resourceChecker(resources) });
  await deployExamples(examples, sfn, config.region, config.account);
  const server = await startServer({
    host: config.host,
    port: config.port,
    region: config.region,
    account: config.account,
    logLevel: config.logLevel,
    ...(config.auth && config.accessKeys ? { accessKeys: parseAccessKeys(config.accessKeys) } : {}),
    jsonServices: [sfn],
  });
  return {
    url: server.url,
    store,
    engine,
    server,
    async close() {
      await server.close();
      await express.close();
      await engine.close();
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
