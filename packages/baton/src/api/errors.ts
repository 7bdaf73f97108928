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

/**
 * A service's domain errors (the error class its messaging module throws, with codes of the
 * service's API reference) as the AwsErrors clients are answered with; undefined for any other
 * error. Each protocol applies it once, where it catches what an operation threw.
 */
export type DomainErrorTranslation = (error: unknown) => AwsError | undefined;

/**
 * The translation of one domain error class whose errors carry their API code: the AwsError with
 * that code and message, and the HTTP status `status` gives it (400 when it gives none).
 */
export function domainErrorsOf<E extends Error & { readonly code: string }>(
  errorClass: abstract new (...args: never[]) => E,
  status?: (error: E) => number | undefined,
): DomainErrorTranslation {
  return (e) => (e instanceof errorClass ? new AwsError(e.code, e.message, status?.(e)) : undefined);
}

/** Required-parameter and type checks shared by every service's operations. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/**
 * A failure that is not an AwsError (a bug, or the infrastructure's) as the client sees it: a 500
 * with the protocol's internal code. Its detail goes to the log only.
 */
export function internalError(
  log: { error(details: object, message: string): void },
  cause: unknown,
  code = 'InternalFailure',
): AwsError {
  log.error({ err: cause }, 'operation failed');
  return new AwsError(code, 'The request processing has failed because of an unknown error.', 500);
}
