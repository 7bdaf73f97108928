// Baton (bench/lib/baton.mjs: in process, on SQLite, driven through the official AWS SDK for Step
// Functions). Standard: a workflow has finished when its closing transition is committed
// (fsynced), as the engine's observers hear right after the commit. Express: StartSyncExecution,
// finished when its answer arrives.
import { Worker } from 'node:worker_threads';
import { CreateStateMachineCommand, StartExecutionCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { executionArn, startBenchBaton } from '../../lib/baton.mjs';
import { httpClient } from '../../lib/http.mjs';
import { now } from '../../lib/measure.mjs';
import { checkOutput, step1, step2, step3 } from '../workflow.mjs';

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

/**
 * `sdkClient`: how the bench sends StartExecution. 'raw' (default): the minimal keep-alive HTTP
 * client the Restate run uses for its ingress, posting the AWS JSON protocol request the SDK would
 * send, so both servers pay the same client; 'inline': the official AWS SDK client on Baton's own
 * event loop, so its CPU is charged to Baton; 'worker': that client on a worker thread.
 */
export async function setup({ concurrency, express = false, synchronous = 'FULL', sdkClient = 'raw' }) {
  const bench = await startBenchBaton({
    name: 'durable',
    functions: { step1, step2, step3 },
    synchronous,
    concurrency,
  });
  const { baton, client } = bench;
  const created = await client.send(
    new CreateStateMachineCommand({
      name: express ? 'bench-durable-express' : 'bench-durable',
      type: express ? 'EXPRESS' : 'STANDARD',
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/bench',
    }),
  );
  const stateMachineArn = created.stateMachineArn;

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
  const raw = sdkClient === 'raw' ? httpClient(concurrency + 8) : undefined;
  const viaRaw = async (id, sync) => {
    const operation = sync ? 'StartSyncExecution' : 'StartExecution';
    const { status, body } = await raw.request(
      'POST',
      `${baton.url}/`,
      { stateMachineArn, name: `wf-${id}`, input: JSON.stringify({ id }) },
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
    );
    if (status !== 200) throw new Error(`${operation} wf-${id}: ${status} ${JSON.stringify(body)}`);
    return body;
  };
  const viaWorker = (id, sync) =>
    new Promise((resolve, reject) => {
      answers.set(id, { resolve, reject });
      worker.postMessage({ id, sync });
    });

  const runStandard = async (id) => {
    const start = () =>
      worker
        ? viaWorker(id, false)
        : raw
          ? viaRaw(id, false)
          : client.send(
              new StartExecutionCommand({ stateMachineArn, name: `wf-${id}`, input: JSON.stringify({ id }) }),
            );
    const { output, at } = await bench.untilClosed(executionArn(stateMachineArn, id), start);
    checkOutput(output, id);
    return at;
  };

  const runExpress = async (id) => {
    const out = worker
      ? await viaWorker(id, true)
      : raw
        ? await viaRaw(id, true)
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
      return bench.verifySucceeded(stateMachineArn, expected, (output) => checkOutput(output, 0));
    },
    async close() {
      await worker?.terminate();
      raw?.close();
      await bench.close();
    },
  };
}
