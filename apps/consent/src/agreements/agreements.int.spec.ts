import { Topics } from '@dx/contracts';
import { AdvanceDueAgreementsHandler } from './application/advance-due-agreements.handler';
import { AgreementScheduler } from '../scheduling/agreement-scheduler';
import { AgreementStore } from './domain/agreement-store';
import { DataSource, type EntityManager } from 'typeorm';
import { waitFor, waitForLockWait } from '@dx/testing';
import { ConsentHarness } from '../../test/consent-harness';

/*
 * Agreements over HTTP between two participants' tokens, against the real database and broker:
 * negotiation with a counter-offer to ACTIVE, amendment, notice and termination, expiry by moving
 * the clock, idempotency and stale versions, refusals naming the field, who may see and do what,
 * and the events on consent.agreement.v1.
 */
const DAY = 86_400_000;
let h: ConsentHarness;
let telecom: { id: string; token: string };
let city: { id: string; token: string };
let stranger: { id: string; token: string };
let datasetId: string;

type Agreement = {
  id: string;
  state: string;
  version: number;
  currentTermVersion: number | null;
  latestTermVersion: number;
  termVersions: Array<{
    version: number;
    terms: { fields: string[]; deliveryFrequency: string; validTo: string };
  }>;
  notice?: { noticeRespected: boolean };
  transitions?: Array<{ event: string }>;
};

const iso = (ms: number): string => new Date(ms).toISOString();

function request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    datasetId,
    purpose: 'urban-planning',
    purposeDescription: 'Plan bus routes from where people are during the day.',
    legalBasis: 'City data charter, voluntary agreement',
    fields: ['district', 'hour', 'people', 'note'],
    deliveryFrequency: 'PT1H',
    validFrom: iso(h.clock.now().getTime() - DAY),
    validTo: iso(h.clock.now().getTime() + 365 * DAY),
    retentionDays: 90,
    ...overrides,
  };
}

async function negotiateToActive(): Promise<Agreement> {
  const created = await h.call<Agreement>('POST', '/v1/agreements', {
    token: city.token,
    body: request(),
  });
  const id = created.body.id;
  await h.call('POST', `/v1/agreements/${id}/accept`, {
    token: city.token,
    body: { termVersion: 1 },
  });
  const agreed = await h.call<Agreement>('POST', `/v1/agreements/${id}/accept`, {
    token: telecom.token,
    body: { termVersion: 1 },
  });
  expect(agreed.body.state).toBe('ACTIVE');
  return agreed.body;
}

beforeAll(async () => {
  h = await ConsentHarness.start();
  telecom = await h.participant();
  city = await h.participant();
  stranger = await h.participant();
  datasetId = await h.publishDataset(telecom.id);
});

afterAll(async () => {
  await h?.close();
});

describe('negotiation', () => {
  it('goes REQUESTED → OFFERED (counter-offer) → ACCEPTED → AGREED → ACTIVE, one event per transition', async () => {
    const created = await h.call<Agreement>('POST', '/v1/agreements', {
      token: city.token,
      body: request({ fields: ['people'] }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    // The primary key is always part of the allowed fields.
    expect(created.body.termVersions[0].terms.fields).toEqual(['district', 'hour', 'people']);
    const id = created.body.id;

    const counter = await h.call<Agreement>('POST', `/v1/agreements/${id}/offers`, {
      token: telecom.token,
      body: { deliveryFrequency: 'P1D', fields: ['district', 'people'] },
      headers: { 'if-match': '"1"' },
    });
    expect(counter.status).toBe(200);
    expect(counter.body).toEqual(
      expect.objectContaining({ state: 'OFFERED', latestTermVersion: 2 }),
    );
    expect(counter.body.termVersions[1].terms).toEqual(
      expect.objectContaining({ deliveryFrequency: 'P1D', fields: ['district', 'hour', 'people'] }),
    );

    const stale = await h.call('POST', `/v1/agreements/${id}/accept`, {
      token: city.token,
      body: { termVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual(expect.objectContaining({ code: 'AGREEMENT.STALE_TERMS' }));

    expect(
      (
        await h.call<Agreement>('POST', `/v1/agreements/${id}/accept`, {
          token: city.token,
          body: { termVersion: 2 },
        })
      ).body.state,
    ).toBe('ACCEPTED');
    const active = await h.call<Agreement>('POST', `/v1/agreements/${id}/accept`, {
      token: telecom.token,
      body: { termVersion: 2 },
    });
    expect(active.body).toEqual(
      expect.objectContaining({ state: 'ACTIVE', currentTermVersion: 2 }),
    );

    const events = await h.publishedEvents(id, Topics.consentAgreement);
    expect(events.map((e) => e.type.replace('consent.agreement.', ''))).toEqual([
      'requested',
      'offered',
      'accepted',
      'accepted',
      'agreed',
      'activated',
    ]);
    expect(events[4].data).toEqual(
      expect.objectContaining({
        state: 'AGREED',
        previousState: 'ACCEPTED',
        termVersion: 2,
        acceptedBy: ['consumer', 'provider'],
      }),
    );
    // One aggregate version per command, and each transition's place within it: the provider's
    // acceptance made three transitions, so replicas can tell which of them came last.
    expect(
      events.map((e) => {
        const d = e.data as { version: number; step: number };
        return [d.version, d.step];
      }),
    ).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [4, 2],
      [4, 3],
    ]);
    const full = await h.call<Agreement>('GET', `/v1/agreements/${id}`, { token: city.token });
    expect(full.body.transitions?.map((t) => t.event)).toEqual(events.map((e) => e.type));
  });

  it('answers 409 with the allowed transitions, 412 to a stale If-Match, and replays an accept with the same key', async () => {
    const created = await h.call<Agreement>('POST', '/v1/agreements', {
      token: city.token,
      body: request(),
    });
    const id = created.body.id;
    const wrongVersion = await h.call('POST', `/v1/agreements/${id}/accept`, {
      token: city.token,
      body: { termVersion: 1 },
      headers: { 'if-match': '"9"' },
    });
    expect(wrongVersion.status).toBe(412);
    const key = `accept-${id}`;
    const first = await h.call<Agreement>('POST', `/v1/agreements/${id}/accept`, {
      token: city.token,
      body: { termVersion: 1 },
      headers: { 'idempotency-key': key },
    });
    const again = await h.call<Agreement>('POST', `/v1/agreements/${id}/accept`, {
      token: city.token,
      body: { termVersion: 1 },
      headers: { 'idempotency-key': key },
    });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    await h.call('POST', `/v1/agreements/${id}/reject`, {
      token: telecom.token,
      body: { reason: 'not for this purpose' },
    });
    const late = await h.call('POST', `/v1/agreements/${id}/accept`, {
      token: telecom.token,
      body: { termVersion: 1 },
    });
    expect(late.status).toBe(409);
    expect(late.body).toEqual(
      expect.objectContaining({ currentState: 'REJECTED', allowedTransitions: [] }),
    );
    const [{ n }] = await h.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM consent.agreement_transitions WHERE agreement_id = $1 AND event_type = 'consent.agreement.accepted'`,
      [id],
    );
    expect(n).toBe(1);
  });

  it('refuses unknown fields, validTo before validFrom and a purpose outside the list, naming each', async () => {
    const count = async () =>
      (await h.sql<{ n: number }>(`SELECT count(*)::int AS n FROM consent.agreements`))[0].n;
    const before = await count();
    const fields = await h.call('POST', '/v1/agreements', {
      token: city.token,
      body: request({ fields: ['people', 'imsi'] }),
    });
    expect(fields.status).toBe(422);
    expect(fields.body.errors).toEqual([expect.objectContaining({ path: 'fields[1]' })]);
    const dates = await h.call('POST', '/v1/agreements', {
      token: city.token,
      body: request({ validFrom: '2026-06-01T00:00:00Z', validTo: '2026-05-01T00:00:00Z' }),
    });
    expect(dates.status).toBe(422);
    expect(dates.body.errors).toEqual([expect.objectContaining({ path: 'validTo' })]);
    const purpose = await h.call('POST', '/v1/agreements', {
      token: city.token,
      body: request({ purpose: 'marketing', retentionDays: -1 }),
    });
    expect(purpose.status).toBe(400);
    expect((purpose.body.errors as Array<{ path: string }>).map((e) => e.path).sort()).toEqual([
      'purpose',
      'retentionDays',
    ]);
    const own = await h.call('POST', '/v1/agreements', { token: telecom.token, body: request() });
    expect(own.status).toBe(422);
    expect(await count()).toBe(before);
  });
});

describe('reciprocity', () => {
  it('links a reciprocal agreement only when it runs the other way between the same parties', async () => {
    const cityDataset = await h.publishDataset(city.id);
    const theirs = await h.call<Agreement>('POST', '/v1/agreements', {
      token: telecom.token,
      body: request({ datasetId: cityDataset, fields: ['people'] }),
    });
    const sameWay = await h.call<Agreement>('POST', '/v1/agreements', {
      token: city.token,
      body: request(),
    });
    const wrong = await h.call('POST', '/v1/agreements', {
      token: city.token,
      body: request({ reciprocalAgreementId: sameWay.body.id }),
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'reciprocalAgreementId' })]);
    const linked = await h.call<Agreement>('POST', '/v1/agreements', {
      token: city.token,
      body: request({ reciprocalAgreementId: theirs.body.id }),
    });
    expect(linked.status).toBe(201);
  });
});

describe('after agreement', () => {
  it('keeps the current terms until both accept an amendment, then emits amended', async () => {
    const a = await negotiateToActive();
    const proposed = await h.call<Agreement>('POST', `/v1/agreements/${a.id}/amendments`, {
      token: telecom.token,
      body: { fields: ['district', 'people'] },
    });
    expect(proposed.body).toEqual(
      expect.objectContaining({ state: 'ACTIVE', currentTermVersion: 1, latestTermVersion: 2 }),
    );
    await h.call('POST', `/v1/agreements/${a.id}/accept`, {
      token: telecom.token,
      body: { termVersion: 2 },
    });
    const amended = await h.call<Agreement>('POST', `/v1/agreements/${a.id}/accept`, {
      token: city.token,
      body: { termVersion: 2 },
    });
    expect(amended.body.currentTermVersion).toBe(2);
    const events = await h.publishedEvents(a.id, Topics.consentAgreement);
    expect(events[events.length - 1].type).toBe('consent.agreement.amended');
  });

  it('suspends and resumes by the provider only; short notice is a recorded breach and ends the agreement at its date', async () => {
    const a = await negotiateToActive();
    expect(
      (
        await h.call('POST', `/v1/agreements/${a.id}/suspend`, {
          token: city.token,
          body: { reason: 'consumer cannot suspend' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call<Agreement>('POST', `/v1/agreements/${a.id}/suspend`, {
          token: telecom.token,
          body: { reason: 'quality review' },
        })
      ).body.state,
    ).toBe('SUSPENDED');
    expect(
      (
        await h.call<Agreement>('POST', `/v1/agreements/${a.id}/resume`, {
          token: telecom.token,
          body: { reason: 'review done' },
        })
      ).body.state,
    ).toBe('ACTIVE');
    const notice = await h.call<Agreement>('POST', `/v1/agreements/${a.id}/notice`, {
      token: city.token,
      body: { reason: 'budget cut', effectiveAt: iso(h.clock.now().getTime() + 10 * DAY) },
    });
    expect(notice.body).toEqual(
      expect.objectContaining({
        state: 'NOTICE_GIVEN',
        notice: expect.objectContaining({ noticeRespected: false }),
      }),
    );
    h.clock.advance(11 * DAY);
    await h.app.app.get(AgreementScheduler).drain();
    const ended = await h.call<Agreement>('GET', `/v1/agreements/${a.id}`, {
      token: telecom.token,
    });
    expect(ended.body.state).toBe('TERMINATED');
    const events = await h.publishedEvents(a.id, Topics.consentAgreement);
    const terminated = events.find((e) => e.type === 'consent.agreement.terminated')!;
    expect(terminated.data).toEqual(
      expect.objectContaining({
        notice: expect.objectContaining({ noticeRespected: false, requiredNoticeDays: 30 }),
      }),
    );
  });

  it('expires at validTo when the clock passes it, by the running scheduler', async () => {
    const created = await h.call<Agreement>('POST', '/v1/agreements', {
      token: city.token,
      body: request({ validTo: iso(h.clock.now().getTime() + 5 * DAY) }),
    });
    const id = created.body.id;
    await h.call('POST', `/v1/agreements/${id}/accept`, {
      token: city.token,
      body: { termVersion: 1 },
    });
    await h.call('POST', `/v1/agreements/${id}/accept`, {
      token: telecom.token,
      body: { termVersion: 1 },
    });
    h.clock.advance(6 * DAY);
    const expired = await waitForState(id, 'EXPIRED');
    expect(expired.state).toBe('EXPIRED');
  });
});

describe('who sees what', () => {
  it('hides an agreement from non-parties (404), lets auditors read it, and lists only own agreements', async () => {
    const a = await negotiateToActive();
    expect((await h.call('GET', `/v1/agreements/${a.id}`, { token: stranger.token })).status).toBe(
      404,
    );
    expect(
      (
        await h.call('POST', `/v1/agreements/${a.id}/notice`, {
          token: stranger.token,
          body: { reason: 'meddling', effectiveAt: iso(Date.now()) },
        })
      ).status,
    ).toBe(404);
    const auditor = await h.token('audit-office', ['auditor']);
    expect((await h.call('GET', `/v1/agreements/${a.id}`, { token: auditor })).status).toBe(200);
    expect(
      (
        await h.call('POST', `/v1/agreements/${a.id}/suspend`, {
          token: auditor,
          body: { reason: 'auditors only read' },
        })
      ).status,
    ).toBe(403);
    const mine = await h.call<{ items: Array<{ id: string }> }>(
      'GET',
      '/v1/agreements?role=consumer&state=ACTIVE',
      { token: city.token },
    );
    expect(mine.body.items.map((i) => i.id)).toContain(a.id);
    const theirs = await h.call<{ items: unknown[] }>('GET', '/v1/agreements', {
      token: stranger.token,
    });
    expect(theirs.body.items).toEqual([]);
  });

  it('publishes agreements in force in the register without commercial terms', async () => {
    const a = await negotiateToActive();
    const register = await h.call<{ items: Array<Record<string, unknown>> }>(
      'GET',
      '/v1/register?limit=500',
      { token: stranger.token },
    );
    const entry = register.body.items.find((e) => e.agreementId === a.id);
    expect(entry).toEqual(
      expect.objectContaining({
        providerId: telecom.id,
        consumerId: city.id,
        purpose: 'urban-planning',
        state: 'ACTIVE',
      }),
    );
    for (const secret of [
      'fields',
      'deliveryFrequency',
      'retentionDays',
      'terminationNoticeDays',
      'terms',
    ])
      expect(entry).not.toHaveProperty(secret);
  });
});

async function waitForState(id: string, state: string): Promise<Agreement> {
  return waitFor(
    async () =>
      (await h.call<Agreement>('GET', `/v1/agreements/${id}`, { token: city.token })).body,
    { until: (a) => a.state === state, what: `agreement ${id} ${state}` },
  );
}

describe('the scheduler with several replicas', () => {
  it('lets the missed-delivery pass open the next obligation while a command holds the agreement (no deadlock)', async () => {
    const a = await negotiateToActive();
    const [open] = await h.sql<{
      id: string;
      dataset_id: string;
      provider_id: string;
      consumer_id: string;
    }>(
      `SELECT id, dataset_id, provider_id, consumer_id FROM consent.obligations WHERE agreement_id = $1 AND status = 'pending'`,
      [a.id],
    );
    const ds = h.app.app.get(DataSource);
    const missed = ds.createQueryRunner(); // the missed-delivery pass, statement by statement
    const command = ds.createQueryRunner(); // a command or the expiry, through the repository
    await Promise.all([missed.connect(), command.connect()]);
    await Promise.all([missed.startTransaction(), command.startTransaction()]);
    try {
      // The pass holds the obligation; the command loads (locks) the agreement and then cancels
      // its open obligations, which waits for the pass ...
      await missed.query(`SELECT 1 FROM consent.obligations WHERE id = $1 FOR UPDATE`, [open.id]);
      await h.app.app
        .get<AgreementStore<EntityManager>>(AgreementStore)
        .load(command.manager, a.id);
      const cancelling = command.query(
        `UPDATE consent.obligations SET status = 'cancelled' WHERE agreement_id = $1 AND status = 'pending'`,
        [a.id],
      );
      await waitForLockWait(
        h,
        "UPDATE consent.obligations SET status = 'cancelled'",
        'the command waiting for the held obligation',
      );
      // ... and the pass opens the next obligation, whose foreign key takes a key-share lock on the
      // agreement: with FOR UPDATE on the agreement this was a deadlock.
      await missed.query(
        `INSERT INTO consent.obligations (id, agreement_id, dataset_id, provider_id, consumer_id, sequence, due_at, grace_until, status, created_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, 999, now(), now(), 'cancelled', now())`,
        [a.id, open.dataset_id, open.provider_id, open.consumer_id],
      );
      await missed.commitTransaction();
      await cancelling;
      await command.commitTransaction();
    } finally {
      for (const qr of [missed, command]) {
        if (qr.isTransactionActive) await qr.rollbackTransaction();
        await qr.release();
      }
    }
    const rows = await h.sql<{ status: string }>(
      `SELECT status FROM consent.obligations WHERE agreement_id = $1 ORDER BY sequence`,
      [a.id],
    );
    expect(rows.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('applies each due transition exactly once when passes run concurrently (SKIP LOCKED)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const created = await h.call<Agreement>('POST', '/v1/agreements', {
        token: city.token,
        body: request({ validTo: iso(h.clock.now().getTime() + 2 * DAY) }),
      });
      await h.call('POST', `/v1/agreements/${created.body.id}/accept`, {
        token: city.token,
        body: { termVersion: 1 },
      });
      await h.call('POST', `/v1/agreements/${created.body.id}/accept`, {
        token: telecom.token,
        body: { termVersion: 1 },
      });
      ids.push(created.body.id);
    }
    h.clock.advance(3 * DAY);
    const advance = h.app.app.get(AdvanceDueAgreementsHandler);
    // Small batches from four concurrent "replicas" (plus the running scheduler).
    await Promise.all(
      [1, 2, 3, 4].map(async () => {
        while ((await advance.execute(2)) > 0);
      }),
    );
    // The running scheduler may still hold the last rows a pass skipped: wait for it, then count.
    const rows = await waitFor(
      () =>
        h.sql<{ agreement_id: string; n: number }>(
          `SELECT agreement_id, count(*)::int AS n FROM consent.agreement_transitions
           WHERE agreement_id = ANY($1::uuid[]) AND event_type = 'consent.agreement.expired' GROUP BY agreement_id`,
          [ids],
        ),
      { until: (r) => r.length === ids.length, what: 'every agreement expired' },
    );
    expect(rows.map((r) => r.n)).toEqual(ids.map(() => 1));
  });
});
