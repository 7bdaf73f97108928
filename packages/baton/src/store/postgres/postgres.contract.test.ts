import { describe } from 'vitest';
import { describeStore } from '../contract/index.js';
import { makePostgresStore, POSTGRES_LABEL, POSTGRES_REQUIRED, postgresUnavailable } from './test-support/postgres.js';

const unavailable = await postgresUnavailable();
const skip = unavailable !== undefined && !POSTGRES_REQUIRED;
if (skip) console.warn(`PostgreSQL store contract skipped: ${POSTGRES_LABEL} is unreachable (${unavailable})`);

describe.skipIf(skip)(`PostgreSQL at ${POSTGRES_LABEL}${skip ? ` — SKIPPED, unreachable: ${unavailable}` : ''}`, () => {
  describeStore('postgres', () => makePostgresStore());
});
