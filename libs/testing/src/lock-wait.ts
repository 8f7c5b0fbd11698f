import { waitFor } from './wait-for';

/**
 * Waits until a statement starting with `statementStart` waits for a row lock in the database the
 * `sql` of a test harness queries: how a test forces two transactions to meet at the point where
 * their lock order matters, without timing.
 */
export async function waitForLockWait(
  db: { sql(text: string, params?: unknown[]): Promise<unknown[]> },
  statementStart: string,
  what: string,
): Promise<void> {
  await waitFor(
    async () =>
      (
        await db.sql(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
             AND wait_event_type = 'Lock' AND starts_with(query, $1)`,
          [statementStart],
        )
      ).length,
    { what },
  );
}
