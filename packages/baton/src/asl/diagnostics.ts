/**
 * A problem found in a state machine definition, shaped like the diagnostics of AWS's
 * ValidateStateMachineDefinition: a code (`SCHEMA_VALIDATION_FAILED`, `MISSING_TRANSITION_TARGET`, …),
 * a message in AWS's words and the JSON pointer of the offending field (`/States/Check/Choices/0/Variable`).
 */
export interface Diagnostic {
  readonly severity: 'ERROR' | 'WARNING';
  readonly code: DiagnosticCode;
  readonly message: string;
  /** Absent for problems of the whole workflow (AWS then prints `at null`). */
  readonly location?: string;
}

export type DiagnosticCode =
  | 'INVALID_JSON_DESCRIPTION'
  | 'SCHEMA_VALIDATION_FAILED'
  | 'MISSING_TRANSITION_TARGET'
  | 'MISSING_END_STATE'
  | 'DUPLICATE_STATE_NAME'
  | 'INVALID_JSONATA_EXPRESSION'
  | 'UNSUPPORTED_JSONATA_EXPRESSION';

/** Appends `key` to a JSON pointer, escaping `~` and `/` as RFC 6901 requires. */
export function pointerTo(base: string, key: string | number): string {
  return `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** Collects diagnostics while a definition is checked, so every problem is reported, not the first. */
export class DiagnosticSink {
  readonly all: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, location?: string): void {
    this.all.push(
      location === undefined ? { severity: 'ERROR', code, message } : { severity: 'ERROR', code, message, location },
    );
  }

  /** A SCHEMA_VALIDATION_FAILED error, the code AWS uses for most structural problems. */
  schema(message: string, location: string): void {
    this.error('SCHEMA_VALIDATION_FAILED', message, location);
  }

  get hasErrors(): boolean {
    return this.all.some((d) => d.severity === 'ERROR');
  }
}

/** The message of CreateStateMachine's InvalidDefinition error for a list of diagnostics. */
export function formatInvalidDefinition(diagnostics: readonly Diagnostic[]): string {
  const parts = diagnostics
    .filter((d) => d.severity === 'ERROR')
    .map((d) => `${d.code}: ${d.message} at ${d.location ?? 'null'}`);
  return `Invalid State Machine Definition: '${parts.join(', ')}'`;
}
