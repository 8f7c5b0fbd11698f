/**
 * Bounds a call to a dependency. The error carries `code: 'ETIMEDOUT'`, so callers that tell an
 * outage from a bad record (`infrastructureFaultOf`) treat a dependency that does not answer in
 * time as away, never as a fault of the data.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`${what} did not answer in ${ms} ms`) as Error & { code: string };
        err.code = 'ETIMEDOUT';
        reject(err);
      }, ms);
      // A pending bound never keeps a stopping process alive.
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}
