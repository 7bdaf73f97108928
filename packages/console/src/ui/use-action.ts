/** A form's or button's action: which one is running, and the error of the last run until the next starts. */
import { useState } from 'react';

export interface Action<K> {
  /** The key of the running action (`true` for a view with one), undefined when none runs. */
  readonly busy: K | undefined;
  readonly error: unknown;
  /** For an action that ends with something to say in the error banner. */
  setError(error: unknown): void;
  run(key: K, work: () => Promise<void>): Promise<void>;
}

export function useAction<K = true>(): Action<K> {
  const [busy, setBusy] = useState<K>();
  const [error, setError] = useState<unknown>();
  const run = async (key: K, work: () => Promise<void>) => {
    setBusy(key);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };
  return { busy, error, setError, run };
}
