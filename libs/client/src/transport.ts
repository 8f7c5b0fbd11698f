import { IDEMPOTENT_OPERATIONS } from './generated/operations';
import type { Credentials, TokenSource } from './tokens';

export type Service = 'catalog' | 'consent' | 'integration' | 'trust' | 'insights';

export interface RetryPolicy {
  /** Attempts in all, the first included (default 4). */
  attempts: number;
  /** First pause; doubled after each attempt, capped at `maxDelayMs` (defaults 200 ms, 5 s). */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 5000 };

const templates = IDEMPOTENT_OPERATIONS.map((op) => ({
  ...op,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** Whether the operation takes an Idempotency-Key (docs/openapi, generated/operations.ts). */
export function takesIdempotencyKey(service: Service, method: string, path: string): boolean {
  return templates.some(
    (t) => t.service === service && t.method === method && t.pattern.test(path),
  );
}

const SAFE = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

/** Statuses worth another attempt: the service is away or asks to slow down. */
const RETRIABLE = new Set([429, 502, 503, 504]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface TransportOptions {
  service: Service;
  credentials?: Credentials;
  tokens: TokenSource;
  fetchFn: typeof fetch;
  retry: RetryPolicy;
  newKey: () => string;
}

/**
 * The `fetch` each typed client calls through. It adds the bearer token, gives an operation that
 * takes one an Idempotency-Key (unless the caller chose one), and retries what is safe to retry:
 * a lost connection, 429 and 5xx gateway or availability answers, after Retry-After or a growing
 * pause — a GET, PUT or DELETE always, a POST only with its Idempotency-Key, which it keeps, so a
 * create whose answer was lost is answered from the first attempt instead of applied twice. A 401
 * (a token revoked or signed by a key rotated away) gets one new token and one more attempt.
 */
export function transport(opts: TransportOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const headers = new Headers(request.headers);
    if (!headers.has('idempotency-key') && takesIdempotencyKey(opts.service, method, url.pathname))
      headers.set('idempotency-key', opts.newKey());
    const retriable = SAFE.has(method) || headers.has('idempotency-key');
    // The body is read once and sent again as it was on each attempt.
    const body = request.body ? await request.arrayBuffer() : undefined;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let token: string | undefined;
      if (opts.credentials) {
        token = await opts.tokens.token(opts.credentials);
        headers.set('authorization', `Bearer ${token}`);
      }
      let res: Response;
      try {
        res = await opts.fetchFn(request.url, {
          method,
          headers,
          body,
          signal: request.signal,
        });
      } catch (err) {
        if (!retriable || attempt >= opts.retry.attempts || request.signal.aborted) throw err;
        await sleep(backoff(opts.retry, attempt));
        continue;
      }
      if (res.status === 401 && opts.credentials && token && !refreshed) {
        refreshed = true;
        opts.tokens.invalidate(opts.credentials, token);
        await res.body?.cancel();
        attempt--;
        continue;
      }
      if (RETRIABLE.has(res.status) && retriable && attempt < opts.retry.attempts) {
        const after = Number(res.headers.get('retry-after'));
        await res.body?.cancel();
        await sleep(
          Number.isFinite(after) && after > 0
            ? Math.min(after * 1000, opts.retry.maxDelayMs)
            : backoff(opts.retry, attempt),
        );
        continue;
      }
      return res;
    }
  };
}

function backoff(p: RetryPolicy, attempt: number): number {
  return Math.min(p.baseDelayMs * 2 ** (attempt - 1), p.maxDelayMs);
}
