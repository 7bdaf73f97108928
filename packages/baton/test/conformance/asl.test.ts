/**
 * Every AWS-recorded ASL case, run in-process through the compiler and the in-memory runner:
 * status, output, error, cause and the history event types must match what AWS recorded.
 * Cases that cannot pass without a server are listed with the reason; a listed case that
 * starts passing fails the test too, so the list stays true.
 */
import { describe, expect, it } from 'vitest';
import { compileDefinition } from '../../src/asl/index.js';
import type { Json } from '../../src/kernel/index.js';
import { runInMemory } from '../../src/runtime/in-memory-runner.js';
import { type AslCase, conformanceDir, hasCorpus, loadJudge } from './asl-cases.js';

/** Cases whose expected result depends on something this in-process run does not have. */
const NOT_IN_PROCESS: Record<string, string> = {};

async function runCase(judge: Awaited<ReturnType<typeof loadJudge>>, c: AslCase) {
  const compiled = compileDefinition(judge.definitionText(c), { machineType: c.stateMachineType ?? 'STANDARD' });
  if (!compiled.ok)
    return { createError: 'InvalidDefinition', createMessage: compiled.error.map((d) => d.message).join('; ') };
  if (c.expected.createError) return { created: true };
  const text = judge.inputText(c);
  const input = (text === undefined ? {} : JSON.parse(text)) as Json;
  const { state, history } = await runInMemory(compiled.value, input, {
    stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:conformance',
  });
  return {
    status: state.status,
    ...(state.output !== undefined ? { output: state.output } : {}),
    ...(state.error !== undefined ? { error: state.error } : {}),
    ...(state.cause !== undefined ? { cause: state.cause } : {}),
    historyTypes: history.map((e) => e.type),
  };
}

describe.skipIf(!hasCorpus)(`AWS-recorded ASL cases (${conformanceDir})`, async () => {
  const judge = hasCorpus ? await loadJudge() : undefined;
  const cases = judge ? judge.loadCases(`${conformanceDir}/asl/cases`) : [];
  it.each(cases.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const verdict = judge!.judge(c, await runCase(judge!, c), { history: true });
    const known = NOT_IN_PROCESS[c.id];
    if (known) expect(verdict.ok, `listed as not passing in-process (${known}) but passed`).toBe(false);
    else expect(verdict.reasons).toEqual([]);
  });
});
