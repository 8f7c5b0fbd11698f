import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { AppError } from '@dx/contracts';
import { SERVICE_CONFIG } from '@dx/service-kit';
import type { DspConfig } from '../../config/dsp.config';

/**
 * Tokens the gateway presents to a peer: from the platform's token endpoint, for its own client,
 * issued for the peer's address (RFC 8707 `resource`), so they carry no platform role and cannot
 * be replayed against the platform (docs/dataspace.md §4). Cached per peer until shortly before
 * they expire.
 */
@Injectable()
export class PeerTokens {
  private readonly cache = new Map<string, { token: string; renewAt: number }>();
  private readonly secret: string | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: DspConfig) {
    this.secret =
      config.DSP_CLIENT_SECRET ??
      (config.DSP_CLIENT_SECRET_FILE
        ? readFileSync(config.DSP_CLIENT_SECRET_FILE, 'utf8').trim()
        : undefined);
  }

  async for(audience: string): Promise<string> {
    const cached = this.cache.get(audience);
    if (cached && cached.renewAt > Date.now()) return cached.token;
    if (!this.secret)
      throw new AppError(
        'unavailable',
        'DSP.NO_CLIENT_SECRET',
        'DSP_CLIENT_SECRET is not configured',
      );
    const res = await fetch(`${this.config.CATALOG_URL.replace(/\/$/, '')}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.config.DSP_CLIENT_ID,
        client_secret: this.secret,
        resource: audience,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`token for ${audience}: HTTP ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { access_token: string; expires_in: number };
    this.cache.set(audience, {
      token: body.access_token,
      renewAt: Date.now() + Math.max(0, body.expires_in - 30) * 1000,
    });
    return body.access_token;
  }
}
