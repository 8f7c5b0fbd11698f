/**
 * Polls `probe` until it returns a value that `until` accepts (default: truthy), or fails after
 * `timeoutMs` with the last value seen. Tests wait on conditions, never on timers.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  opts: { timeoutMs?: number; intervalMs?: number; until?: (v: T) => boolean; what?: string } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const intervalMs = opts.intervalMs ?? 100;
  const until = opts.until ?? ((v: T) => Boolean(v));
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (until(last)) return last;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const seen = lastError
        ? `last error: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}`
        : `last value: ${JSON.stringify(last)}`;
      throw new Error(
        `waitFor ${opts.what ?? 'condition'} timed out after ${timeoutMs} ms (${seen})`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
