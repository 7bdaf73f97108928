/**
 * The one place the PostgreSQL adapter reads its driver's errors. Expected outcomes never arrive
 * as errors: taken keys are `ON CONFLICT DO NOTHING` ('alreadyExists'), stale versions are a
 * WHERE clause ('conflict'). What remains is sorted here into what the adapter does about it:
 *
 * - 'retry': the server rolled the transaction back and says so (deadlock, serialization
 *   failure); running it again is safe and may succeed.
 * - 'duplicate': a unique key written twice inside a commit, e.g. a history event id or a task
 *   token reused. A caller's bug: reported, never retried.
 * - 'fatal': everything else, connection failures included. Never retried: a connection lost
 *   during COMMIT leaves the outcome unknown, and retrying a commit that did land would report
 *   'conflict' for transitions that in fact committed.
 */
import pg from 'pg';

export type PgFailure = 'retry' | 'duplicate' | 'fatal';

const RETRY = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const UNIQUE_VIOLATION = '23505';

export function classify(error: unknown): PgFailure {
  if (!(error instanceof pg.DatabaseError) || error.code === undefined) return 'fatal';
  if (RETRY.has(error.code)) return 'retry';
  return error.code === UNIQUE_VIOLATION ? 'duplicate' : 'fatal';
}

/** Runs `work`, again (up to `attempts` times in all) while it fails in a way worth retrying. */
export async function retrying<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || classify(error) !== 'retry') throw storeError(error);
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }
}

/** A plain Error that says what happened in the store's terms, with the driver's error as cause. */
export function storeError(error: unknown): Error {
  if (!(error instanceof pg.DatabaseError)) return error instanceof Error ? error : new Error(String(error));
  const what =
    classify(error) === 'duplicate'
      ? `a key was written twice (${error.constraint ?? 'unique constraint'}): a commit reused a history event id or task token`
      : error.message;
  return new Error(`PostgreSQL store: ${what} [${error.code}]`, { cause: error });
}
