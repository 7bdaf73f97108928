/**
 * Starts a real Baton server for a test (temporary data directory, a free port on 127.0.0.1)
 * with an official AWS SDK client pointed at it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll } from 'vitest';
import { type BatonConfig, resolveConfig } from '../../src/config.js';
import type { FunctionHandler } from '../../src/integrations/index.js';
import type { Json } from '../../src/kernel/index.js';
import { type Baton, type BatonOverrides, startBaton } from '../../src/main.js';

export interface TestBaton {
  readonly baton: Baton;
  readonly sfn: SFNClient;
  readonly dataDir: string;
  readonly region: string;
  readonly account: string;
  close(): Promise<void>;
}

export const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

export async function startTestBaton(
  config: Partial<BatonConfig> = {},
  overrides: BatonOverrides = {},
): Promise<TestBaton> {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'baton-test-'));
  const resolved = resolveConfig({ port: 0, dataDir, logLevel: 'silent', synchronous: 'NORMAL', ...config });
  const baton = await startBaton(resolved, overrides);
  // StartSyncExecution asks the SDK to prefix the host with `sync-`; a local endpoint must turn that off.
  const sfn = new SFNClient({
    endpoint: baton.url,
    region: resolved.region,
    credentials,
    maxAttempts: 1,
    disableHostPrefix: true,
  });
  return {
    baton,
    sfn,
    dataDir,
    region: resolved.region,
    account: resolved.account,
    async close() {
      sfn.destroy();
      await baton.close();
      if (!config.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * In-process functions, one for each name, that record every payload they receive (in `received`,
 * by function name) and answer it with `answer`.
 */
export function recordingFunctions(
  names: readonly string[],
  answer: (payload: Json) => Json,
): { received: Map<string, Json[]>; functions: Record<string, FunctionHandler> } {
  const received = new Map<string, Json[]>();
  const functions: Record<string, FunctionHandler> = {};
  for (const name of names) {
    received.set(name, []);
    functions[name] = (payload) => {
      received.get(name)!.push(payload);
      return answer(payload);
    };
  }
  return { received, functions };
}

/** Polls until `check` returns a value (or the deadline passes). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The error a rejected SDK call failed with: its name, the code a Query (or query-compatible)
 * answer carried, its message and the HTTP status.
 */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; code?: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { name: string; message: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    return {
      name: err.name,
      ...(err.Code !== undefined ? { code: err.Code } : {}),
      message: err.message,
      ...(err.$metadata?.httpStatusCode !== undefined ? { status: err.$metadata.httpStatusCode } : {}),
    };
  }
  throw new Error('expected the call to fail');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a server before the file's tests and stops it after them; the returned object reads
 * through to the running server.
 */
export function useTestBaton(config: Partial<BatonConfig> = {}, overrides: BatonOverrides = {}): TestBaton {
  let current: TestBaton | undefined;
  beforeAll(async () => {
    current = await startTestBaton(config, overrides);
  });
  afterAll(async () => {
    await current?.close();
  });
  const running = (): TestBaton => {
    if (!current) throw new Error('the test server is not running (use it inside tests or hooks)');
    return current;
  };
  return {
    get baton() {
      return running().baton;
    },
    get sfn() {
      return running().sfn;
    },
    get dataDir() {
      return running().dataDir;
    },
    get region() {
      return running().region;
    },
    get account() {
      return running().account;
    },
    close: () => running().close(),
  };
}
