// Baton, in process, on SQLite (synchronous=FULL, WAL, group commit), driven through the official
// AWS SDK for Step Functions. Standard: a workflow has finished when its closing transition is
// committed (fsynced); the engine tells its observers right after each commit (engine.observe, an
// in-process notification: no polling, no store reads), so the end time is exact. Express:
// StartSyncExecution, finished when its answer arrives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
} from '@aws-sdk/client-sfn';
import { resolveConfig } from '../../../packages/baton/dist/config.js';
import { startBaton } from '../../../packages/baton/dist/main.js';
import { now } from '../lib.mjs';
import { checkOutput, step1, step2, step3 } from '../workflow.mjs';
import { sfnClient } from './sfn-client.mjs';

const fn = (name) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
export const definition = {
  Comment: 'bench:durable — three sequential in-process tasks',
  StartAt: 'Step1',
  States: {
    Step1: { Type: 'Task', Resource: fn('step1'), Next: 'Step2' },
    Step2: { Type: 'Task', Resource: fn('step2'), Next: 'Step3' },
    Step3: { Type: 'Task', Resource: fn('step3'), End: true },
  },
};

const FINISH_TIMEOUT_MS = 120_000;

/**
 * `sdkClient`: 'inline' (default) sends the SDK requests from Baton's own event loop, as the
 * brief asks; 'worker' moves the SDK client to a worker thread, to show what the client costs.
 */
export async function setup({ concurrency, express = false, synchronous = 'FULL', sdkClient = 'inline' }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-durable-'));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const functions = { step1, step2, step3 };
  const baton = await startBaton(resolveConfig({ port: 0, dataDir, logLevel: 'silent', synchronous }), { functions });
  const client = sfnClient(baton.url, concurrency);
  const created = await client.send(
    new CreateStateMachineCommand({
      name: express ? 'bench-durable-express' : 'bench-durable',
      type: express ? 'EXPRESS' : 'STANDARD',
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/bench',
    }),
  );
  const stateMachineArn = created.stateMachineArn;
  const executionArn = (id) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:wf-${id}`;

  // Executions being waited for, by ARN: resolved when their closing transition has committed.
  const waiting = new Map();
  const unobserve = baton.engine.observe((notice) => {
    if (notice.status === 'RUNNING') return;
    const waiter = waiting.get(notice.executionArn);
    if (!waiter) return;
    const at = now();
    const closed = notice.events.find((e) => e.type.startsWith('Execution') && e.type !== 'ExecutionStarted');
    if (notice.status !== 'SUCCEEDED') waiter.reject(new Error(`${notice.executionArn} closed as ${notice.status}`));
    else {
      const output = closed?.details?.output;
      try {
        checkOutput(typeof output === 'string' ? JSON.parse(output) : output, waiter.id);
        waiter.resolve(at);
      } catch (e) {
        waiter.reject(e);
      }
    }
  });

  // Requests through the worker thread's client: id → { resolve, reject }.
  let worker;
  const answers = new Map();
  if (sdkClient === 'worker') {
    worker = new Worker(new URL('./sfn-client-worker.mjs', import.meta.url), {
      workerData: { url: baton.url, concurrency, stateMachineArn },
    });
    worker.on('message', (m) => {
      const a = answers.get(m.id);
      answers.delete(m.id);
      if (m.error) a?.reject(new Error(m.error));
      else a?.resolve(m.output);
    });
    worker.on('error', (e) => {
      for (const a of answers.values()) a.reject(e);
    });
  }
  const viaWorker = (id, sync) =>
    new Promise((resolve, reject) => {
      answers.set(id, { resolve, reject });
      worker.postMessage({ id, sync });
    });

  const runStandard = async (id) => {
    let timer;
    const arn = executionArn(id);
    const finished = new Promise((resolve, reject) => {
      waiting.set(arn, { id, resolve, reject });
      timer = setTimeout(
        () => reject(new Error(`wf-${id} did not finish in ${FINISH_TIMEOUT_MS} ms`)),
        FINISH_TIMEOUT_MS,
      );
    });
    finished.catch(() => {}); // awaited below; a failure before then is not unhandled
    try {
      if (worker) await viaWorker(id, false);
      else
        await client.send(
          new StartExecutionCommand({ stateMachineArn, name: `wf-${id}`, input: JSON.stringify({ id }) }),
        );
      return await finished;
    } finally {
      clearTimeout(timer);
      waiting.delete(arn);
    }
  };

  const runExpress = async (id) => {
    const out = worker
      ? await viaWorker(id, true)
      : await client.send(
          new StartSyncExecutionCommand({ stateMachineArn, name: `wf-${id}`, input: JSON.stringify({ id }) }),
        );
    const at = now();
    if (out.status !== 'SUCCEEDED') throw new Error(`wf-${id}: ${out.status} ${out.error} ${out.cause}`);
    checkOutput(JSON.parse(out.output), id);
    return at;
  };

  return {
    /** The running server (for diagnostics: store, engine). */
    baton,
    runOne: express ? runExpress : runStandard,
    /** Standard: every started execution is SUCCEEDED, as the API lists and describes them. */
    async verify(expected) {
      if (express) return `${expected} StartSyncExecution answers SUCCEEDED with the expected output`;
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
      const sample = await client.send(
        new DescribeExecutionCommand({
          executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:wf-0`,
        }),
      );
      if (sample.status !== 'SUCCEEDED') throw new Error(`DescribeExecution wf-0: ${sample.status}`);
      checkOutput(JSON.parse(sample.output), 0);
      return `ListExecutions: ${succeeded} SUCCEEDED, 0 RUNNING; DescribeExecution wf-0 SUCCEEDED`;
    },
    async close() {
      unobserve();
      await worker?.terminate();
      client.destroy();
      await baton.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
