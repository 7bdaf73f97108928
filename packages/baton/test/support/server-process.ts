/**
 * The built server as a child process, the way crash tests need it: the same port and data folder
 * on every start (so a restart finds what the killed process left), and SIGKILL to stop it.
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

  /** `dir` holds the database (`dir/data`); `args` are more `baton start` flags. */
  constructor(
    private readonly dir: string,
    private readonly args: readonly string[] = [],
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves once it listens; the first start picks a free port. */
  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const child = spawn(
      process.execPath,
      [
        bin,
        'start',
        '--port',
        String(this.port),
        '--data-dir',
        join(this.dir, 'data'),
        '--log-level',
        'error',
        ...this.args,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.child = child;
    await new Promise<void>((ready, fail) => {
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && ready());
      child.once('exit', (code) => fail(new Error(`server exited with ${code}`)));
    });
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => done(port));
    });
  });
}
