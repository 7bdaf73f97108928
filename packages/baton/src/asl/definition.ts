/**
 * Reading a definition's text. CreateStateMachine takes JSON; the CLI also reads YAML, which is
 * parsed into the same JSON value. Unparseable text is an INVALID_JSON_DESCRIPTION diagnostic.
 */
import { parse as parseYaml } from 'yaml';
import { err, type Json, ok, type Result } from '../kernel/index.js';
import type { Diagnostic } from './diagnostics.js';

export function parseDefinitionText(text: string, format: 'json' | 'yaml' = 'json'): Result<Json, Diagnostic[]> {
  try {
    return ok((format === 'yaml' ? parseYaml(text) : JSON.parse(text)) as Json);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return err([{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: detail }]);
  }
}
