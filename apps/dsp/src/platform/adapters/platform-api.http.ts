import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@dx/contracts';
import { SERVICE_CONFIG } from '@dx/service-kit';
import type { DspConfig } from '../../config/dsp.config';
import type { PolicyTerms } from '@dx/dataspace';
import {
  PlatformApi,
  PlatformRefusal,
  type PlatformAgreement,
  type CatalogDataset,
  type DatasetOffers,
} from '../application/platform-api';

/** Longest the gateway waits for a service before the peer is told to come back (503). */
const TIMEOUT_MS = 10_000;
/** A catalogue is built from at most this many datasets (the gateway pages through consent). */
const MAX_DATASETS = 2000;

/** The services' REST APIs over HTTP, with the caller's token. */
@Injectable()
export class HttpPlatformApi extends PlatformApi {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: DspConfig) {
    super();
  }

  async offers(token: string): Promise<DatasetOffers[]> {
    const all: DatasetOffers[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: DatasetOffers[]; nextCursor: string | null } = await this.call(
        this.config.CONSENT_URL,
        `/v1/offers?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        token,
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && all.length < MAX_DATASETS);
    return all;
  }

  datasetOffers(token: string, datasetId: string): Promise<DatasetOffers> {
    return this.call(
      this.config.CONSENT_URL,
      `/v1/datasets/${encodeURIComponent(datasetId)}/offers`,
      token,
    );
  }

  dataset(token: string, id: string): Promise<CatalogDataset> {
    return this.call(this.config.CATALOG_URL, `/v1/datasets/${encodeURIComponent(id)}`, token);
  }

  requestAgreement(
    token: string,
    request: PolicyTerms & { datasetId: string },
    idempotencyKey: string,
  ): Promise<PlatformAgreement> {
    return this.call(this.config.CONSENT_URL, '/v1/agreements', token, {
      method: 'POST',
      body: request,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  acceptAgreement(
    token: string,
    id: string,
    termVersion: number,
    idempotencyKey: string,
  ): Promise<PlatformAgreement> {
    return this.call(this.config.CONSENT_URL, `/v1/agreements/${id}/accept`, token, {
      method: 'POST',
      body: { termVersion },
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  offerTerms(
    token: string,
    id: string,
    terms: PolicyTerms,
    idempotencyKey: string,
  ): Promise<PlatformAgreement> {
    return this.call(this.config.CONSENT_URL, `/v1/agreements/${id}/offers`, token, {
      method: 'POST',
      body: terms,
      headers: { 'idempotency-key': idempotencyKey },
    });
  }

  withdrawAgreement(token: string, id: string, reason: string): Promise<PlatformAgreement> {
    return this.call(this.config.CONSENT_URL, `/v1/agreements/${id}/withdraw`, token, {
      method: 'POST',
      body: { reason },
    });
  }

  agreement(token: string, id: string): Promise<PlatformAgreement> {
    return this.call(this.config.CONSENT_URL, `/v1/agreements/${id}`, token);
  }

  openTransfer(
    token: string,
    agreementId: string,
    reference: string,
  ): Promise<{ id: string; token: string; endpoint: string; state: string }> {
    return this.call(this.config.INTEGRATION_URL, '/v1/transfers', token, {
      method: 'POST',
      body: { agreementId, reference },
    });
  }

  transferCommand(
    token: string,
    grantId: string,
    command: 'suspend' | 'resume' | 'complete' | 'terminate',
    reason?: string,
  ): Promise<{ state: string }> {
    return this.call(this.config.INTEGRATION_URL, `/v1/transfers/${grantId}/${command}`, token, {
      method: 'POST',
      body: reason ? { reason: reason.slice(0, 500) } : {},
    });
  }

  async licences(token: string): Promise<Map<string, string>> {
    const list: { items: Array<{ code: string; uri: string }> } = await this.call(
      this.config.CATALOG_URL,
      '/v1/licences',
      token,
    );
    return new Map(list.items.map((l) => [l.code, l.uri]));
  }

  private async call<T>(
    base: string,
    path: string,
    token: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${base.replace(/\/$/, '')}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new AppError(
        'unavailable',
        'DSP.PLATFORM_UNAVAILABLE',
        `${base} did not answer: ${(err as Error).message}`,
      );
    }
    const text = await res.text();
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (res.ok) return body as T;
    if (res.status >= 500 || res.status === 429)
      throw new AppError(
        'unavailable',
        'DSP.PLATFORM_UNAVAILABLE',
        `${base} answered ${res.status}`,
      );
    throw new PlatformRefusal(
      res.status,
      typeof body.code === 'string' ? body.code : `HTTP.${res.status}`,
      typeof body.detail === 'string' ? body.detail : res.statusText,
      Array.isArray(body.errors) ? (body.errors as PlatformRefusal['errors']) : [],
    );
  }
}
