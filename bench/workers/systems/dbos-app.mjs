// The DBOS Transact application, as both the orchestrating process and the worker processes
// register it: the task is a workflow `benchTask` enqueued on the queue `bench-tasks`, which only
// the worker processes dequeue (listenQueues); the orchestrator's workflow `benchWorkflow`
// enqueues the K tasks one after the other and waits for each result. Every process sets the same
// applicationVersion (DBOS otherwise derives it from the registered code, which differs between
// the orchestrator and the workers, and a worker only dequeues workflows of its own version).
export const QUEUE = 'bench-tasks';

/**
 * Sets DBOS up in this process (before DBOS.launch). `config`: { systemDatabaseUrl, role:
 * 'orchestrator' | 'worker', k, pollMs, index }. `handle` runs one task (workers only).
 */
export async function registerDbos(config, handle) {
  const { DBOS } = await import('@dbos-inc/dbos-sdk');
  const worker = config.role !== 'orchestrator';
  DBOS.setConfig({
    name: 'bench-workers',
    systemDatabaseUrl: config.systemDatabaseUrl,
    logLevel: 'error',
    applicationVersion: 'bench-workers',
    executorID: worker ? `worker-${config.index}` : 'orchestrator',
    // The orchestrator dequeues nothing (an empty list would mean every queue).
    listenQueues: worker ? [QUEUE] : ['bench-none'],
  });
  const task = DBOS.registerWorkflow(
    async (input) => {
      if (!worker) throw new Error('benchTask ran in the orchestrator');
      return handle(input);
    },
    { name: 'benchTask' },
  );
  const polling = config.pollMs ? { pollingIntervalMs: config.pollMs } : undefined;
  const workflow = DBOS.registerWorkflow(
    async (input) => {
      let x = input;
      for (let i = 0; i < config.k; i++) {
        const child = await DBOS.startWorkflow(task, { queueName: QUEUE })(x);
        x = await child.getResult(polling);
      }
      return x;
    },
    { name: 'benchWorkflow' },
  );
  return { DBOS, workflow };
}

/** The queue, stored in the system database (after launch; the workers read it from there). */
export function registerQueue(DBOS, { workerConcurrency, pollMs }) {
  return DBOS.registerQueue(QUEUE, { workerConcurrency, ...(pollMs ? { minPollingIntervalMs: pollMs } : {}) });
}
