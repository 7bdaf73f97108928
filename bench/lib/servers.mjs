// Peer servers the benches start themselves: spawn one and wait for its ready line, stop it, and
// a redis-server as durable as Baton.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './http.mjs';

/** Starts a server process and resolves once `ready` matches its output (the tail is kept for errors). */
export function spawnServer(command, args, ready) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk) => {
      output = (output + chunk.toString()).slice(-4000);
      const m = ready.exec(output);
      if (m) resolve({ child, match: m });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}: ${output.slice(-2000)}`)));
  });
}

/** Stops a child by its PID (SIGINT lets a profiled Node process write its profile). */
export function stopChild(child, signal = 'SIGTERM') {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', done);
    child.kill(signal);
  });
}

/** A redis-server of our own on a free port, durable like Baton: the AOF is fsynced before each reply. */
export async function startDurableRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-redis-aof-'));
  const port = await freePort();
  const { child } = await spawnServer(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
      '--dir',
      dir,
    ],
    /Ready to accept connections/,
  );
  return {
    port,
    pid: child.pid,
    close: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds a process has used so far (Linux /proc; user + system). */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
