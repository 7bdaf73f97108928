/**
 * The built server as a child process, the way crash tests need it: the same port and data folder
 * on every start (so a restart finds what the killed process left), and SIGKILL to stop it; and
 * the child-process helpers it is made of, for the other processes a crash test runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = resolve(fileURLToPath(import.meta.url), '../../../bin/baton.js');

/** Crash tests run the built server; without `npm run build` they are skipped. */
export const serverBuilt = existsSync(resolve(bin, '../../dist/cli/main.js'));

export class ServerProcess {
  private child: ChildProcess | undefined;
  private port = 0;

  /**
   * `dir` holds the database (`dir/data`); `args` are more `baton start` flags. `entry` is a
   * module to run instead of `baton start` (a server started with overrides the CLI has no flag
   * for, such as a clock): it gets the same flags and prints `listening` once it does.
   */
  constructor(
    private readonly dir: string,
    private readonly args: readonly string[] = [],
    private readonly entry?: string,
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What an AWS SDK client needs to call this server (any credentials do: auth is off). */
  get clientConfig() {
    return {
      endpoint: this.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    };
  }

  /** Starts the server and resolves once it listens; the first start picks a free port. */
  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const dataDir = join(this.dir, 'data');
    this.child = spawnNode([
      ...(this.entry ? [this.entry] : [bin, 'start']),
      '--port',
      String(this.port),
      '--data-dir',
      dataDir,
      '--log-level',
      'error',
      ...this.args,
    ]);
    await untilReady(this.child, 'listening');
  }

  async kill(): Promise<void> {
    if (this.child) await killProcess(this.child);
  }
}

/** Runs `node …args` with its stdout piped (to watch for a ready line) and its stderr shown. */
export function spawnNode(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Resolves once the child writes `marker` to stdout; rejects if it exits first. */
export function untilReady(child: ChildProcess, marker: string): Promise<void> {
  return new Promise((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes(marker) && ready());
    child.once('exit', (code) => fail(new Error(`${child.spawnargs[1]} exited with ${code}`)));
  });
}

/** Signals the child (SIGKILL unless told) and resolves once it exited; at once if it already has. */
export async function killProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}
