import { createEnvelope, Topics, TrustScoreUpdatedV1, type EventEnvelope } from '@dx/contracts';
import { produceRaw, waitFor } from '@dx/testing';
import {
  CatalogHarness,
  datasetBody,
  presenceSchema,
  type HttpResult,
  type RegisteredParticipant,
} from '../../test/catalog-harness';

/*
 * Datasets and record schema versions against the real database and broker: creation, visibility,
 * lifecycle, metadata changes, compatibility classification with notice, refusals that name every
 * field, concurrency and idempotency, and the provider trust tier fed from trust.score.v1.
 */
let h: CatalogHarness;
let telecom: RegisteredParticipant;
let city: RegisteredParticipant;

type Dataset = Record<string, unknown> & { id: string; version: number; status: string };
const DAY = 86_400_000;

async function createDataset(
  owner: RegisteredParticipant,
  overrides: Record<string, unknown> = {},
): Promise<Dataset> {
  const res = await h.call<Dataset>('POST', '/v1/datasets', {
    token: owner.token,
    body: datasetBody(overrides),
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

function paths(res: HttpResult): string[] {
  return ((res.body.errors ?? []) as Array<{ path: string }>).map((e) => e.path).sort();
}

beforeAll(async () => {
  h = await CatalogHarness.start({ SCHEMA_NOTICE_DAYS: '14' });
  telecom = await h.registerParticipant({ name: 'Telecom (synthetic)' });
  city = await h.registerParticipant({
    name: 'City digitalization department (synthetic)',
    kind: 'municipality',
  });
});

afterAll(async () => {
  await h?.close();
});

describe('creating a dataset', () => {
  it('creates a draft owned by the caller, visible only to it and operators, with a created event', async () => {
    const res = await h.call<Dataset>('POST', '/v1/datasets', {
      token: telecom.token,
      body: datasetBody(),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/datasets/${res.body.id}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toEqual(
      expect.objectContaining({
        status: 'draft',
        version: 1,
        latestSchemaVersion: 1,
        provider: expect.objectContaining({ id: telecom.id, kind: 'business', trustTier: null }),
        currentSchema: expect.objectContaining({
          version: 1,
          primaryKey: ['district', 'hour'],
          timeField: 'hour',
        }),
      }),
    );
    const id = res.body.id;
    expect((await h.call('GET', `/v1/datasets/${id}`, { token: city.token })).status).toBe(404);
    expect((await h.call('GET', `/v1/datasets/${id}`, { token: telecom.token })).status).toBe(200);
    expect(
      (await h.call('GET', `/v1/datasets/${id}`, { token: await h.operatorToken() })).status,
    ).toBe(200);
    const [created] = await h.publishedEvents(Topics.catalogDataset, id);
    expect(created.type).toBe('catalog.dataset.created');
    expect(created.data).toEqual(
      expect.objectContaining({
        dataset: expect.objectContaining({
          datasetId: id,
          providerId: telecom.id,
          status: 'draft',
        }),
        actor: { subject: telecom.id, role: 'participant' },
        schemaVersion: expect.objectContaining({ version: 1, primaryKey: ['district', 'hour'] }),
      }),
    );
  });

  it('names every invalid field in one 400', async () => {
    const res = await h.call('POST', '/v1/datasets', {
      token: telecom.token,
      body: datasetBody({
        title: '',
        themes: ['WEATHER'],
        updateFrequency: 'hourly',
        sensitivity: 'secret',
        contactPoint: { name: 'x', email: 'not-an-email' },
        temporalCoverage: { start: '01.01.2024' },
      }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect([...new Set(paths(res))]).toEqual(
      [
        'contactPoint.email',
        'sensitivity',
        'temporalCoverage.start',
        'themes',
        'title',
        'updateFrequency',
      ].sort(),
    );
  });

  it('refuses an unknown licence and public listing of personal data, naming both', async () => {
    const res = await h.call('POST', '/v1/datasets', {
      token: telecom.token,
      body: datasetBody({
        licence: 'WTFPL',
        sensitivity: 'personal',
        visibility: 'public',
        recordSchema: { ...presenceSchema(), subjectField: 'district' },
      }),
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['licence', 'visibility']);
  });

  it('refuses fields a provider must not set (mass assignment)', async () => {
    const res = await h.call('POST', '/v1/datasets', {
      token: telecom.token,
      body: {
        ...datasetBody(),
        providerId: city.id,
        status: 'published',
        trustTier: 'High',
        version: 9,
      },
    });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual(['providerId', 'status', 'trustTier', 'version']);
    const rows = await h.sql(`SELECT 1 FROM catalog.datasets WHERE provider_id = $1`, [city.id]);
    expect(rows).toHaveLength(0);
  });

  it.each([
    [
      'a document that breaks the meta-schema',
      { type: 'object', properties: { id: { type: 'text' } }, required: ['id'] },
      'SCHEMA.INVALID',
      'schema/properties/id/type',
    ],
    [
      'a remote $ref',
      {
        type: 'object',
        properties: { id: { $ref: 'http://169.254.169.254/latest' } },
        required: ['id'],
      },
      'SCHEMA.EXTERNAL_REFERENCE',
      'schema/properties/id/$ref',
    ],
  ])('answers 422 to %s, with the finding', async (_name, schema, code, path) => {
    const res = await h.call('POST', '/v1/datasets', {
      token: telecom.token,
      body: datasetBody({ recordSchema: { schema, primaryKey: ['id'] } }),
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
    expect(paths(res)).toContain(path);
  });

  it('answers 422 when a personal dataset has no subject field, and 413 for a schema over 256 KiB', async () => {
    const personal = await h.call('POST', '/v1/datasets', {
      token: telecom.token,
      body: datasetBody({ sensitivity: 'personal', visibility: 'participants' }),
    });
    expect(personal.status).toBe(422);
    expect(paths(personal)).toEqual(['subjectField']);
    const huge = presenceSchema();
    (huge.schema as Record<string, unknown>).description = 'x'.repeat(300 * 1024);
    const big = await h.call('POST', '/v1/datasets', {
      token: telecom.token,
      body: datasetBody({ recordSchema: huge }),
    });
    expect(big.status).toBe(413);
  });

  it('replays a create with the same Idempotency-Key instead of creating twice', async () => {
    const key = `create-${Date.now()}`;
    const body = datasetBody({ title: 'Idempotent dataset (synthetic)' });
    const first = await h.call<Dataset>('POST', '/v1/datasets', {
      token: telecom.token,
      body,
      headers: { 'idempotency-key': key },
    });
    const again = await h.call<Dataset>('POST', '/v1/datasets', {
      token: telecom.token,
      body,
      headers: { 'idempotency-key': key },
    });
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const rows = await h.sql(
      `SELECT id FROM catalog.datasets WHERE title = 'Idempotent dataset (synthetic)'`,
    );
    expect(rows).toHaveLength(1);
  });
});

describe('lifecycle and metadata', () => {
  it('goes draft → published → deprecated → withdrawn with reasons and one event per step', async () => {
    const d = await createDataset(telecom);
    const publish = await h.call<Dataset>('POST', `/v1/datasets/${d.id}/publish`, {
      token: telecom.token,
      body: {},
    });
    expect(publish.status).toBe(200);
    expect(publish.body).toEqual(
      expect.objectContaining({ status: 'published', publishedAt: expect.any(String) }),
    );
    expect((await h.call('GET', `/v1/datasets/${d.id}`, { token: city.token })).status).toBe(200);

    const again = await h.call('POST', `/v1/datasets/${d.id}/publish`, {
      token: telecom.token,
      body: {},
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual(
      expect.objectContaining({
        status: 409,
        currentStatus: 'published',
        allowedTransitions: ['deprecate', 'withdraw'],
      }),
    );

    const noReason = await h.call('POST', `/v1/datasets/${d.id}/deprecate`, {
      token: telecom.token,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(paths(noReason)).toEqual(['reason']);
    expect(
      (
        await h.call('POST', `/v1/datasets/${d.id}/deprecate`, {
          token: telecom.token,
          body: { reason: 'replaced by a 15-minute series' },
        })
      ).status,
    ).toBe(200);
    const withdrawn = await h.call<Dataset>('POST', `/v1/datasets/${d.id}/withdraw`, {
      token: await h.operatorToken(),
      body: { reason: 'court order (synthetic)' },
    });
    expect(withdrawn.body).toEqual(
      expect.objectContaining({ status: 'withdrawn', statusReason: 'court order (synthetic)' }),
    );
    const edit = await h.call('PATCH', `/v1/datasets/${d.id}`, {
      token: telecom.token,
      body: { title: 'Too late' },
    });
    expect(edit.status).toBe(409);

    const events = await h.publishedEvents(Topics.catalogDataset, d.id);
    expect(events.map((e) => e.type)).toEqual([
      'catalog.dataset.created',
      'catalog.dataset.published',
      'catalog.dataset.deprecated',
      'catalog.dataset.withdrawn',
    ]);
    expect(events[3].data).toEqual(
      expect.objectContaining({
        reason: 'court order (synthetic)',
        actor: { subject: 'platform-operator', role: 'operator' },
      }),
    );
  });

  it("lets only the provider or an operator change a dataset: 403 on another's published one, 404 on its draft", async () => {
    const published = await createDataset(telecom);
    await h.call('POST', `/v1/datasets/${published.id}/publish`, {
      token: telecom.token,
      body: {},
    });
    const draft = await createDataset(telecom);
    expect(
      (
        await h.call('PATCH', `/v1/datasets/${published.id}`, {
          token: city.token,
          body: { title: 'Hijacked' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call('PATCH', `/v1/datasets/${draft.id}`, {
          token: city.token,
          body: { title: 'Hijacked' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await h.call('POST', `/v1/datasets/${draft.id}/publish`, { token: city.token, body: {} }))
        .status,
    ).toBe(404);
    const byOperator = await h.call('PATCH', `/v1/datasets/${published.id}`, {
      token: await h.operatorToken(),
      body: { keywords: ['population', 'presence'] },
    });
    expect(byOperator.status).toBe(200);
  });

  it('updates metadata under If-Match, emits the changed fields, and answers 412 when stale', async () => {
    const d = await createDataset(telecom);
    const ok = await h.call<Dataset>('PATCH', `/v1/datasets/${d.id}`, {
      token: telecom.token,
      body: {
        description: 'People present per district and hour.',
        keywords: ['population'],
        title: d.title,
      },
      headers: { 'if-match': '"1"' },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await h.call('PATCH', `/v1/datasets/${d.id}`, {
      token: telecom.token,
      body: { description: 'lost update' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    const events = await h.publishedEvents(Topics.catalogDataset, d.id);
    expect(events.map((e) => e.type)).toEqual([
      'catalog.dataset.created',
      'catalog.dataset.updated',
    ]);
    expect((events[1].data as { changedFields: string[] }).changedFields.sort()).toEqual([
      'description',
      'keywords',
    ]);
    const get = await h.call<Dataset>('GET', `/v1/datasets/${d.id}`, { token: telecom.token });
    expect(get.body.description).toBe('People present per district and hour.');
  });

  it('keeps Kazakh and Russian metadata, replaces it on PATCH, finds it by search and refuses other languages', async () => {
    const kk = {
      title: 'Аудандар бойынша жаяу жүргіншілер ағыны',
      description: 'Әр аудандағы сағат сайынғы жаяу жүргіншілер саны.',
      keywords: ['жаяужүргіншілер'],
    };
    const ru = { title: 'Пешеходный поток по районам', description: 'Число пешеходов в час.' };
    const d = await createDataset(telecom, { translations: { kk, ru } });
    expect(d.translations).toEqual({ kk, ru });
    const created = await h.publishedEvents(Topics.catalogDataset, d.id);
    expect(
      (created[0].data as { dataset: { translations: unknown } }).dataset.translations,
    ).toEqual({ kk, ru });
    await h.call('POST', `/v1/datasets/${d.id}/publish`, { token: telecom.token, body: {} });
    const found = await h.call<{ items: Array<{ id: string }> }>(
      'GET',
      `/v1/datasets?q=${encodeURIComponent('жаяужүргіншілер')}`,
      { token: city.token },
    );
    expect(found.body.items.map((i) => i.id)).toEqual([d.id]);
    // A PATCH replaces the translations as a whole: Russian only now.
    const patched = await h.call<Dataset>('PATCH', `/v1/datasets/${d.id}`, {
      token: telecom.token,
      body: { translations: { ru } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.translations).toEqual({ ru });
    const updated = await h.publishedEvents(Topics.catalogDataset, d.id);
    expect((updated[updated.length - 1].data as { changedFields: string[] }).changedFields).toEqual(
      ['translations'],
    );
    const gone = await h.call<{ items: unknown[] }>(
      'GET',
      `/v1/datasets?q=${encodeURIComponent('жаяужүргіншілер')}`,
      { token: city.token },
    );
    expect(gone.body.items).toEqual([]);
    // Unknown languages, a missing title and an over-long keyword are each named.
    const bad = await h.call('PATCH', `/v1/datasets/${d.id}`, {
      token: telecom.token,
      body: {
        translations: {
          kz: kk,
          ru: { description: 'без заголовка', keywords: ['x'.repeat(61)] },
        },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(paths(bad)).toEqual(
      expect.arrayContaining([
        'translations.kz',
        'translations.ru.keywords',
        'translations.ru.title',
      ]),
    );
    const after = await h.call<Dataset>('GET', `/v1/datasets/${d.id}`, { token: telecom.token });
    expect(after.body.translations).toEqual({ ru });
  });

  it('serves ETag and 304 for an unchanged dataset', async () => {
    const d = await createDataset(telecom);
    const first = await h.call('GET', `/v1/datasets/${d.id}`, { token: telecom.token });
    const etag = first.headers.get('etag')!;
    const cached = await h.call('GET', `/v1/datasets/${d.id}`, {
      token: telecom.token,
      headers: { 'if-none-match': etag },
    });
    expect(cached.status).toBe(304);
    await h.call('PATCH', `/v1/datasets/${d.id}`, {
      token: telecom.token,
      body: { keywords: ['changed'] },
    });
    const changed = await h.call('GET', `/v1/datasets/${d.id}`, {
      token: telecom.token,
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
  });

  it('answers 404 for an unknown dataset and 400 for an id that is not a UUID', async () => {
    expect(
      (
        await h.call('GET', '/v1/datasets/5f0c3b8e-1d2a-4c6b-9e8f-7a6b5c4d3e2f', {
          token: city.token,
        })
      ).status,
    ).toBe(404);
    const bad = await h.call('GET', '/v1/datasets/42', { token: city.token });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(['id']);
  });
});

describe('schema versions', () => {
  async function published(): Promise<Dataset> {
    const d = await createDataset(telecom);
    await h.call('POST', `/v1/datasets/${d.id}/publish`, { token: telecom.token, body: {} });
    return d;
  }

  function withProperties(
    extra: Record<string, unknown>,
    required?: string[],
  ): Record<string, unknown> {
    const s = presenceSchema();
    const schema = s.schema as Record<string, unknown>;
    schema.properties = { ...(schema.properties as object), ...extra };
    if (required) schema.required = required;
    return s;
  }

  it('classifies an added optional property as compatible, in force at once', async () => {
    const d = await published();
    const res = await h.call('POST', `/v1/datasets/${d.id}/schema-versions`, {
      token: telecom.token,
      body: withProperties({ note: { type: 'string' } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/datasets/${d.id}/schema-versions/2`);
    expect(res.body).toEqual(
      expect.objectContaining({
        version: 2,
        compatibility: 'compatible',
        unannounced: false,
        differences: [
          expect.objectContaining({ change: 'property-added', path: '/properties/note' }),
        ],
      }),
    );
    const get = await h.call<{ currentSchema: { version: number } }>(
      'GET',
      `/v1/datasets/${d.id}`,
      {
        token: city.token,
      },
    );
    expect(get.body.currentSchema.version).toBe(2);
  });

  it('accepts a breaking version without notice but flags it unannounced in its event', async () => {
    const d = await published();
    const schema = presenceSchema();
    delete ((schema.schema as Record<string, unknown>).properties as Record<string, unknown>)
      .people;
    (schema.schema as Record<string, unknown>).required = ['district', 'hour'];
    const res = await h.call('POST', `/v1/datasets/${d.id}/schema-versions`, {
      token: telecom.token,
      body: schema,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({ compatibility: 'breaking', unannounced: true, noticeSeconds: 0 }),
    );
    const events = await h.publishedEvents(Topics.catalogDataset, d.id);
    const added = events.find(
      (e) => e.type === 'catalog.dataset.schema-version-added',
    ) as EventEnvelope;
    expect(added.data).toEqual(
      expect.objectContaining({
        compatibility: 'breaking',
        unannounced: true,
        previousVersion: 1,
        requiredNoticeSeconds: 14 * 86_400,
        differences: [
          expect.objectContaining({
            change: 'property-removed',
            path: '/properties/people',
            breaking: true,
          }),
        ],
        schemaVersion: expect.objectContaining({ version: 2 }),
      }),
    );
  });

  it('keeps the old version in force until an announced breaking version takes effect', async () => {
    const d = await published();
    const effectiveAt = new Date(Date.now() + 15 * DAY).toISOString();
    const res = await h.call('POST', `/v1/datasets/${d.id}/schema-versions`, {
      token: telecom.token,
      body: {
        ...withProperties({ source: { type: 'string' } }, ['district', 'hour', 'people', 'source']),
        effectiveAt,
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual(
      expect.objectContaining({
        compatibility: 'breaking',
        unannounced: false,
        effectiveAt,
        differences: [expect.objectContaining({ change: 'required-property-added' })],
      }),
    );
    const get = await h.call<{ currentSchema: { version: number }; latestSchemaVersion: number }>(
      'GET',
      `/v1/datasets/${d.id}`,
      {
        token: city.token,
      },
    );
    expect([get.body.currentSchema.version, get.body.latestSchemaVersion]).toEqual([1, 2]);
    const list = await h.call<{ items: Array<{ version: number }> }>(
      'GET',
      `/v1/datasets/${d.id}/schema-versions`,
      { token: city.token },
    );
    expect(list.body.items.map((v) => v.version)).toEqual([2, 1]);
    expect(
      (await h.call('GET', `/v1/datasets/${d.id}/schema-versions/1`, { token: city.token })).status,
    ).toBe(200);
    expect(
      (await h.call('GET', `/v1/datasets/${d.id}/schema-versions/9`, { token: city.token })).status,
    ).toBe(404);
  });

  it('refuses a version that changes the primary key to a missing field (422) and one by another participant (403)', async () => {
    const d = await published();
    const bad = await h.call('POST', `/v1/datasets/${d.id}/schema-versions`, {
      token: telecom.token,
      body: { ...presenceSchema(), primaryKey: ['cell'] },
    });
    expect(bad.status).toBe(422);
    expect(paths(bad)).toEqual(['primaryKey[0]']);
    const foreign = await h.call('POST', `/v1/datasets/${d.id}/schema-versions`, {
      token: city.token,
      body: presenceSchema(),
    });
    expect(foreign.status).toBe(403);
    const versions = await h.sql(
      `SELECT version FROM catalog.schema_versions WHERE dataset_id = $1`,
      [d.id],
    );
    expect(versions).toHaveLength(1);
  });
});

describe('provider trust tier', () => {
  it('shows the tier from trust.score.v1 beside the provider, newest computation winning', async () => {
    const d = await createDataset(city);
    const score = (tier: 'Established' | 'Low', computedAt: string) =>
      createEnvelope({
        time: new Date(),
        type: TrustScoreUpdatedV1.type,
        version: TrustScoreUpdatedV1.version,
        source: 'trust',
        subject: `${city.id}:provider`,
        data: {
          ...TrustScoreUpdatedV1.example,
          participantId: city.id,
          role: 'provider',
          tier,
          computedAt,
        },
      });
    const newer = score('Established', '2026-06-02T00:00:00.000Z');
    const older = score('Low', '2026-06-01T00:00:00.000Z');
    await produceRaw(`${h.prefix}${Topics.trustScore}`, [
      {
        key: `${city.id}:provider`,
        value: JSON.stringify(newer),
        headers: { ce_id: newer.id, ce_type: newer.type },
      },
      {
        key: `${city.id}:provider`,
        value: JSON.stringify(older),
        headers: { ce_id: older.id, ce_type: older.type },
      },
    ]);
    await waitFor(
      async () =>
        (await h.sql(`SELECT 1 FROM ${'catalog'}.inbox WHERE event_id = $1`, [older.id])).length,
      { what: 'both scores consumed' },
    );
    const get = await h.call<{ provider: { trustTier: string; trustLowerBound: number } }>(
      'GET',
      `/v1/datasets/${d.id}`,
      {
        token: city.token,
      },
    );
    expect(get.body.provider).toEqual(
      expect.objectContaining({
        trustTier: 'Established',
        trustLowerBound: TrustScoreUpdatedV1.example.lowerBound,
      }),
    );
  });
});

describe('mass assignment', () => {
  it('refuses status, ownership, version and trust fields in every catalog body', async () => {
    const d = await createDataset(telecom);
    const forbidden = { status: 'published', providerId: city.id, trustTier: 'High', version: 99 };
    const attempts: Array<[string, string, string, Record<string, unknown>]> = [
      ['PATCH', `/v1/datasets/${d.id}`, telecom.token, { title: 'Fine title', ...forbidden }],
      [
        'POST',
        `/v1/datasets/${d.id}/schema-versions`,
        telecom.token,
        { ...presenceSchema(), compatibility: 'compatible', unannounced: false, ...forbidden },
      ],
      ['POST', `/v1/datasets/${d.id}/publish`, telecom.token, forbidden],
      [
        'POST',
        `/v1/participants/${telecom.id}/standards`,
        telecom.token,
        { code: 'open-licence', participantId: city.id, adoptedAt: '2020-01-01' },
      ],
      [
        'PATCH',
        `/v1/participants/${telecom.id}`,
        await h.operatorToken(),
        { legalId: '990140001560', id: city.id, trustTier: 'High' },
      ],
    ];
    for (const [method, path, token, body] of attempts) {
      const res = await h.call(method, path, { token, body });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      const named = paths(res);
      for (const field of Object.keys(body).filter(
        (k) => !['title', 'code', 'primaryKey', 'schema', 'timeField'].includes(k),
      ))
        expect({ path, named: named.includes(field), field }).toEqual({ path, named: true, field });
    }
    const [row] = await h.sql<{ status: string; provider_id: string; version: number }>(
      `SELECT status, provider_id, version FROM catalog.datasets WHERE id = $1`,
      [d.id],
    );
    expect(row).toEqual({ status: 'draft', provider_id: telecom.id, version: 1 });
  });
});
