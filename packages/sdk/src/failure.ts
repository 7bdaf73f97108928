/**
 * How a handler's thrown value becomes the `error` and `cause` of SendTaskFailure, which Retry
 * and Catch then match on (ASL spec, "Error names"). Lengths stay within the API's limits
 * (API reference, SendTaskFailure: `error` at most 256 characters, `cause` at most 32,768), since
 * a longer value would be refused and the task would hang until it timed out.
 */

/** What a task failed with, as SendTaskFailure carries it. */
export interface TaskFailure {
  readonly error: string;
  readonly cause?: string;
}

export const ERROR_MAX_LENGTH = 256;
export const CAUSE_MAX_LENGTH = 32_768;

/**
 * The failure a thrown value reports: an error's `name` (so `class OutOfStock extends Error`
 * with `name = 'OutOfStock'` is caught by `"ErrorEquals": ["OutOfStock"]`), except that a plain
 * `Error` carrying a string `code` (Node's system errors: `ECONNREFUSED`) reports the code; the
 * cause is the message. A `{ error, cause }` object is taken as it is.
 *
 * @example
 * failureOf(Object.assign(new Error('no stock for sku-1'), { name: 'OutOfStock' }));
 * // → { error: 'OutOfStock', cause: 'no stock for sku-1' }
 */
export function failureOf(thrown: unknown): TaskFailure {
  if (typeof thrown === 'object' && thrown !== null) {
    const { name, code, message, error, cause } = thrown as Record<string, unknown>;
    if (!(thrown instanceof Error) && typeof error === 'string') {
      return limited(error, typeof cause === 'string' ? cause : undefined);
    }
    const named = typeof name === 'string' && name !== '' ? name : 'Error';
    const errorName = named === 'Error' && typeof code === 'string' && code !== '' ? code : named;
    return limited(errorName, typeof message === 'string' ? message : undefined);
  }
  return limited('Error', thrown === undefined ? undefined : String(thrown));
}

function limited(error: string, cause: string | undefined): TaskFailure {
  const out = truncate(error, ERROR_MAX_LENGTH);
  return cause ? { error: out, cause: truncate(cause, CAUSE_MAX_LENGTH) } : { error: out };
}

/** Cuts `text` to `max` UTF-16 units without splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
