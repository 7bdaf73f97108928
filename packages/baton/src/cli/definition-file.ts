/** Reads a state machine definition from a JSON or YAML file and compiles it. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  type CompiledMachine,
  compileDefinitionValue,
  type Diagnostic,
  parseDefinitionText,
  type ValidateOptions,
} from '../asl/index.js';
import type { Result } from '../kernel/index.js';

export async function compileDefinitionFile(
  file: string,
  options: ValidateOptions = {},
): Promise<Result<CompiledMachine, Diagnostic[]>> {
  const text = await readFile(file, 'utf8');
  const format = ['.yaml', '.yml'].includes(extname(file).toLowerCase()) ? 'yaml' : 'json';
  const parsed = parseDefinitionText(text, format);
  return parsed.ok ? compileDefinitionValue(parsed.value, options) : parsed;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.severity} ${d.code} at ${d.location ?? '(workflow)'}: ${d.message}`).join('\n');
}
