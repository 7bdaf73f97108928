/**
 * How a failed function reaches the workflow, as Lambda reports it (developer guide, "Handling
 * errors in Step Functions workflows" → Lambda): the error is the thrown error's type name and
 * the cause is the JSON error object `{errorMessage, errorType, trace}`, so a Catch on a custom
 * error name works and the cause carries the message and stack.
 */
import type { TaskOutcome } from '../runtime/task-resource.js';

export function lambdaFailure(error: unknown): Extract<TaskOutcome, { kind: 'failed' }> {
  const errorType = error instanceof Error ? error.name : typeof error === 'string' ? 'Error' : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const trace = error instanceof Error && error.stack ? error.stack.split('\n') : [];
  return { kind: 'failed', error: errorType, cause: JSON.stringify({ errorType, errorMessage, trace }) };
}
