/**
 * Server configuration: defaults chosen here, overridden by a config file, then the environment,
 * then flags. Every option is documented in `baton start --help`.
 */
import { readFile } from 'node:fs/promises';

export interface BatonConfig {
  readonly host: string;
  readonly port: number;
  /** Where the embedded SQLite database lives. */
  readonly dataDir: string;
  /** A PostgreSQL URL; when set, it replaces the embedded database. */
  readonly database?: string;
  readonly region: string;
  readonly account: string;
  /** An ES module whose exports are in-process functions, by name. */
  readonly functions?: string;
  /** A folder of example scenarios to deploy at start (see examples/). */
  readonly examples?: string;
  /** Functions served over HTTP, by name: a URL, or `{ url, timeoutSeconds }` (config file only). */
  readonly functionEndpoints?: Readonly<Record<string, string | { url: string; timeoutSeconds?: number }>>;
  /** Hosts the HTTP Task may call although they resolve to private or loopback addresses. */
  readonly allowPrivateHosts?: readonly string[];
  readonly logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** SQLite durability: FULL syncs every commit (the default). */
  readonly synchronous: 'FULL' | 'NORMAL';
  /** Require SigV4-signed requests (off by default in local mode). */
  readonly auth: boolean;
  /** `AKID:secret,AKID2:secret2`: the keys signatures are checked against when auth is on. */
  readonly accessKeys?: string;
}

/** 22866 spells BATON on a phone keypad. */
export const DEFAULT_PORT = 22866;

export const defaults: BatonConfig = {
  host: '127.0.0.1',
  port: DEFAULT_PORT,
  dataDir: '.baton',
  region: 'us-east-1',
  account: '123456789012',
  logLevel: 'warn',
  synchronous: 'FULL',
  auth: false,
};

/**
 * Options from the environment: BATON_PORT, BATON_HOST, BATON_DATA_DIR, BATON_DATABASE,
 * BATON_REGION, BATON_ACCOUNT, BATON_FUNCTIONS, BATON_EXAMPLES, BATON_LOG_LEVEL, BATON_AUTH,
 * BATON_ACCESS_KEYS, BATON_ALLOW_PRIVATE_HOSTS (comma-separated).
 */
export function fromEnvironment(env: NodeJS.ProcessEnv): Partial<BatonConfig> {
  const out: Record<string, unknown> = {};
  if (env.BATON_PORT) out.port = Number(env.BATON_PORT);
  if (env.BATON_HOST) out.host = env.BATON_HOST;
  if (env.BATON_DATA_DIR) out.dataDir = env.BATON_DATA_DIR;
  if (env.BATON_DATABASE) out.database = env.BATON_DATABASE;
  if (env.BATON_REGION) out.region = env.BATON_REGION;
  if (env.BATON_ACCOUNT) out.account = env.BATON_ACCOUNT;
  if (env.BATON_FUNCTIONS) out.functions = env.BATON_FUNCTIONS;
  if (env.BATON_EXAMPLES) out.examples = env.BATON_EXAMPLES;
  if (env.BATON_ALLOW_PRIVATE_HOSTS)
    out.allowPrivateHosts = env.BATON_ALLOW_PRIVATE_HOSTS.split(',')
      .map((h) => h.trim())
      .filter(Boolean);
  if (env.BATON_LOG_LEVEL) out.logLevel = env.BATON_LOG_LEVEL;
  if (env.BATON_AUTH) out.auth = env.BATON_AUTH === 'true' || env.BATON_AUTH === '1';
  if (env.BATON_ACCESS_KEYS) out.accessKeys = env.BATON_ACCESS_KEYS;
  return out as Partial<BatonConfig>;
}

export async function fromFile(path: string): Promise<Partial<BatonConfig>> {
  return JSON.parse(await readFile(path, 'utf8')) as Partial<BatonConfig>;
}

export function resolveConfig(...layers: Partial<BatonConfig>[]): BatonConfig {
  const merged = Object.assign(
    {},
    defaults,
    ...layers.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined))),
  ) as BatonConfig;
  if (!Number.isInteger(merged.port) || merged.port < 0 || merged.port > 65535)
    throw new Error(`invalid port: ${merged.port}`);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(merged.region)) throw new Error(`invalid region: ${merged.region}`);
  if (!/^\d{12}$/.test(merged.account)) throw new Error(`invalid account (12 digits): ${merged.account}`);
  if (merged.auth && !merged.accessKeys)
    throw new Error('auth is on but no access keys are configured (--access-keys or BATON_ACCESS_KEYS)');
  return merged;
}
