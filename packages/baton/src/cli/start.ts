/** `baton start`: runs the server until interrupted. */
import type { Command } from 'commander';
import { type BatonConfig, DEFAULT_PORT, defaults, fromEnvironment, fromFile, resolveConfig } from '../config.js';
import { startBaton } from '../main.js';

interface StartFlags {
  config?: string;
  host?: string;
  port?: string;
  dataDir?: string;
  database?: string;
  region?: string;
  account?: string;
  functions?: string;
  examples?: string;
  allowPrivateHost?: string[];
  logLevel?: BatonConfig['logLevel'];
  auth?: boolean;
  accessKeys?: string;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the Baton server (AWS APIs on one port, embedded SQLite by default)')
    .option('--config <file>', 'JSON file with any of the options below (flags and environment win)')
    .option('--host <host>', `address to bind; env BATON_HOST (default ${defaults.host})`)
    .option('--port <port>', `port; env BATON_PORT (default ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--data-dir <dir>', `where the SQLite database lives; env BATON_DATA_DIR (default ${defaults.dataDir})`)
    .option('--database <url>', 'PostgreSQL URL instead of SQLite; env BATON_DATABASE')
    .option(
      '--region <region>',
      `region in ARNs when a request names none; env BATON_REGION (default ${defaults.region})`,
    )
    .option('--account <id>', `12-digit account in ARNs; env BATON_ACCOUNT (default ${defaults.account})`)
    .option('--functions <module>', 'ES module exporting in-process functions by name; env BATON_FUNCTIONS')
    .option('--examples <dir>', 'deploy the example scenarios of this folder at start; env BATON_EXAMPLES')
    .option(
      '--allow-private-host <host>',
      'a private or loopback host the HTTP Task may call (repeatable); env BATON_ALLOW_PRIVATE_HOSTS',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option(
      '--log-level <level>',
      `silent, error, warn, info or debug; env BATON_LOG_LEVEL (default ${defaults.logLevel})`,
    )
    .action(async (flags: StartFlags) => {
      const config = resolveConfig(flags.config ? await fromFile(flags.config) : {}, fromEnvironment(process.env), {
        ...(flags.host ? { host: flags.host } : {}),
        ...(flags.port ? { port: Number(flags.port) } : {}),
        ...(flags.dataDir ? { dataDir: flags.dataDir } : {}),
        ...(flags.database ? { database: flags.database } : {}),
        ...(flags.region ? { region: flags.region } : {}),
        ...(flags.account ? { account: flags.account } : {}),
        ...(flags.functions ? { functions: flags.functions } : {}),
        ...(flags.examples ? { examples: flags.examples } : {}),
        ...(flags.allowPrivateHost ? { allowPrivateHosts: flags.allowPrivateHost } : {}),
        ...(flags.logLevel ? { logLevel: flags.logLevel } : {}),
        ...(flags.auth ? { auth: true } : {}),
        ...(flags.accessKeys ? { accessKeys: flags.accessKeys } : {}),
      });
      const baton = await startBaton(config);
      console.log(
        `Baton listening on ${baton.url} (region ${config.region}, account ${config.account}, data in ${config.database ? 'PostgreSQL' : config.dataDir})`,
      );
      const stop = async () => {
        await baton.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
