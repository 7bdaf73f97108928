// The AWS SDK client of the Baton runs on its own thread (--sdk-client worker): requests come in
// as messages { id, sync }, answers go back as { id, error?, output? }. Times are taken by the
// main thread, so the messaging is charged to Baton.
import { parentPort, workerData } from 'node:worker_threads';
import { StartExecutionCommand, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from '../../lib/sfn-client.mjs';

const { url, concurrency, stateMachineArn } = workerData;
const client = sfnClient(url, concurrency);
parentPort.on('message', async ({ id, sync }) => {
  try {
    const input = { stateMachineArn, name: `wf-${id}`, input: JSON.stringify({ id }) };
    if (!sync) {
      await client.send(new StartExecutionCommand(input));
      parentPort.postMessage({ id });
    } else {
      const out = await client.send(new StartSyncExecutionCommand(input));
      parentPort.postMessage({
        id,
        output: { status: out.status, output: out.output, error: out.error, cause: out.cause },
      });
    }
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  }
});
