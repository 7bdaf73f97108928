/**
 * The AWS-recorded ASL cases again, this time as users reach Baton: through a running server
 * and the official SDK (CreateStateMachine, StartExecution, DescribeExecution,
 * GetExecutionHistory), histories included.
 */
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBaton, type TestBaton } from '../support/baton.js';
import { type AslCase, conformanceDir, hasCorpus, type Judge, loadJudge } from './asl-cases.js';

let t: TestBaton;
let judge: Judge;
let cases: AslCase[] = [];
const results = new Map<string, { ok: boolean; reasons: string[] }>();

async function runCase(c: AslCase, n: number): Promise<object> {
  const sfn = t.sfn;
  let stateMachineArn: string;
  try {
    stateMachineArn = (
      await sfn.send(
        new CreateStateMachineCommand({
          name: `conformance-${n}`,
          definition: judge.definitionText(c),
          roleArn: 'arn:aws:iam::111111111111:role/conformance',
          type: c.stateMachineType ?? 'STANDARD',
        }),
      )
    ).stateMachineArn!;
  } catch (e) {
    return { createError: (e as Error).name, createMessage: (e as Error).message };
  }
  if (c.expected.createError) return { created: true };
  const input = judge.inputText(c);
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, ...(input !== undefined ? { input } : {}) }),
  );
  let d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  for (let delay = 20; d.status === 'RUNNING'; delay = Math.min(200, delay * 2)) {
    await new Promise((r) => setTimeout(r, delay));
    d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  }
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
  return {
    status: d.status,
    error: d.error,
    cause: d.cause,
    ...(d.output !== undefined ? { output: JSON.parse(d.output), outputText: d.output } : {}),
    historyTypes: history.events!.map((e) => e.type),
  };
}

describe.skipIf(!hasCorpus)(`AWS-recorded ASL cases through the server (${conformanceDir})`, () => {
  beforeAll(async () => {
    judge = await loadJudge();
    cases = judge.loadCases(`${conformanceDir}/asl/cases`);
    t = await startTestBaton();
    // The Retry cases wait real seconds (as on AWS): run them all concurrently, then judge each.
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < cases.length) {
          const n = next++;
          const c = cases[n]!;
          try {
            results.set(c.id, judge.judge(c, await runCase(c, n), { history: true }));
          } catch (e) {
            results.set(c.id, { ok: false, reasons: [String(e)] });
          }
        }
      }),
    );
  }, 120_000);
  afterAll(() => t?.close());

  it('passes every case', () => {
    expect(cases.length).toBeGreaterThan(400);
    const failures = [...results].filter(([, r]) => !r.ok).map(([id, r]) => `${id}: ${r.reasons.join('; ')}`);
    expect(failures).toEqual([]);
    expect(results.size).toBe(cases.length);
  });
});
