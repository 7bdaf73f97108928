/**
 * A real Baton server for the worker tests, started in-process on a free port with a temporary
 * data directory, and the Step Functions calls the tests make around a worker. Tests may import
 * the server; the SDK's source never does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { resolveConfig } from '../../../baton/src/config.js';
import { startBaton } from '../../../baton/src/main.js';
import { createSfnClient } from '../../src/index.js';

export interface TestServer {
  readonly url: string;
  readonly sfn: SFNClient;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-sdk-test-'));
  const baton = await startBaton(resolveConfig({ port: 0, dataDir, logLevel: 'silent', synchronous: 'NORMAL' }));
  const sfn = createSfnClient({ endpoint: baton.url });
  return {
    url: baton.url,
    sfn,
    async close() {
      sfn.destroy();
      await baton.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A name no other test uses (activities and machines live as long as the server). */
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

const ROLE_ARN = 'arn:aws:iam::123456789012:role/baton-sdk-test';

export interface Deployed {
  readonly activityName: string;
  readonly activityArn: string;
  readonly machineArn: string;
}

/**
 * An activity and a state machine whose Task state `Work` uses it. `task` adds fields to the
 * Task state (TimeoutSeconds, HeartbeatSeconds, Retry, Catch); `states` adds states it can
 * go to.
 */
export async function deployActivity(
  sfn: SFNClient,
  prefix: string,
  task: Record<string, unknown> = {},
  states: Record<string, unknown> = {},
): Promise<Deployed> {
  const activityName = uniqueName(prefix);
  const { activityArn } = await sfn.send(new CreateActivityCommand({ name: activityName }));
  const definition = {
    StartAt: 'Work',
    States: { Work: { Type: 'Task', Resource: activityArn, End: true, ...task }, ...states },
  };
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: uniqueName(prefix),
      definition: JSON.stringify(definition),
      roleArn: ROLE_ARN,
    }),
  );
  return { activityName, activityArn: activityArn!, machineArn: stateMachineArn! };
}

export async function startExecution(sfn: SFNClient, machineArn: string, input: unknown = {}): Promise<string> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machineArn, input: JSON.stringify(input) }),
  );
  return executionArn!;
}

/** Waits until the execution is no longer RUNNING and describes it. */
export async function finished(
  sfn: SFNClient,
  executionArn: string,
  timeoutMs = 15_000,
): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (out.status !== 'RUNNING') return out;
    if (Date.now() > deadline) throw new Error(`${executionArn} still RUNNING after ${timeoutMs} ms`);
    await sleep(25);
  }
}

export async function run(sfn: SFNClient, machineArn: string, input: unknown = {}) {
  return finished(sfn, await startExecution(sfn, machineArn, input));
}

export async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return events ?? [];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A logger that keeps what the worker says, so tests can assert on it and stay quiet. */
export function recordingLogger() {
  const lines: string[] = [];
  const keep = (level: string) => (message: string) => void lines.push(`${level}: ${message}`);
  return { lines, logger: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') } };
}
