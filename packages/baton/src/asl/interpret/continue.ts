/**
 * Carrying on with a value that may still be on its way. JSONPath evaluators answer at once and
 * JSONata ones with a promise (the `jsonata` package only evaluates asynchronously). The
 * interpreter is written once, in this continuation style, so that a machine without JSONata
 * runs a whole signal without a single microtask turn: an `await` costs one even when the value
 * is already there, and an async transition took a dozen.
 */
import { isPromise, type MaybePromise } from '../../kernel/index.js';

/** Calls `next` with `value`: now if it is here, once it arrives if it is a promise. */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(next) : next(value);
}

/** Runs `work`; a synchronous throw and a rejection alike go to `onError`. */
export function attempt<T>(work: () => MaybePromise<T>, onError: (error: unknown) => MaybePromise<T>): MaybePromise<T> {
  let value: MaybePromise<T>;
  try {
    value = work();
  } catch (e) {
    return onError(e);
  }
  return isPromise(value) ? value.catch(onError) : value;
}
