/** `baton validate FILE`: prints every diagnostic with its location; exit 1 when the definition is invalid. */
import { type Command, Option } from 'commander';
import { compileDefinitionFile, formatDiagnostics } from './definition-file.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('validate a state machine definition (JSON or YAML) as CreateStateMachine does')
    .argument('<file>', 'definition file')
    .addOption(
      new Option('--type <type>', 'the state machine type (EXPRESS refuses .sync and .waitForTaskToken)')
        .choices(['STANDARD', 'EXPRESS'])
        .default('STANDARD'),
    )
    .option('--json', 'print the diagnostics as JSON')
    .action(async (file: string, opts: { type: 'STANDARD' | 'EXPRESS'; json?: boolean }) => {
      const result = await compileDefinitionFile(file, { machineType: opts.type });
      const diagnostics = result.ok ? [] : result.error;
      if (opts.json) console.log(JSON.stringify({ result: result.ok ? 'OK' : 'FAIL', diagnostics }));
      else if (result.ok) console.log('OK: the definition is valid');
      else console.error(`Invalid definition:\n${formatDiagnostics(diagnostics)}`);
      process.exitCode = result.ok ? 0 : 1;
    });
}
