// Worker processes (worker.mjs), started with node:cluster so that the ones that serve HTTP
// (Restate) share one port: the primary (this process) accepts each connection and hands it to a
// worker in turn; requests then flow to that worker directly.
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('../worker.mjs', import.meta.url));

/** Starts `count` workers with `config` (JSON, in BENCH_WORKER) and resolves once all are ready. */
export async function startWorkers(count, config) {
  cluster.setupPrimary({ exec: WORKER, args: [], silent: false });
  const workers = [];
  const exits = [];
  let stopping = false;
  for (let i = 0; i < count; i++) {
    const worker = cluster.fork({ BENCH_WORKER: JSON.stringify({ ...config, index: i }) });
    workers.push(worker);
    const ready = new Promise((resolve, reject) => {
      worker.on('message', (m) => {
        if (m?.type === 'ready') resolve();
      });
      worker.once('exit', (code) => reject(new Error(`worker ${i} exited with ${code} before it was ready`)));
    });
    exits.push(
      new Promise((resolve) =>
        worker.once('exit', (code, signal) => {
          if (!stopping) console.error(`worker ${i} (pid ${worker.process.pid}) exited early: ${code ?? signal}`);
          resolve();
        }),
      ),
    );
    await ready;
  }
  process.once('exit', () => {
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
  });
  return {
    pids: workers.map((w) => w.process.pid),
    /**
     * Stops every worker and returns what they ran: tasks per worker, and keys (id * 16 + step)
     * run more than once, across all workers.
     */
    async stop() {
      stopping = true;
      const reports = await Promise.all(
        workers.map(
          (w) =>
            new Promise((resolve) => {
              if (w.isDead()) return resolve(undefined);
              const timer = setTimeout(() => {
                w.process.kill('SIGKILL');
                resolve(undefined);
              }, 15_000);
              w.on('message', (m) => {
                if (m?.type !== 'ran') return;
                clearTimeout(timer);
                resolve(m.ran);
              });
              w.send({ type: 'stop' });
            }),
        ),
      );
      await Promise.all(exits);
      return tally(reports);
    },
  };
}

/**
 * What the workers ran, from each one's list of keys (id * 16 + step; undefined when a worker
 * did not report): tasks per worker, in total, and runs of a key already run (at-least-once).
 * Negative ids are set-up probes (Restate's), not counted.
 */
export function tally(reports) {
  const seen = new Set();
  let duplicates = 0;
  for (const ran of reports)
    for (const key of ran ?? []) {
      if (key < 0) continue;
      if (seen.has(key)) duplicates++;
      else seen.add(key);
    }
  return {
    perWorker: reports.map((r) => (r ? r.filter((key) => key >= 0).length : Number.NaN)),
    unique: seen.size,
    duplicates,
  };
}
