import { DxApiError, DxClient, ok } from './client';
import { TokenSource } from './tokens';

/*
 * The client's own logic against a scripted fetch (what it sends, how it reacts to each answer).
 * The same client runs against the real services in the e2e tier and in the Almaty demo.
 */

interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string;
}

type Script = (req: Sent, n: number) => Response | Promise<Response> | 'network-error';

function scripted(script: Script): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    const body = init?.body ? await new Response(init.body).text() : '';
    const req = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
    };
    sent.push(req);
    const out = await script(req, sent.length);
    if (out === 'network-error') throw new TypeError('fetch failed');
    return out;
  }) as typeof fetch;
  return { fetch: fetchFn, sent };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': status >= 400 ? 'application/problem+json' : 'application/json',
      ...headers,
    },
  });

const token = (n: number, expiresIn = 300): Response =>
  json(200, { access_token: `t${n}`, token_type: 'Bearer', expires_in: expiresIn });

const urls = {
  catalog: 'http://catalog.test',
  consent: 'http://consent.test',
  integration: 'http://integration.test',
  trust: 'http://trust.test',
  insights: 'http://insights.test',
};
const credentials = { clientId: 'c1', clientSecret: 's'.repeat(24) };
const fast = { baseDelayMs: 1, maxDelayMs: 5 };

describe('tokens', () => {
  it('asks once for concurrent calls and renews before the token expires', async () => {
    let now = 0;
    let issued = 0;
    const { fetch } = scripted(() => token(++issued, 120));
    const tokens = new TokenSource('http://catalog.test/oauth/token', fetch, 60, () => now);
    const first = await Promise.all([1, 2, 3].map(() => tokens.token(credentials)));
    expect(first).toEqual(['t1', 't1', 't1']);
    now = 59_000;
    expect(await tokens.token(credentials)).toBe('t1');
    // 60 s before its 120 s lifetime ends, the next call gets a new one.
    now = 60_001;
    expect(await tokens.token(credentials)).toBe('t2');
  });

  it('sends the client credentials grant as a form', async () => {
    const { fetch, sent } = scripted(() => token(1));
    await new TokenSource('http://catalog.test/oauth/token', fetch).token(credentials);
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/oauth/token' });
    expect(Object.fromEntries(new URLSearchParams(sent[0].body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'c1',
      client_secret: credentials.clientSecret,
    });
  });
});

describe('calls', () => {
  it('retries a create after a 503 with the same Idempotency-Key and the same body', async () => {
    const { fetch, sent } = scripted((req, n) => {
      if (req.path === '/oauth/token') return token(n);
      return sent.filter((s) => s.path === '/v1/agreements').length === 1
        ? json(503, { code: 'SERVICE.DEPENDENCY_UNAVAILABLE' }, { 'retry-after': '0' })
        : json(201, { id: 'a1', state: 'REQUESTED' });
    });
    const dx = new DxClient({ baseUrls: urls, credentials, fetch, retry: fast });
    const created = await ok(
      dx.consent.POST('/v1/agreements', { body: { datasetId: 'd1' } as never }),
    );
    expect(created).toMatchObject({ id: 'a1' });
    const posts = sent.filter((s) => s.path === '/v1/agreements');
    expect(posts).toHaveLength(2);
    expect(posts[0].headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1].headers['idempotency-key']).toBe(posts[0].headers['idempotency-key']);
    expect(posts[1].body).toBe(posts[0].body);
    expect(posts[0].headers.authorization).toBe('Bearer t1');
  });

  it('does not resend a POST that takes no Idempotency-Key after a lost connection', async () => {
    const { fetch, sent } = scripted((req, n) =>
      req.path === '/oauth/token' ? token(n) : 'network-error',
    );
    const dx = new DxClient({ baseUrls: urls, credentials, fetch, retry: fast });
    await expect(
      dx.consent.POST('/v1/agreements/{id}/benefits', {
        params: { path: { id: 'a1' } },
        body: {} as never,
      }),
    ).rejects.toThrow('fetch failed');
    expect(sent.filter((s) => s.path.endsWith('/benefits'))).toHaveLength(1);
    expect(sent.find((s) => s.path.endsWith('/benefits'))!.headers).not.toHaveProperty(
      'idempotency-key',
    );
  });

  it('retries a read after a lost connection, at most the configured attempts', async () => {
    const { fetch, sent } = scripted((req, n) =>
      req.path === '/oauth/token' ? token(n) : 'network-error',
    );
    const dx = new DxClient({
      baseUrls: urls,
      credentials,
      fetch,
      retry: { ...fast, attempts: 3 },
    });
    await expect(dx.catalog.GET('/v1/licences')).rejects.toThrow('fetch failed');
    expect(sent.filter((s) => s.path === '/v1/licences')).toHaveLength(3);
  });

  it('gets a new token once when the API refuses the held one', async () => {
    let tokens = 0;
    const { fetch, sent } = scripted((req) => {
      if (req.path === '/oauth/token') return token(++tokens);
      return req.headers.authorization === 'Bearer t1'
        ? json(401, { code: 'AUTH.INVALID_TOKEN' })
        : json(200, { items: [] });
    });
    const dx = new DxClient({ baseUrls: urls, credentials, fetch, retry: fast });
    expect(await ok(dx.catalog.GET('/v1/licences'))).toEqual({ items: [] });
    expect(sent.map((s) => `${s.path} ${s.headers.authorization ?? ''}`)).toEqual([
      '/oauth/token ',
      '/v1/licences Bearer t1',
      '/oauth/token ',
      '/v1/licences Bearer t2',
    ]);
  });

  it('turns a refusal into a DxApiError carrying the problem document', async () => {
    const { fetch } = scripted((req, n) =>
      req.path === '/oauth/token'
        ? token(n)
        : json(404, { code: 'DATASET.NOT_FOUND', detail: 'no dataset d9' }),
    );
    const dx = new DxClient({ baseUrls: urls, credentials, fetch, retry: fast });
    const err = await ok(
      dx.catalog.GET('/v1/datasets/{id}', { params: { path: { id: 'd9' } } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DxApiError);
    expect(err).toMatchObject({ status: 404, problem: { code: 'DATASET.NOT_FOUND' } });
  });
});

describe('lists and deliveries', () => {
  it('walks every page of a list, asking for the next only when needed', async () => {
    const pages: Record<string, unknown> = {
      '': { items: [{ id: 1 }, { id: 2 }], nextCursor: 'c2' },
      c2: { items: [{ id: 3 }], nextCursor: null },
    };
    const { fetch, sent } = scripted((req, n) => {
      if (req.path === '/oauth/token') return token(n);
      const cursor = req.query.get('cursor') ?? '';
      return json(200, pages[cursor]);
    });
    const dx = new DxClient({ baseUrls: urls, credentials, fetch, retry: fast });
    const seen: unknown[] = [];
    for await (const d of dx.paginate((cursor) =>
      dx.catalog.GET('/v1/datasets', { params: { query: { cursor } as never } }),
    ))
      seen.push(d);
    expect(seen).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(sent.filter((s) => s.path === '/v1/datasets')).toHaveLength(2);
  });

  it('streams records as NDJSON and resends an array with the same delivery id after a 503', async () => {
    const { fetch, sent } = scripted((req, n) => {
      if (req.path === '/oauth/token') return token(n);
      return sent.filter((s) => s.path.endsWith('/deliveries')).length === 1
        ? json(503, { code: 'SERVICE.DEPENDENCY_UNAVAILABLE' })
        : json(201, { deliveryId: 'k1', status: 'accepted' });
    });
    const dx = new DxClient({ baseUrls: urls, credentials, fetch, retry: fast });
    const receipt = await dx.deliver('d1', [{ a: 1 }, { a: 2 }], { deliveryId: 'k1' });
    expect(receipt).toMatchObject({ deliveryId: 'k1', status: 'accepted' });
    const posts = sent.filter((s) => s.path === '/v1/datasets/d1/deliveries');
    expect(posts.map((p) => [p.headers['idempotency-key'], p.body])).toEqual([
      ['k1', '{"a":1}\n{"a":2}\n'],
      ['k1', '{"a":1}\n{"a":2}\n'],
    ]);
    expect(posts[0].headers['content-type']).toBe('application/x-ndjson');
  });

  it('does not resend a one-shot stream of records', async () => {
    const { fetch, sent } = scripted((req, n) =>
      req.path === '/oauth/token'
        ? token(n)
        : json(503, { code: 'SERVICE.DEPENDENCY_UNAVAILABLE' }),
    );
    const dx = new DxClient({ baseUrls: urls, credentials, fetch, retry: fast });
    async function* once() {
      yield await Promise.resolve({ a: 1 });
    }
    await expect(dx.deliver('d1', once())).rejects.toMatchObject({ status: 503 });
    expect(sent.filter((s) => s.path.endsWith('/deliveries'))).toHaveLength(1);
  });
});
