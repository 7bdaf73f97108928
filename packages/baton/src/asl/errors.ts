/**
 * Workflow failures as data (ASL spec, "Errors"). A Failure is what Retry and Catch match on,
 * what history records and what an execution ends with.
 */
export interface Failure {
  readonly error: string;
  readonly cause?: string;
}

/** The error names the ASL specification and Step Functions predefine. */
export const StatesErrorName = {
  ALL: 'States.ALL',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Timeout: 'States.Timeout',
  TaskFailed: 'States.TaskFailed',
  Permissions: 'States.Permissions',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ParameterPathFailure: 'States.ParameterPathFailure',
  QueryEvaluationError: 'States.QueryEvaluationError',
  BranchFailed: 'States.BranchFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  ItemReaderFailed: 'States.ItemReaderFailed',
  ResultWriterFailed: 'States.ResultWriterFailed',
  DataLimitExceeded: 'States.DataLimitExceeded',
  Runtime: 'States.Runtime',
} as const;

/**
 * Raised inside expression evaluation (paths, intrinsics, JSONata) and caught in exactly one
 * place: the interpreter's state boundary, which turns it into a Failure value and prefixes the
 * cause with the state's name and entry event, as Step Functions does. Nothing else catches it.
 */
export class StatesError extends Error {
  override readonly name = 'StatesError';
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}
