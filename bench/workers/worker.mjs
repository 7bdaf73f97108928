// One worker process: it serves the task (task.mjs) for one system until its parent says stop,
// then reports how many tasks it ran and which ones ({ id, step } keys: duplicates across workers
// are found by the parent). Started by the systems' setup through node:cluster (`cluster.fork`),
// so the Restate workers can share one listening port, the primary handing out connections.
//
//   baton:   @baton/sdk createWorker long-polling GetActivityTask on one activity, `concurrency` pollers
//   restate: an HTTP/2 endpoint of the @restatedev/restate-sdk service BenchTask
//   dbos:    DBOS Transact launched with listenQueues: [the bench queue], workerConcurrency per process
import { runTask } from './task.mjs';

const config = JSON.parse(process.env.BENCH_WORKER ?? '{}');
const ran = [];
const handle = (input) => {
  const output = runTask(input);
  ran.push(output.id * 16 + output.step);
  return output;
};

let stop;
if (config.system === 'baton') {
  const { createWorker } = await import('@baton/sdk');
  const quiet = { warn: () => {}, error: (m) => console.error(m), info: () => {} };
  const worker = createWorker({
    endpoint: config.url,
    activities: { [config.activityArn]: handle },
    concurrency: config.concurrency,
    workerName: `bench-worker-${process.pid}`,
    logger: quiet,
  });
  await worker.start();
  stop = () => worker.stop({ graceMs: 1000 });
} else if (config.system === 'restate') {
  const { default: http2 } = await import('node:http2');
  const { restate } = await import('../lib/restate.mjs');
  const service = restate.service({ name: 'BenchTask', handlers: { run: async (_ctx, input) => handle(input) } });
  const server = http2.createServer(restate.createEndpointHandler({ services: [service] }));
  await new Promise((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  // Restate keeps its HTTP/2 connections open: stop accepting, without waiting for them.
  stop = () => server.close();
} else if (config.system === 'dbos') {
  const { registerDbos } = await import('./systems/dbos-app.mjs');
  const { DBOS } = await registerDbos(config, handle);
  await DBOS.launch();
  stop = () => DBOS.shutdown();
} else throw new Error(`unknown system ${config.system}`);

process.on('disconnect', () => process.exit(1));
process.on('message', async (m) => {
  if (m?.type !== 'stop') return;
  await stop();
  process.send({ type: 'ran', pid: process.pid, ran }, () => process.exit(0));
});
process.send({ type: 'ready', pid: process.pid });
