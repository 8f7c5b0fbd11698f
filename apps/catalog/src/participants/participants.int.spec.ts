import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Topics } from '@dx/contracts';
import { waitForLockWait } from '@dx/testing';
import {
  CatalogHarness,
  freshLegalId,
  type RegisteredParticipant,
} from '../../test/catalog-harness';

/*
 * Participants registry and identity against the real database and broker: directory, profile and
 * status changes with their events, suspension stopping token issuing, credential rotation,
 * standards, the token rate limit and signing-key rotation.
 */
let h: CatalogHarness;
let telecom: RegisteredParticipant;
let bank: RegisteredParticipant;

beforeAll(async () => {
  h = await CatalogHarness.start({ TOKEN_RATE_LIMIT_PER_CLIENT: '5' });
  telecom = await h.registerParticipant({
    name: 'Telecom (synthetic)',
    sector: 'telecommunications',
  });
  bank = await h.registerParticipant({ name: 'Bank (synthetic)', sector: 'banking' });
});

afterAll(async () => {
  await h?.close();
});

describe('directory', () => {
  it('lists public fields to every participant and contact details only to the participant itself', async () => {
    const asBank = await h.call<{ items: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/participants?limit=500',
      {
        token: bank.token,
      },
    );
    expect(asBank.status).toBe(200);
    const telecomEntry = asBank.body.items.find((p) => p.id === telecom.id);
    const bankEntry = asBank.body.items.find((p) => p.id === bank.id);
    expect(telecomEntry).toEqual(
      expect.objectContaining({
        name: 'Telecom (synthetic)',
        kind: 'business',
        legalId: telecom.legalId,
        status: 'active',
        adoptedStandards: [],
      }),
    );
    expect(telecomEntry).not.toHaveProperty('contactEmail');
    expect(bankEntry).toHaveProperty('contactEmail', `data-${bank.legalId}@example.kz`);
  });

  it('pages by name with a cursor that never repeats or skips an entry', async () => {
    for (let i = 0; i < 3; i++) await h.registerParticipant({ name: `Retailer ${i} (synthetic)` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: {
        status: number;
        body: { items: Array<{ id: string; name: string }>; nextCursor: string | null };
      } = await h.call('GET', `/v1/participants?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: bank.token,
      });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p) => p.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await h.sql<{ name: string }>(
      `SELECT name FROM catalog.participants ORDER BY name, id`,
    );
    expect(seen).toEqual(all.map((r) => r.name));
  });

  it('answers 400 naming the cursor when it was not issued by the list', async () => {
    const res = await h.call('GET', '/v1/participants?cursor=bm9wZQ', { token: bank.token });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });
});

describe('profile and status', () => {
  it('suspends with a reason: tokens stop, the event says why; reinstating restores them', async () => {
    const p = await h.registerParticipant({ name: 'Taxi aggregator (synthetic)' });
    const op = await h.operatorToken();
    const noReason = await h.call('PATCH', `/v1/participants/${p.id}`, {
      token: op,
      body: { status: 'suspended' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ path: 'statusReason' })]);

    const suspended = await h.call('PATCH', `/v1/participants/${p.id}`, {
      token: op,
      body: {
        status: 'suspended',
        statusReason: 'leaked client secret under investigation',
        sector: 'transport',
      },
      headers: { 'if-match': '"1"' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.headers.get('etag')).toBe('"2"');
    expect(suspended.body).toEqual(
      expect.objectContaining({ status: 'suspended', sector: 'transport', version: 2 }),
    );

    const refused = await h.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: p.clientId,
        client_secret: p.clientSecret,
      },
    });
    // RFC 6749 §5.2 (docs/adr/2026-12-04-production-security.md, decision 7): 400 with `error` in
    // plain JSON (our code kept beside it).
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(refused.body).toEqual(
      expect.objectContaining({
        code: 'OAUTH.PARTICIPANT_SUSPENDED',
        error: 'unauthorized_client',
        error_description: expect.any(String),
      }),
    );

    const reinstated = await h.call('PATCH', `/v1/participants/${p.id}`, {
      token: op,
      body: { status: 'active', statusReason: 'secret rotated, investigation closed' },
    });
    expect(reinstated.status).toBe(200);
    await expect(h.token(p.clientId, p.clientSecret)).resolves.toEqual(expect.any(String));

    const events = await h.publishedEvents(Topics.catalogParticipant, p.id);
    expect(events.map((e) => e.type)).toEqual([
      'catalog.participant.registered',
      'catalog.participant.updated',
      'catalog.participant.suspended',
      'catalog.participant.reinstated',
    ]);
    expect(events[1].data).toEqual(
      expect.objectContaining({ changedFields: ['sector'], sector: 'transport', version: 2 }),
    );
    expect(events[2].data).toEqual(
      expect.objectContaining({
        reason: 'leaked client secret under investigation',
        actor: { subject: 'platform-operator', role: 'operator' },
      }),
    );
  });

  it('answers 412 to a stale If-Match and changes nothing', async () => {
    const p = await h.registerParticipant();
    const res = await h.call('PATCH', `/v1/participants/${p.id}`, {
      token: await h.operatorToken(),
      body: { name: 'Renamed (synthetic)' },
      headers: { 'if-match': '"7"' },
    });
    expect(res.status).toBe(412);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const [row] = await h.sql<{ name: string; version: number }>(
      `SELECT name, version FROM catalog.participants WHERE id = $1`,
      [p.id],
    );
    expect(row).toEqual({ name: expect.not.stringContaining('Renamed'), version: 1 });
  });

  it('refuses a duplicate legalId with 409 and an invalid one with 400 naming it', async () => {
    const op = await h.operatorToken();
    const body = {
      name: 'Copy (synthetic)',
      kind: 'business',
      legalId: telecom.legalId,
      sector: 'x sector',
      contactEmail: 'a@b.kz',
    };
    const dup = await h.call('POST', '/v1/participants', { token: op, body });
    expect(dup.status).toBe(409);
    const legal = freshLegalId();
    const badCheckDigit = `${legal.slice(0, 11)}${(Number(legal[11]) + 1) % 10}`;
    const bad = await h.call('POST', '/v1/participants', {
      token: op,
      body: { ...body, legalId: badCheckDigit, kind: 'pirate', contactEmail: 'nope' },
    });
    expect(bad.status).toBe(400);
    const paths = (bad.body.errors as Array<{ path: string }>).map((e) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(['contactEmail', 'kind']));
  });

  it('answers 409, not 500, to a registration that loses the race for its legalId', async () => {
    // Another registration of the same legalId is inserted and not yet committed, so a lookup
    // before the insert sees nothing; the request's own insert waits for it.
    const legalId = freshLegalId();
    const held = h.app.app.get(DataSource).createQueryRunner();
    await held.startTransaction();
    try {
      await held.query(
        `INSERT INTO catalog.participants (id, name, kind, legal_id, sector, contact_email, status, created_at, updated_at, version)
         VALUES ($1, 'First (synthetic)', 'business', $2, 'retail', 'first@example.kz', 'active', now(), now(), 1)`,
        [randomUUID(), legalId],
      );
      const second = h.call('POST', '/v1/participants', {
        token: await h.operatorToken(),
        body: {
          name: 'Second (synthetic)',
          kind: 'business',
          legalId,
          sector: 'retail',
          contactEmail: 'second@example.kz',
        },
      });
      await waitForLockWait(
        h,
        'INSERT INTO catalog.participants',
        'the registration waiting for the uncommitted one',
      );
      await held.commitTransaction();
      const res = await second;
      expect(res.status).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        code: 'PARTICIPANT.LEGAL_ID_TAKEN',
        errors: [{ path: 'legalId', message: 'already registered' }],
      });
    } finally {
      if (held.isTransactionActive) await held.rollbackTransaction();
      await held.release();
    }
    // Nothing of the losing registration remains: no second participant, client or event.
    const rows = await h.sql<{ name: string }>(
      `SELECT name FROM catalog.participants WHERE legal_id = $1`,
      [legalId],
    );
    expect(rows).toEqual([{ name: 'First (synthetic)' }]);
    const clients = await h.sql(
      `SELECT 1 FROM catalog.oauth_clients c JOIN catalog.participants p ON p.id = c.participant_id WHERE p.legal_id = $1`,
      [legalId],
    );
    expect(clients).toEqual([]);
  });

  it('refuses status or identity fields a body must not set', async () => {
    const res = await h.call('POST', '/v1/participants', {
      token: await h.operatorToken(),
      body: {
        name: 'Sneaky (synthetic)',
        kind: 'ngo',
        legalId: freshLegalId(),
        sector: 'civil society',
        contactEmail: 'a@b.kz',
        status: 'suspended',
        id: telecom.id,
      },
    });
    expect(res.status).toBe(400);
    expect((res.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
      'id',
      'status',
    ]);
  });
});

describe('credentials', () => {
  it('rotation makes the old secret fail and the new one work; only the participant or an operator may rotate', async () => {
    const p = await h.registerParticipant();
    const other = await h.call('POST', `/v1/participants/${p.id}/credentials`, {
      token: bank.token,
    });
    expect(other.status).toBe(403);
    const rotated = await h.call<{ clientId: string; clientSecret: string }>(
      'POST',
      `/v1/participants/${p.id}/credentials`,
      {
        token: p.token,
      },
    );
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    expect(rotated.body.clientId).toBe(p.clientId);
    const old = await h.call('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: p.clientId,
        client_secret: p.clientSecret,
      },
    });
    expect(old.status).toBe(401);
    await expect(h.token(p.clientId, rotated.body.clientSecret)).resolves.toEqual(
      expect.any(String),
    );
    const [row] = await h.sql<{ secret_hash: string }>(
      `SELECT secret_hash FROM catalog.oauth_clients WHERE client_id = $1`,
      [p.clientId],
    );
    expect(row.secret_hash).toMatch(/^scrypt\$/);
    expect(row.secret_hash).not.toContain(rotated.body.clientSecret);
  });

  it('limits token requests per client with 429 and Retry-After, before checking the secret', async () => {
    const p = await h.registerParticipant();
    const attempt = () =>
      h.call('POST', '/oauth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: p.clientId,
          client_secret: 'wrong-secret-guess',
        },
      });
    // registerParticipant used one request of the five this test configures.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toEqual(
      expect.objectContaining({ code: 'OAUTH.RATE_LIMITED', error: 'slow_down' }),
    );
  });

  it('issues auditor and dashboard tokens to platform clients the operator creates', async () => {
    const auditor = await h.platformClientToken('auditor');
    const claims = JSON.parse(Buffer.from(auditor.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toEqual(
      expect.objectContaining({
        roles: ['auditor'],
        iss: 'http://catalog.test',
        aud: 'dx-platform',
      }),
    );
    const byParticipant = await h.call('POST', '/v1/platform-clients', {
      token: bank.token,
      body: { name: 'self-made auditor', roles: ['auditor'] },
    });
    expect(byParticipant.status).toBe(403);
  });

  it('rotates the signing key: new tokens carry the new kid, tokens of the old key stay valid and both keys are published', async () => {
    const before = bank.token;
    const kidOf = (t: string) =>
      (JSON.parse(Buffer.from(t.split('.')[0], 'base64url').toString()) as { kid: string }).kid;
    const rotation = await h.call<{ kid: string; retiredKid: string }>(
      'POST',
      '/v1/oauth/signing-keys/rotate',
      {
        token: await h.operatorToken(),
      },
    );
    expect(rotation.status).toBe(200);
    expect(rotation.body.retiredKid).toBe(kidOf(before));
    const after = await h.token(bank.clientId, bank.clientSecret);
    expect(kidOf(after)).toBe(rotation.body.kid);
    const jwks = await h.call<{ keys: Array<{ kid: string }> }>('GET', '/.well-known/jwks.json');
    expect(jwks.body.keys.map((k) => k.kid).sort()).toEqual([kidOf(before), kidOf(after)].sort());
    for (const token of [before, after]) {
      expect((await h.call('GET', `/v1/participants/${bank.id}`, { token })).status).toBe(200);
    }
    bank = { ...bank, token: after };
  });
});

describe('standards', () => {
  it('lists the platform standards; a participant adopts and revokes its own, with events', async () => {
    const list = await h.call<{ items: Array<{ code: string }> }>('GET', '/v1/standards', {
      token: telecom.token,
    });
    expect(list.body.items.map((s) => s.code)).toEqual(
      expect.arrayContaining([
        'city-data-charter-v1',
        'open-licence',
        'anonymisation-k5',
        'security-baseline-v1',
      ]),
    );
    const path = `/v1/participants/${telecom.id}/standards`;
    expect(
      (await h.call('POST', path, { token: telecom.token, body: { code: 'city-data-charter-v1' } }))
        .status,
    ).toBe(201);
    expect(
      (await h.call('POST', path, { token: telecom.token, body: { code: 'city-data-charter-v1' } }))
        .status,
    ).toBe(200);
    const second = await h.call('POST', path, {
      token: telecom.token,
      body: { code: 'open-licence' },
    });
    expect(second.body.adoptedStandards).toEqual(['city-data-charter-v1', 'open-licence']);
    expect(
      (await h.call('POST', path, { token: bank.token, body: { code: 'open-licence' } })).status,
    ).toBe(403);
    const unknown = await h.call('POST', path, { token: telecom.token, body: { code: 'made-up' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await h.call('DELETE', `${path}/open-licence`, { token: telecom.token })).status).toBe(
      204,
    );
    expect((await h.call('DELETE', `${path}/open-licence`, { token: telecom.token })).status).toBe(
      404,
    );

    const profile = await h.call('GET', `/v1/participants/${telecom.id}`, { token: bank.token });
    expect(profile.body.adoptedStandards).toEqual(['city-data-charter-v1']);
    const events = (await h.publishedEvents(Topics.catalogParticipant, telecom.id)).filter((e) =>
      e.type.includes('standard'),
    );
    expect(events.map((e) => [e.type, (e.data as { standardCode: string }).standardCode])).toEqual([
      ['catalog.participant.standard-adopted', 'city-data-charter-v1'],
      ['catalog.participant.standard-adopted', 'open-licence'],
      ['catalog.participant.standard-revoked', 'open-licence'],
    ]);
  });
});
