// Baton as the benches run it: in this process, on SQLite (a fresh data directory; WAL, group
// commit, synchronous=FULL unless told), driven through the official AWS SDK client for Step
// Functions from this event loop. A Standard execution has finished when its closing transition
// has committed: the engine tells its observers right after each commit (engine.observe, an
// in-process notification: no polling, no store reads), so the end time is exact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { resolveConfig } from '../../packages/baton/dist/config.js';
import { startBaton } from '../../packages/baton/dist/main.js';
import { now } from './measure.mjs';
import { sfnClient } from './sfn-client.mjs';

const FINISH_TIMEOUT_MS = 120_000;

/** The ARN of the bench's execution `wf-<id>` of a state machine. */
export const executionArn = (stateMachineArn, id) =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:wf-${id}`;

/**
 * Starts Baton with in-process `functions` (data directory `baton-bench-<name>-…`) and an SDK
 * client with `concurrency` sockets.
 */
export async function startBenchBaton({ name, functions, synchronous = 'FULL', concurrency }) {
  const dataDir = mkdtempSync(join(tmpdir(), `baton-bench-${name}-`));
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const baton = await startBaton(resolveConfig({ port: 0, dataDir, logLevel: 'silent', synchronous }), { functions });
  const client = sfnClient(baton.url, concurrency);

  // Executions being waited for, by ARN.
  const waiting = new Map();
  const unobserve = baton.engine.observe((notice) => {
    const waiter = waiting.get(notice.executionArn);
    if (!waiter) return;
    const at = now();
    waiter.onNotice?.(notice, at);
    if (notice.status === 'RUNNING') return;
    if (notice.status !== 'SUCCEEDED') {
      waiter.reject(new Error(`${notice.executionArn} closed as ${notice.status}`));
      return;
    }
    const closed = notice.events.find((e) => e.type.startsWith('Execution') && e.type !== 'ExecutionStarted');
    const output = closed?.details?.output;
    try {
      waiter.resolve({ output: typeof output === 'string' ? JSON.parse(output) : output, at });
    } catch (e) {
      waiter.reject(e);
    }
  });

  return {
    /** The running server (for diagnostics: store, engine). */
    baton,
    client,
    /**
     * Starts execution `arn` with `start()` and resolves with its output and the moment its
     * closing transition committed; `onNotice(notice, at)` hears of each of its commits.
     */
    async untilClosed(arn, start, onNotice) {
      const name = arn.slice(arn.lastIndexOf(':') + 1);
      let timer;
      const finished = new Promise((resolve, reject) => {
        waiting.set(arn, { resolve, reject, onNotice });
        timer = setTimeout(
          () => reject(new Error(`${name} did not finish in ${FINISH_TIMEOUT_MS} ms`)),
          FINISH_TIMEOUT_MS,
        );
      });
      finished.catch(() => {}); // awaited below; a failure before then is not unhandled
      try {
        await start();
        return await finished;
      } finally {
        clearTimeout(timer);
        waiting.delete(arn);
      }
    },
    /**
     * Checks that `expected` executions of the machine SUCCEEDED and none is RUNNING, as the API
     * lists them, and that wf-0 is described SUCCEEDED with an output `checkOutput` accepts.
     */
    async verifySucceeded(stateMachineArn, expected, checkOutput) {
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
        new DescribeExecutionCommand({ executionArn: executionArn(stateMachineArn, 0) }),
      );
      if (sample.status !== 'SUCCEEDED') throw new Error(`DescribeExecution wf-0: ${sample.status}`);
      checkOutput(JSON.parse(sample.output));
      return `ListExecutions: ${succeeded} SUCCEEDED, 0 RUNNING; DescribeExecution wf-0 SUCCEEDED`;
    },
    async close() {
      unobserve();
      client.destroy();
      await baton.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
