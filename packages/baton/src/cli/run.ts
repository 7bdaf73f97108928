/**
 * `baton run FILE --input JSON|@file [--handlers MODULE] [--json] [--history]`: runs a state
 * machine to its end in memory. With --json it prints one JSON object, `{"status":"SUCCEEDED",
 * "output":…}` or `{"status":"FAILED","error":…,"cause":…}`; the exit code is 0 only for SUCCEEDED.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { HistoryEvent } from '../asl/index.js';
import type { Json } from '../kernel/index.js';
import { runInMemory } from '../runtime/in-memory-runner.js';
import { compileDefinitionFile, formatDiagnostics } from './definition-file.js';
import { loadHandlers } from './handlers.js';

interface RunFlags {
  input: string;
  handlers?: string;
  json?: boolean;
  history?: boolean;
  realTime?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a state machine in memory and print its result')
    .argument('<file>', 'definition file (JSON or YAML)')
    .option('--input <json>', 'execution input as JSON, or @file to read it from a file', '{}')
    .option('--handlers <module>', 'ES module whose exports handle Task resources (by ARN or function/activity name)')
    .option('--json', 'print exactly one JSON object with the result')
    .option('--history', 'include the execution history')
    .option('--real-time', 'let Wait states and retry intervals take real time (default: virtual time)')
    .action(async (file: string, flags: RunFlags) => {
      process.exitCode = await run(file, flags);
    });
}

async function run(file: string, flags: RunFlags): Promise<number> {
  const compiled = await compileDefinitionFile(file);
  if (!compiled.ok) {
    console.error(`Invalid definition:\n${formatDiagnostics(compiled.error)}`);
    return 1;
  }
  let input: Json;
  try {
    const text = flags.input.startsWith('@') ? await readFile(flags.input.slice(1), 'utf8') : flags.input;
    input = JSON.parse(text) as Json;
  } catch (e) {
    console.error(`Invalid input: ${(e as Error).message}`);
    return 2;
  }
  const resolveHandler = flags.handlers ? await loadHandlers(flags.handlers) : undefined;
  const { state, history } = await runInMemory(compiled.value, input, {
    ...(resolveHandler ? { resolveHandler } : {}),
    clock: flags.realTime ? 'real' : 'virtual',
    history: flags.history === true,
  });
  const result: Record<string, Json> = { status: state.status };
  if (state.status === 'SUCCEEDED') result.output = state.output ?? null;
  else {
    if (state.error !== undefined) result.error = state.error;
    if (state.cause !== undefined) result.cause = state.cause;
  }
  if (flags.history) result.history = history.map(formatEvent);
  if (flags.json) console.log(JSON.stringify(result));
  else console.log(JSON.stringify(result, null, 2));
  return state.status === 'SUCCEEDED' ? 0 : 1;
}

function formatEvent(e: HistoryEvent): Json {
  return {
    id: e.id,
    previousEventId: e.previousEventId,
    timestamp: new Date(e.timestamp).toISOString(),
    type: e.type,
    ...(e.details ? { details: e.details } : {}),
  };
}
