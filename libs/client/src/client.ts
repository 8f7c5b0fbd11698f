import { randomUUID } from 'node:crypto';
import createClient, { type Client } from 'openapi-fetch';
import type { paths as CatalogPaths } from './generated/catalog';
import type { paths as ConsentPaths } from './generated/consent';
import type { paths as InsightsPaths } from './generated/insights';
import type { components as IntegrationComponents } from './generated/integration';
import type { paths as IntegrationPaths } from './generated/integration';
import type { paths as TrustPaths } from './generated/trust';
import { TokenSource, type Credentials } from './tokens';
import { DEFAULT_RETRY, transport, type RetryPolicy, type Service } from './transport';

export type DeliveryReceipt = IntegrationComponents['schemas']['DeliveryReceipt'];

export interface DxClientOptions {
  /** Where each service answers, e.g. `{ catalog: 'http://127.0.0.1:3001', … }` or one gateway. */
  baseUrls: Record<Service, string>;
  /** The client's own credentials; without them calls are anonymous (public endpoints only). */
  credentials?: Credentials;
  /** Renew a token this long before it expires (default 60 s). */
  refreshMarginSeconds?: number;
  retry?: Partial<RetryPolicy>;
  /** Another fetch (instrumented, proxied); the global one by default. */
  fetch?: typeof fetch;
}

/** A failed call: the status and the RFC 9457 problem document the API answered. */
export class DxApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; detail?: string; errors?: unknown[] } & Record<
      string,
      unknown
    >,
    what: string,
  ) {
    super(`${what} → ${status} ${problem.code ?? ''} ${problem.detail ?? ''}`.trim());
    this.name = 'DxApiError';
  }
}

/** What openapi-fetch answers: the body on success, the problem document otherwise. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The data of a call, or a {@link DxApiError} with the problem document:
 * `const dataset = await ok(dx.catalog.GET('/v1/datasets/{id}', { params: { path: { id } } }))`.
 */
export async function ok<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    throw new DxApiError(
      response.status,
      (error ?? {}) as DxApiError['problem'],
      `${response.url ? new URL(response.url).pathname : 'call'}`,
    );
  }
  return data as T;
}

/** One page of any list of the API. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a cursor-paged list, page after page, asking for the next page only when the
 * caller has used the previous one:
 * `for await (const d of dx.paginate((cursor) => dx.catalog.GET('/v1/datasets', { params: { query: { cursor } } })))`.
 */
export async function* paginate<T>(
  page: (cursor: string | undefined) => Promise<FetchResult<Page<T>>>,
): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const p = await ok(page(cursor));
    yield* p.items;
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
}

/** Records to deliver: re-iterable ones (an array, a function) can be sent again on a retry. */
export type RecordSource =
  readonly unknown[] | (() => Iterable<unknown> | AsyncIterable<unknown>) | AsyncIterable<unknown>;

/**
 * The platform's partner API, typed from its published OpenAPI documents (docs/openapi): one
 * openapi-fetch client per service, all sharing the credentials, the token cache and the retry
 * policy. `as(credentials)` acts as another client with the same settings.
 */
export class DxClient {
  readonly catalog: Client<CatalogPaths>;
  readonly consent: Client<ConsentPaths>;
  readonly integration: Client<IntegrationPaths>;
  readonly trust: Client<TrustPaths>;
  readonly insights: Client<InsightsPaths>;
  private readonly fetchFn: typeof fetch;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly opts: DxClientOptions,
    private readonly tokens = new TokenSource(
      `${opts.baseUrls.catalog.replace(/\/$/, '')}/oauth/token`,
      opts.fetch ?? ((...a) => globalThis.fetch(...a)),
      opts.refreshMarginSeconds,
    ),
  ) {
    this.fetchFn = opts.fetch ?? ((...a) => globalThis.fetch(...a));
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- openapi-fetch's own bound on `paths`
    const make = <P extends {}>(service: Service): Client<P> =>
      createClient<P>({
        baseUrl: opts.baseUrls[service].replace(/\/$/, ''),
        fetch: transport({
          service,
          credentials: opts.credentials,
          tokens: this.tokens,
          fetchFn: this.fetchFn,
          retry: this.retry,
          newKey: randomUUID,
        }),
      });
    this.catalog = make<CatalogPaths>('catalog');
    this.consent = make<ConsentPaths>('consent');
    this.integration = make<IntegrationPaths>('integration');
    this.trust = make<TrustPaths>('trust');
    this.insights = make<InsightsPaths>('insights');
  }

  /** The same platform as another client (its own token, the shared cache and settings). */
  as(credentials: Credentials): DxClient {
    return new DxClient({ ...this.opts, credentials }, this.tokens);
  }

  /** An access token of this client, valid for at least the refresh margin. */
  token(): Promise<string> {
    if (!this.opts.credentials) throw new Error('this client has no credentials');
    return this.tokens.token(this.opts.credentials);
  }

  readonly paginate = paginate;

  /**
   * Delivers records to a dataset as NDJSON, streamed: records are serialised as the request body
   * is sent, never held all at once. The delivery id (Idempotency-Key) is `deliveryId` or a new
   * one; a lost connection or a 503 is retried with it when the records can be read again (an
   * array or a function), so the platform applies the delivery once.
   */
  async deliver(
    datasetId: string,
    records: RecordSource,
    opts: { deliveryId?: string } = {},
  ): Promise<DeliveryReceipt> {
    const key = opts.deliveryId ?? randomUUID();
    const again = typeof records === 'function' || Array.isArray(records);
    const url = `${this.opts.baseUrls.integration.replace(/\/$/, '')}/v1/datasets/${encodeURIComponent(datasetId)}/deliveries`;
    for (let attempt = 1; ; attempt++) {
      const token = this.opts.credentials ? await this.token() : undefined;
      let res: Response;
      try {
        res = await this.fetchFn(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-ndjson',
            'idempotency-key': key,
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: ndjson(records),
          // Node's fetch sends a stream body only half-duplex.
          duplex: 'half',
        });
      } catch (err) {
        if (!again || attempt >= this.retry.attempts) throw err;
        await pause(this.retry, attempt);
        continue;
      }
      const text = await res.text();
      const body = (text ? JSON.parse(text) : {}) as DeliveryReceipt & DxApiError['problem'];
      if (res.status === 201) return body;
      if ([429, 502, 503, 504].includes(res.status) && again && attempt < this.retry.attempts) {
        await pause(this.retry, attempt);
        continue;
      }
      throw new DxApiError(res.status, body, `delivery ${key} to ${datasetId}`);
    }
  }
}

function pause(p: RetryPolicy, attempt: number): Promise<void> {
  return new Promise((r) =>
    setTimeout(r, Math.min(p.baseDelayMs * 2 ** (attempt - 1), p.maxDelayMs)),
  );
}

/** The records as an NDJSON byte stream, one line per record, produced as it is read. */
function ndjson(records: RecordSource): ReadableStream<Uint8Array> {
  const source = typeof records === 'function' ? records() : records;
  const encoder = new TextEncoder();
  const iterator = (async function* () {
    for await (const r of source as AsyncIterable<unknown>)
      yield encoder.encode(`${JSON.stringify(r)}\n`);
  })();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });
}
