import { describeStore } from '../contract/index.js';
import { openSqliteStore } from './index.js';

describeStore('sqlite', async () => {
  const store = openSqliteStore({ path: ':memory:' });
  return { store, cleanup: () => store.close() };
});
