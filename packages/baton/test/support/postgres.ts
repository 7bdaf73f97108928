/**
 * Server tests on PostgreSQL (`--database postgres://…`): a suite gets the URL of a schema of its
 * own, dropped after the suite. The suite is skipped while PostgreSQL is unreachable, unless
 * BATON_TEST_POSTGRES_URL names it: then unreachable is a failure.
 */
import { afterAll, describe } from 'vitest';
import {
  dropSchema,
  freshSchemaName,
  POSTGRES_REQUIRED,
  POSTGRES_URL,
  postgresUnavailable,
} from '../../src/store/postgres/test-support/postgres.js';

/** Declares the suite `<subject> on PostgreSQL`; `suite` gets the `--database` URL of a fresh schema. */
export async function describeOnPostgres(subject: string, suite: (database: string) => void): Promise<void> {
  const unavailable = await postgresUnavailable();
  if (unavailable && POSTGRES_REQUIRED) {
    throw new Error(`BATON_TEST_POSTGRES_URL is set but PostgreSQL is unreachable: ${unavailable}`);
  }
  describe.skipIf(unavailable !== undefined)(
    `${subject} on PostgreSQL${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    () => {
      const schema = freshSchemaName();
      // Registered before the suite's own hooks, so it runs after them (vitest runs after-hooks as
      // a stack): the servers are closed before their schema goes.
      afterAll(() => dropSchema(schema));
      suite(`${POSTGRES_URL}?schema=${schema}`);
    },
  );
}
