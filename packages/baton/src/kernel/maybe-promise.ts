/**
 * A value now or later. Evaluators that never wait (JSONPath, constants) answer synchronously;
 * the interpreter awaits only what is really a promise (JSONata), so the common path pays no
 * microtask per expression.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}
