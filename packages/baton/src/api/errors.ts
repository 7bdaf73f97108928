/**
 * API errors: one class carrying an AWS error code, thrown below the protocol codecs and encoded
 * once by them. Codes and messages follow each service's API reference.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status; AWS answers client errors with 400. */
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Required-parameter and type checks shared by every service's operations. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message);
}
