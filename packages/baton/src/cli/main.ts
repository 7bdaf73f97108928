/** The `baton` command line: one file per command, registered here. */
import { Command } from 'commander';
import { registerRun } from './run.js';
import { registerSchemas } from './schemas.js';
import { registerStart } from './start.js';
import { registerTest } from './test.js';
import { registerValidate } from './validate.js';

export function buildProgram(): Command {
  const program = new Command('baton').description(
    'Baton: event bus, queues, topics, streams and workflows in one server',
  );
  registerStart(program);
  registerValidate(program);
  registerRun(program);
  registerTest(program);
  registerSchemas(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
