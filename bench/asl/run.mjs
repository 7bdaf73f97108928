// ASL benchmark: in-memory executions/s and state transitions/s, Baton vs aws-local-stepfunctions,
// on the same machines in the same run. Baton records the full history; the ratio is the result.
//
//   npm run bench:asl            (builds first)      node bench/asl/run.mjs --seconds 5
import '../lib/with-resolvers.mjs';
import { compileDefinitionValue } from '../../packages/baton/dist/asl/index.js';
import { runInMemory } from '../../packages/baton/dist/runtime/in-memory-runner.js';
import { mixed, tasks } from './machines.mjs';

const { StateMachine } = await import('aws-local-stepfunctions');

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1] || 0) || 4;

function batonRunner(workload) {
  const compiled = compileDefinitionValue(workload.definition);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.error));
  const byName = workload.handlers;
  const handlers = new Map(
    Object.entries(byName).map(([name, fn]) => [`arn:aws:lambda:us-east-1:123456789012:function:${name}`, fn]),
  );
  const resolveHandler = (resource) => handlers.get(resource);
  return async () => {
    const { state, history } = await runInMemory(compiled.value, workload.input, { resolveHandler });
    if (state.status !== 'SUCCEEDED') throw new Error(`baton: ${state.status} ${state.error} ${state.cause}`);
    return history.filter((e) => e.type.endsWith('StateEntered')).length;
  };
}

function peerRunner(workload) {
  const machine = new StateMachine(workload.definition, { validationOptions: { checkArn: false } });
  const taskResourceLocalHandlers = workload.handlers;
  return async () => {
    await machine.run(workload.input, { overrides: { taskResourceLocalHandlers } }).result;
  };
}

async function measure(run, transitionsPerExecution) {
  const warmUntil = performance.now() + 500;
  while (performance.now() < warmUntil) await run();
  let executions = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    await run();
    executions++;
  }
  const elapsed = (performance.now() - start) / 1000;
  return {
    executionsPerSecond: executions / elapsed,
    transitionsPerSecond: (executions * transitionsPerExecution) / elapsed,
  };
}

const rows = [];
for (const [label, workload] of [
  ['(a) 20 states, Choice, Map over 10', mixed],
  ['(b) 10 sequential Tasks', tasks],
]) {
  const baton = batonRunner(workload);
  const transitions = await baton();
  const b = await measure(baton, transitions);
  const p = await measure(peerRunner(workload), transitions);
  rows.push({ label, transitions, b, p });
}

const f = (n) => Math.round(n).toLocaleString('en-US');
console.log(`node ${process.version}, ${seconds}s per measurement, sequential executions, Baton with full history`);
console.log(
  'workload                               transitions/exec   Baton exec/s   peer exec/s   ratio   Baton transitions/s',
);
for (const { label, transitions, b, p } of rows) {
  console.log(
    `${label.padEnd(38)} ${String(transitions).padStart(16)} ${f(b.executionsPerSecond).padStart(14)} ${f(p.executionsPerSecond).padStart(13)} ${(b.executionsPerSecond / p.executionsPerSecond).toFixed(1).padStart(6)}x ${f(b.transitionsPerSecond).padStart(20)}`,
  );
}
