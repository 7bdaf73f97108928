/**
 * ValidateStateMachineDefinition (API reference): the diagnostics CreateStateMachine would
 * refuse a definition with, without creating anything. `result` is FAIL when any ERROR is found;
 * `severity` sets the lowest severity listed (ERROR by default); at most `maxResults` (≤ 100)
 * diagnostics are listed, `truncated` telling whether more were found.
 */
import { compileDefinition, type Diagnostic } from '../../../asl/index.js';
import type { JsonObject } from '../../../kernel/index.js';
import type { Operation } from '../json-protocol.js';
import type { SfnDeps } from './deps.js';
import { optionalEnum, pageSize, requiredString } from './input.js';
import { checkDefinitionSize, readType } from './machine-config.js';

const SEVERITIES = ['ERROR', 'WARNING'] as const;
const MAX_DIAGNOSTICS = 100;

function wireDiagnostic(d: Diagnostic): JsonObject {
  // A problem of the whole workflow has no location, and AWS then sends none.
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.location !== undefined ? { location: d.location } : {}),
  };
}

/** Needs nothing but the definition and which resources the runtime can run. */
export function validateOperations(deps: Pick<SfnDeps, 'checkResource'>): Record<string, Operation> {
  return {
    async ValidateStateMachineDefinition(input) {
      const text = checkDefinitionSize(requiredString(input, 'definition'));
      const type = readType(input);
      const severity = optionalEnum(input, 'severity', SEVERITIES) ?? 'ERROR';
      const limit = pageSize(input, MAX_DIAGNOSTICS, MAX_DIAGNOSTICS);
      const compiled = compileDefinition(text, {
        machineType: type,
        ...(deps.checkResource ? { checkResource: deps.checkResource } : {}),
      });
      const found = compiled.ok ? [] : compiled.error;
      const listed = severity === 'WARNING' ? found : found.filter((d) => d.severity === 'ERROR');
      return {
        result: found.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
        diagnostics: listed.slice(0, limit).map(wireDiagnostic),
        truncated: listed.length > limit,
      };
    },
  };
}
