/** A registered client's credentials (OAuth 2.0 client credentials grant). */
export interface Credentials {
  clientId: string;
  clientSecret: string;
}

interface Held {
  token: string;
  /** When to ask for a new one: before it expires, so no call carries an expiring token. */
  renewAt: number;
}

/**
 * Access tokens per client, from the catalog's token endpoint (`POST /oauth/token`, RFC 6749
 * §4.4). A token is renewed `refreshMarginSeconds` before it expires; concurrent calls that need a
 * new one share a single request (the endpoint rate-limits per client). A token the API refused
 * is dropped, and the next call gets a fresh one.
 */
export class TokenSource {
  private readonly held = new Map<string, Held>();
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly tokenUrl: string,
    private readonly fetchFn: typeof fetch,
    private readonly refreshMarginSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {}

  async token(c: Credentials): Promise<string> {
    const held = this.held.get(c.clientId);
    if (held && held.renewAt > this.now()) return held.token;
    let pending = this.inFlight.get(c.clientId);
    if (!pending) {
      pending = this.request(c).finally(() => this.inFlight.delete(c.clientId));
      this.inFlight.set(c.clientId, pending);
    }
    return pending;
  }

  /** Forgets a token the API refused (revoked, signing key rotated away). */
  invalidate(c: Credentials, token: string): void {
    if (this.held.get(c.clientId)?.token === token) this.held.delete(c.clientId);
  }

  private async request(c: Credentials): Promise<string> {
    const res = await this.fetchFn(this.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
      }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
      error_description?: string;
    };
    if (res.status !== 200 || !body.access_token) {
      throw new TokenError(res.status, body.error ?? 'invalid_response', body.error_description);
    }
    const lifetime = body.expires_in ?? 300;
    const margin = Math.min(this.refreshMarginSeconds, lifetime / 2);
    this.held.set(c.clientId, {
      token: body.access_token,
      renewAt: this.now() + (lifetime - margin) * 1000,
    });
    return body.access_token;
  }
}

/** The token endpoint refused the credentials (RFC 6749 §5.2 `error`). */
export class TokenError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description?: string,
  ) {
    super(`token request refused: ${status} ${error}${description ? `: ${description}` : ''}`);
    this.name = 'TokenError';
  }
}
