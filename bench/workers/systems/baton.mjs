// Baton (bench/lib/baton.mjs: in this process, on SQLite, driven through the official AWS SDK
// client from this event loop, as in bench/durable). A Standard execution of K Task states in a
// row, served either
//   - by activity workers: `workers` processes, each a @baton/sdk createWorker with `concurrency`
//     pollers long-polling GetActivityTask on one activity and answering with SendTaskSuccess; or
//   - by an in-process function (a Lambda ARN whose handler is registered with startBaton).
// An execution has finished when its closing transition has committed (engine.observe). The same
// observer notes when each task's scheduling (ActivityScheduled / LambdaFunctionScheduled) and
// start (ActivityStarted / LambdaFunctionStarted) were committed, to split Baton's dispatch time.
import { CreateActivityCommand, CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionArn, startBenchBaton } from '../../lib/baton.mjs';
import { checkOutput, initial, runTask } from '../task.mjs';
import { startWorkers, tally } from './workers.mjs';

function definition(resource, k) {
  const States = {};
  for (let i = 1; i <= k; i++)
    States[`Task${i}`] = { Type: 'Task', Resource: resource, ...(i < k ? { Next: `Task${i + 1}` } : { End: true }) };
  return { Comment: `bench:workers — ${k} sequential tasks`, StartAt: 'Task1', States };
}

/**
 * `mode`: 'activities' (remote workers) or 'functions' (in process). `synchronous`: SQLite's, FULL
 * (the default, as the bench runs it) or NORMAL (to see what fsync costs).
 */
export async function setup({ mode, concurrency, workers: workerCount, workerConcurrency, k, synchronous = 'FULL' }) {
  // In-process runs, tallied like the workers' (id * 16 + step).
  const ran = [];
  const functions = {
    benchTask: (input) => {
      const output = runTask(input);
      ran.push(output.id * 16 + output.step);
      return output;
    },
  };
  const bench = await startBenchBaton({ name: 'workers', functions, synchronous, concurrency });
  const { baton, client } = bench;
  let resource = 'arn:aws:lambda:us-east-1:123456789012:function:benchTask';
  let workers;
  if (mode === 'activities') {
    const activity = await client.send(new CreateActivityCommand({ name: 'bench-task' }));
    resource = activity.activityArn;
    workers = await startWorkers(workerCount, {
      system: 'baton',
      url: baton.url,
      activityArn: resource,
      concurrency: workerConcurrency,
    });
  }
  const created = await client.send(
    new CreateStateMachineCommand({
      name: `bench-workers-${mode}`,
      definition: JSON.stringify(definition(resource, k)),
      roleArn: 'arn:aws:iam::123456789012:role/bench',
    }),
  );
  const stateMachineArn = created.stateMachineArn;

  return {
    /** The running server (for diagnostics: store, engine). */
    baton,
    /** Other processes whose CPU time counts, by role. */
    cpuGroups: async () => (workers ? { workers: workers.pids } : {}),
    /**
     * Runs workflow `id`; resolves with its output, the moment its closing transition committed,
     * and when each task's scheduling and start committed.
     */
    async runOne(id) {
      const scheduled = [];
      const started = [];
      const start = () =>
        client.send(
          new StartExecutionCommand({ stateMachineArn, name: `wf-${id}`, input: JSON.stringify(initial(id)) }),
        );
      const done = await bench.untilClosed(executionArn(stateMachineArn, id), start, (notice, at) => {
        for (const e of notice.events) {
          if (e.type === 'ActivityScheduled' || e.type === 'LambdaFunctionScheduled') scheduled.push(at);
          else if (e.type === 'ActivityStarted' || e.type === 'LambdaFunctionStarted') started.push(at);
        }
      });
      return { ...done, scheduled, started };
    },
    /** Every started execution is SUCCEEDED, as the API lists and describes them. */
    verify: (expected) => bench.verifySucceeded(stateMachineArn, expected, (output) => checkOutput(output, 0, k)),
    stopWorkers: async () => (workers ? workers.stop() : tally([ran])),
    close: () => bench.close(),
  };
}
