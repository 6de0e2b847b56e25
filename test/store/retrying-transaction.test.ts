import type { Database, SqlExecutor } from '../../src/store/database.js';
import { isCrossedTransaction, retryingTransaction } from '../../src/store/retrying-transaction.js';

/** A store whose first `failures` transactions fail with `error`, as PostgreSQL undoes a crossed one. */
function storeFailing(failures: number, error: unknown): Database & { runs: number } {
  const store = {
    kind: 'postgres' as const,
    runs: 0,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      store.runs++;
      if (store.runs <= failures) throw error;
      return work(store);
    },
    query: async () => [],
    execScript: async () => undefined,
    notify: async () => undefined,
    listen: async () => async () => undefined,
    ping: async () => undefined,
    close: async () => undefined,
  };
  return store;
}

const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('retryingTransaction', () => {
  test('runs a transaction PostgreSQL failed for crossing another again', async () => {
    const store = storeFailing(2, deadlock);
    await expect(retryingTransaction(store, async () => 'done')).resolves.toBe('done');
    expect(store.runs).toBe(3);
  });

  test('gives up after three more runs, with the crossing as the error', async () => {
    const store = storeFailing(10, deadlock);
    await expect(retryingTransaction(store, async () => 'done')).rejects.toBe(deadlock);
    expect(store.runs).toBe(4);
  });

  test('any other failure is not run again', async () => {
    const refused = Object.assign(new Error('unique violation'), { code: '23505' });
    const store = storeFailing(1, refused);
    await expect(retryingTransaction(store, async () => 'done')).rejects.toBe(refused);
    expect(store.runs).toBe(1);
  });

  test('knows a crossing by its SQLSTATE: deadlock or serialization failure', () => {
    expect([deadlock, { code: '40001' }, { code: '23505' }, new Error('x'), null].map(isCrossedTransaction)).toEqual([true, true, false, false, false]);
  });
});
