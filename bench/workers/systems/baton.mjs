// Baton, in this process, on SQLite (synchronous=FULL, WAL, group commit), driven through the
// official AWS SDK client (StartExecution) from this event loop, as in bench/durable. A Standard
// execution of K Task states in a row, served either
//   - by activity workers: `workers` processes, each a @baton/sdk createWorker with `concurrency`
//     pollers long-polling GetActivityTask on one activity and answering with SendTaskSuccess; or
//   - by an in-process function (a Lambda ARN whose handler is registered with startBaton).
// An execution has finished when its closing transition has committed (engine.observe). The same
// observer notes when each task's scheduling (ActivityScheduled / LambdaFunctionScheduled) and
// start (ActivityStarted / LambdaFunctionStarted) were committed, to split Baton's dispatch time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { resolveConfig } from '../../../packages/baton/dist/config.js';
import { startBaton } from '../../../packages/baton/dist/main.js';
import { now } from '../../durable/lib.mjs';
import { sfnClient } from '../../durable/systems/sfn-client.mjs';
import { checkOutput, initial, runTask } from '../task.mjs';
import { startWorkers, tally } from './workers.mjs';

const FINISH_TIMEOUT_MS = 120_000;

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
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-workers-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  // In-process runs, tallied like the workers' (id * 16 + step).
  const ran = [];
  const functions = {
    benchTask: (input) => {
      const output = runTask(input);
      ran.push(output.id * 16 + output.step);
      return output;
    },
  };
  const baton = await startBaton(resolveConfig({ port: 0, dataDir, logLevel: 'silent', synchronous }), { functions });
  const client = sfnClient(baton.url, concurrency);
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
  const executionArn = (id) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:wf-${id}`;

  // Executions being waited for, by ARN: resolved when their closing transition has committed.
  const waiting = new Map();
  const unobserve = baton.engine.observe((notice) => {
    const waiter = waiting.get(notice.executionArn);
    if (!waiter) return;
    const at = now();
    for (const e of notice.events) {
      if (e.type === 'ActivityScheduled' || e.type === 'LambdaFunctionScheduled') waiter.scheduled.push(at);
      else if (e.type === 'ActivityStarted' || e.type === 'LambdaFunctionStarted') waiter.started.push(at);
    }
    if (notice.status === 'RUNNING') return;
    const closed = notice.events.find((e) => e.type.startsWith('Execution') && e.type !== 'ExecutionStarted');
    if (notice.status !== 'SUCCEEDED') waiter.reject(new Error(`${notice.executionArn} closed as ${notice.status}`));
    else {
      const output = closed?.details?.output;
      waiter.resolve({ output: typeof output === 'string' ? JSON.parse(output) : output, at });
    }
  });

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
      let timer;
      const arn = executionArn(id);
      const waiter = { scheduled: [], started: [] };
      const finished = new Promise((resolve, reject) => {
        Object.assign(waiter, { resolve, reject });
        waiting.set(arn, waiter);
        timer = setTimeout(
          () => reject(new Error(`wf-${id} did not finish in ${FINISH_TIMEOUT_MS} ms`)),
          FINISH_TIMEOUT_MS,
        );
      });
      finished.catch(() => {}); // awaited below; a failure before then is not unhandled
      try {
        await client.send(
          new StartExecutionCommand({ stateMachineArn, name: `wf-${id}`, input: JSON.stringify(initial(id)) }),
        );
        const done = await finished;
        return { ...done, scheduled: waiter.scheduled, started: waiter.started };
      } finally {
        clearTimeout(timer);
        waiting.delete(arn);
      }
    },
    /** Every started execution is SUCCEEDED, as the API lists and describes them. */
    async verify(expected) {
      let succeeded = 0;
      let nextToken;
      do {
        const page = await client.send(
          new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED', maxResults: 1000, nextToken }),
        );
        succeeded += page.executions.length;
        nextToken = page.nextToken;
      } while (nextToken);
      const running = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }));
      if (succeeded !== expected || running.executions.length !== 0)
        throw new Error(
          `ListExecutions: ${succeeded} SUCCEEDED (expected ${expected}), ${running.executions.length} RUNNING`,
        );
      const sample = await client.send(new DescribeExecutionCommand({ executionArn: executionArn(0) }));
      if (sample.status !== 'SUCCEEDED') throw new Error(`DescribeExecution wf-0: ${sample.status}`);
      checkOutput(JSON.parse(sample.output), 0, k);
      return `ListExecutions: ${succeeded} SUCCEEDED, 0 RUNNING; DescribeExecution wf-0 SUCCEEDED`;
    },
    stopWorkers: async () => (workers ? workers.stop() : tally([ran])),
    async close() {
      unobserve();
      client.destroy();
      await baton.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
