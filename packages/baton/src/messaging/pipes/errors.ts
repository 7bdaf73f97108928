/**
 * The errors of the Pipes API (API reference, "Common Errors" and each operation's Errors):
 * thrown below the API layer, which encodes them with their HTTP status. Messages come from this
 * one table, so every path says the same words.
 */

export type PipeErrorCode =
  | 'ValidationException'
  | 'NotFoundException'
  | 'ConflictException'
  | 'ServiceQuotaExceededException';

export class PipeError extends Error {
  override readonly name = 'PipeError';
  constructor(
    readonly code: PipeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** AWS's validation message: `1 validation error detected: Value 'x' at 'path' failed to satisfy constraint: …`. */
function constraint(value: unknown, path: string, rule: string): PipeError {
  const shown =
    value === undefined || value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return new PipeError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: ${rule}`,
  );
}

export const pipeErrors = {
  notFound: (name: string) => new PipeError('NotFoundException', `Pipe ${name} does not exist.`),
  alreadyExists: (name: string) => new PipeError('ConflictException', `Pipe ${name} already exists.`),
  alreadyInState: (name: string, state: string) =>
    new PipeError('ConflictException', `Pipe ${name} is already in the desired state ${state}.`),
  /** Another change to the pipe won the race (optimistic concurrency), again and again. */
  busy: (name: string) =>
    new PipeError('ConflictException', `Pipe ${name} is being changed by another request; try again.`),
  required: (path: string) => constraint(undefined, path, 'Member must not be null'),
  tooLong: (value: string, path: string, max: number) =>
    constraint(value, path, `Member must have length less than or equal to ${max}`),
  tooShort: (value: string, path: string, min: number) =>
    constraint(value, path, `Member must have length greater than or equal to ${min}`),
  pattern: (value: string, path: string, pattern: string) =>
    constraint(value, path, `Member must satisfy regular expression pattern: ${pattern}`),
  tooSmall: (value: number, path: string, min: number) =>
    constraint(value, path, `Member must have value greater than or equal to ${min}`),
  tooLarge: (value: number, path: string, max: number) =>
    constraint(value, path, `Member must have value less than or equal to ${max}`),
  tooMany: (path: string, max: number) =>
    constraint('[…]', path, `Member must have length less than or equal to ${max}`),
  notInSet: (value: string, path: string, values: readonly string[]) =>
    constraint(value, path, `Member must satisfy enum value set: [${values.join(', ')}]`),
  /** A member of the wrong JSON type (the SDKs never send one). */
  type: (path: string, type: string) => new PipeError('ValidationException', `Member '${path}' must be ${type}.`),
  invalid: (message: string) => new PipeError('ValidationException', message),
  tooManyTags: () =>
    new PipeError('ServiceQuotaExceededException', 'A pipe can have at most 50 tags; this request would exceed it.'),
};
