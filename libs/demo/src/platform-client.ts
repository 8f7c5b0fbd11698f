import { DxClient, type Credentials } from '@dx/client';

/**
 * How the demo talks to the platform: only through the public REST APIs, each participant with its
 * own client credentials, as a partner system would. Tokens are cached until shortly before they
 * expire (the catalog rate-limits token requests per client).
 */
export type Service = 'catalog' | 'consent' | 'integration' | 'trust' | 'insights';
export const SERVICES: readonly Service[] = [
  'catalog',
  'consent',
  'integration',
  'trust',
  'insights',
] as const;

export type { Credentials };

export interface CallOptions {
  body?: unknown;
  /** Raw body with its content type. */
  raw?: { contentType: string; text: string };
  headers?: Record<string, string>;
  /** Statuses that count as success; any other throws with the problem document. */
  expect?: number[];
}

export interface Reply<T> {
  status: number;
  body: T;
}

export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} → ${status} ${JSON.stringify(body)}`);
  }
}

/**
 * The demo's way into the platform: the published typed client (@dx/client) for every operation of
 * the partner API, as a partner system would use it, one client per participant sharing one token
 * cache; and `call` for what the published documents leave out on purpose (the demo stacks' clock).
 */
export class PlatformClient {
  readonly dx: DxClient;
  private readonly clients = new Map<string, DxClient>();

  constructor(
    readonly urls: Record<Service, string>,
    private readonly operator: Credentials,
  ) {
    this.dx = new DxClient({ baseUrls: urls, credentials: operator });
  }

  /** The typed client acting as `who` (the operator when omitted). */
  as(who: Credentials = this.operator): DxClient {
    if (who.clientId === this.operator.clientId) return this.dx;
    let c = this.clients.get(who.clientId);
    if (!c) this.clients.set(who.clientId, (c = this.dx.as(who)));
    return c;
  }

  /** An access token for these credentials (client credentials grant, renewed before expiry). */
  token(c: Credentials = this.operator): Promise<string> {
    return this.as(c).token();
  }

  /** Calls `method path` on a service as `who` (the operator when omitted). */
  async call<T = Record<string, unknown>>(
    service: Service,
    method: string,
    path: string,
    who: Credentials | undefined,
    opts: CallOptions = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.token(who)}`,
      ...(opts.headers ?? {}),
    };
    let body: string | undefined;
    if (opts.raw) {
      headers['content-type'] = opts.raw.contentType;
      body = opts.raw.text;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${this.urls[service]}${path}`, { method, headers, body });
    const text = await res.text();
    const parsed = (text ? JSON.parse(text) : null) as T;
    const ok = opts.expect ?? [200, 201, 202, 204];
    if (!ok.includes(res.status))
      throw new PlatformError(res.status, parsed, `${method} ${service}${path}`);
    return { status: res.status, body: parsed };
  }
}

/** Retries `attempt` until it returns a value (not undefined) or the bounded time runs out. */
export async function until<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let pause = 25; ; pause = Math.min(pause * 2, 400)) {
    try {
      const v = await attempt();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `demo: gave up waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, pause));
  }
}
