/**
 * `baton test FILE --mocks MOCKS.json [--machine NAME] [--case NAME] [--expect EXPECT.json]`:
 * runs a state machine's test cases against mocked task results (the Step Functions Local mock
 * format), with Wait states and retry intervals on a virtual clock. EXPECT.json maps a case to
 * `{ "input"?, "status"?, "output"?, "error"?, "cause"? }`; any mismatch exits 1.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { isJsonObject, type Json, jsonEquals } from '../kernel/index.js';
import { runInMemory } from '../runtime/in-memory-runner.js';
import { mockedHandlers, parseMockConfig } from '../runtime/mocked-responses.js';
import { compileDefinitionFile, formatDiagnostics } from './definition-file.js';
import { loadHandlers } from './handlers.js';

interface TestFlags {
  mocks: string;
  machine?: string;
  case?: string;
  expect?: string;
  input: string;
  handlers?: string;
}

export function registerTest(program: Command): void {
  program
    .command('test')
    .description('run a state machine against mocked task results (Step Functions Local mock format)')
    .argument('<file>', 'definition file (JSON or YAML)')
    .requiredOption('--mocks <file>', 'mock configuration: StateMachines.<name>.TestCases and MockedResponses')
    .option('--machine <name>', 'state machine name in the mock configuration (default: the file name)')
    .option('--case <name>', 'run only this test case')
    .option('--expect <file>', 'expected results per test case: { "<case>": { input, status, output, error, cause } }')
    .option('--input <json>', 'input for cases without one in --expect', '{}')
    .option('--handlers <module>', 'module answering Task states a case does not mock')
    .action(async (file: string, flags: TestFlags) => {
      process.exitCode = await test(file, flags);
    });
}

async function test(file: string, flags: TestFlags): Promise<number> {
  const compiled = await compileDefinitionFile(file);
  if (!compiled.ok) {
    console.error(`Invalid definition:\n${formatDiagnostics(compiled.error)}`);
    return 1;
  }
  const config = parseMockConfig(JSON.parse(await readFile(flags.mocks, 'utf8')) as Json);
  const machine = flags.machine ?? basename(file, extname(file));
  const cases = Object.keys(config.StateMachines[machine]?.TestCases ?? {}).filter(
    (c) => !flags.case || c === flags.case,
  );
  if (cases.length === 0) {
    console.error(`No test cases for state machine '${machine}'${flags.case ? ` named '${flags.case}'` : ''}`);
    return 1;
  }
  const expectations = flags.expect
    ? (JSON.parse(await readFile(flags.expect, 'utf8')) as Record<string, Record<string, Json>>)
    : {};
  const fallback = flags.handlers ? await loadHandlers(flags.handlers) : undefined;
  let failures = 0;
  for (const testCase of cases) {
    const expected = expectations[testCase] ?? {};
    const input = (expected.input ?? JSON.parse(flags.input)) as Json;
    const { state } = await runInMemory(compiled.value, input, {
      resolveHandler: mockedHandlers(config, machine, testCase, fallback),
      history: false,
    });
    const actual: Record<string, Json> = { status: state.status };
    if (state.output !== undefined) actual.output = state.output;
    if (state.error !== undefined) actual.error = state.error;
    if (state.cause !== undefined) actual.cause = state.cause;
    const mismatches = Object.entries(expected)
      .filter(([key]) => key !== 'input')
      .filter(([key, value]) => !jsonEquals(value, actual[key]))
      .map(([key, value]) => `${key}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual[key] ?? null)}`);
    if (mismatches.length > 0) failures++;
    const verdict =
      mismatches.length > 0 ? 'FAIL' : isJsonObject(expected) && Object.keys(expected).length > 0 ? 'PASS' : 'RAN ';
    console.log(`${verdict} ${testCase}: ${JSON.stringify(actual)}`);
    for (const m of mismatches) console.log(`     ${m}`);
  }
  console.log(`${cases.length - failures} passed, ${failures} failed`);
  return failures === 0 ? 0 : 1;
}
