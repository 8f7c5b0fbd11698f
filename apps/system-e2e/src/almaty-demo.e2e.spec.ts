import { join } from 'node:path';
import { launchChromium, waitFor } from '@dx/testing';
import { ok } from '@dx/client';
import { DATASETS, type DemoRun, type PlatformClient, type Plan, type Service } from '@dx/demo';
import { expectWalkthroughWorked, runWalkthrough } from '../test/readme-walkthrough';
import { startDemoStack, type Stack } from '../test/stack';

/*
 * The Almaty demo, shortened to 4 simulated months, played against the five services as separate
 * processes (DEMO_CLOCK on, as `npm start` runs them) through their public REST APIs with each
 * participant's own token. The figures the dashboard API reports afterwards must equal those the
 * plan implies — counted from the scenario, not from the platform.
 */
let stack: Stack<Service>;
let api: PlatformClient;
let plan: Plan;
let run: DemoRun;

beforeAll(async () => {
  ({ stack, api, plan, run } = await startDemoStack(4));
}, 300_000);

afterAll(async () => {
  await stack?.stop();
});

it('tells the story the plan implies: counts, on-time rate, disputes and reported benefits', async () => {
  const e = plan.expected;
  // The plan itself has the story's beats, so the figures below test something.
  expect(e.late).toBeGreaterThan(0);
  expect(e.missed).toBeGreaterThan(0);
  // Every read below goes through the published typed client (@dx/client), as a partner's would.
  const overview = await waitFor(() => ok(api.dx.insights.GET('/v1/insights/overview')), {
    until: (o) =>
      o.deliveries.fulfilled === e.fulfilled &&
      o.deliveries.missed === e.missed &&
      o.impact.reports === e.benefitReports &&
      o.disputes.resolved === e.disputes,
    what: 'insights to project the whole demo',
    timeoutMs: 60_000,
  });
  expect(overview.participants).toEqual(
    expect.objectContaining({ total: 8, byKind: { municipality: 3, business: 5 } }),
  );
  expect(overview.datasets).toEqual({ total: 8, byStatus: { published: 8 } });
  expect(overview.agreements).toEqual(
    expect.objectContaining({ total: 8, byState: { ACTIVE: 7, TERMINATED: 1 } }),
  );
  expect(overview.deliveries).toEqual({
    fulfilled: e.fulfilled,
    onTime: e.onTime,
    late: e.late,
    missed: e.missed,
    onTimeRate: expect.closeTo(e.onTimeRate, 9) as number,
  });
  expect(overview.disputes).toEqual({ open: 0, resolved: 1, upheld: 1 });
  const citizens = plan.steps
    .map((s) => s.action)
    .filter((a) => a.kind === 'benefit' && a.report.kind === 'citizen-service')
    .reduce((sum, a) => sum + Number(a.kind === 'benefit' ? a.report.users : 0), 0);
  expect(overview.impact).toEqual(
    expect.objectContaining({
      selfReported: true,
      reports: e.benefitReports,
      citizenServiceUsers: citizens,
    }),
  );
  expect(run.deliveries).toBe(e.fulfilled);
});

it('ranks the honest telecom above the flaky taxi aggregator as providers', async () => {
  const score = async (party: string) => {
    const r = await ok(
      api.dx.trust.GET('/v1/participants/{id}/trust', {
        params: { path: { id: run.state.parties[party].id }, query: { role: 'provider' } },
      }),
    );
    return r.score;
  };
  const [telecom, taxi] = await waitFor(async () => [await score('telecom'), await score('taxi')], {
    until: ([t, x]) => t > x,
    what: 'trust to rank the honest provider first',
    timeoutMs: 30_000,
  });
  expect(telecom).toBeGreaterThan(taxi);
  // The dashboard's provider leaderboard agrees, and leaves out a department that only consumes.
  const id = (party: string) => run.state.parties[party].id;
  const providers = await waitFor(
    async () => (await ok(api.dx.insights.GET('/v1/insights/overview'))).trust.provider,
    {
      until: (p) => {
        const ids = p.leaders.map((l) => l.participantId);
        return ids.includes(id('telecom')) && ids.includes(id('taxi'));
      },
      what: 'both providers on the dashboard leaderboard',
    },
  );
  const ranked = providers.leaders.map((l) => l.participantId);
  // Seven parties publish a dataset; the Department of Entrepreneurship only consumes.
  expect(providers.count).toBe(new Set(DATASETS.map((d) => d.provider)).size);
  expect(ranked.indexOf(id('telecom'))).toBeLessThan(ranked.indexOf(id('taxi')));
  expect(ranked).not.toContain(id('entrepreneurship'));
});

it('marks the regulation change on the timeline and keeps the monthly on-time trend', async () => {
  const from = plan.start.toISO()!;
  const r = await ok(
    api.dx.insights.GET('/v1/insights/timeseries', {
      params: { query: { metric: 'deliveries.onTimeRate', from, interval: 'month' } },
    }),
  );
  expect(r.markers).toEqual([
    expect.objectContaining({ kind: 'regulation', reference: 'ALM-DATA-2025-07 (synthetic)' }),
  ]);
  // Deliveries fall in at least three of the simulated months, not all at the time of the run.
  expect(r.points.filter((p) => p.value !== null).length).toBeGreaterThanOrEqual(3);
});

it('joins telecom presence with municipal outlets per district, with lineage', async () => {
  const digital = run.state.parties.digital;
  const rows = await waitFor(
    async () =>
      (
        await ok(
          api.as(digital).integration.GET('/v1/views/{id}/records', {
            params: { path: { id: run.state.viewId! }, query: { limit: 50 } },
          }),
        )
      ).items,
    { until: (items) => items.length === 8, what: 'a view row per district' },
  );
  for (const row of rows) {
    expect(row.aggregates.outlets).toBe(4); // four municipal outlets per district
    expect(row.aggregates.avgResidents).toBeGreaterThan(100_000);
    expect(row.lineage).toHaveLength(2);
  }
});

it('publishes standard terms that other participants are offered, and metadata in Kazakh and Russian', async () => {
  const bank = run.state.parties.bank;
  const offers = await ok(api.as(bank).consent.GET('/v1/offers', { params: { query: {} } }));
  const listed = new Map(offers.items.map((o) => [o.datasetId, o.offers.length]));
  for (const d of DATASETS.filter((x) => x.standardTerms))
    expect(listed.has(run.state.datasets[d.key])).toBe(true);
  // The city's open road works are offered to the bank for at least one purpose.
  expect(listed.get(run.state.datasets.roadworks)).toBeGreaterThan(0);
  const presence = await ok(
    api.as(bank).catalog.GET('/v1/datasets/{id}', {
      params: { path: { id: run.state.datasets.presence } },
    }),
  );
  expect(presence.translations.kk?.title).toMatch(/Аудандар/);
  expect(presence.translations.ru?.title).toMatch(/Присутствие/);
});

it("hides the merchant who withdrew consent from the city's reads", async () => {
  const entrepreneurship = run.state.parties.entrepreneurship;
  const id = run.state.agreements['merchants→entrepreneurship'];
  const subjects = await waitFor(
    async () => {
      const r = await ok(
        api.as(entrepreneurship).integration.GET('/v1/agreements/{id}/records', {
          params: { path: { id }, query: { limit: 500 } },
        }),
      );
      return new Set(r.items.map((i) => JSON.stringify(i)));
    },
    {
      until: (s) => s.size > 0 && ![...s].some((x) => x.includes(plan.expected.withdrawnSubject)),
      what: 'the withdrawal reaching integration',
    },
  );
  expect([...subjects].some((x) => x.includes('M-0008'))).toBe(true);
});

it('shows the demo on the web dashboard in a browser', async () => {
  const client = await ok(
    api.dx.catalog.POST('/v1/platform-clients', {
      body: { name: 'Demo dashboard (synthetic)', roles: ['dashboard'] },
    }),
  );
  const token = await api.token({ clientId: client.clientId, clientSecret: client.clientSecret! });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({
      viewport: { width: 1280, height: 1000 },
      locale: 'en-US',
    });
    await page.goto(`${stack.apps.insights.url}/#token=${token}`);
    await page.waitForSelector('#dashboard[data-ready=true]', { timeout: 15_000 });
    const text = (id: string) => page.locator(`[data-testid=${id}]`).textContent();
    const e = plan.expected;
    expect(await text('tile-participants')).toBe(String(e.participants));
    expect(await text('tile-agreements')).toBe(String(e.agreements - e.terminated.length));
    expect(await text('tile-ontime')).toBe(`${(100 * e.onTimeRate).toFixed(1)}\u00a0%`);
    const leaderboard = await page.locator('[data-testid=leaderboard] tbody tr').allTextContents();
    const row = (name: string) => leaderboard.findIndex((r) => r.includes(name));
    expect(row('Steppe Mobile')).toBeGreaterThanOrEqual(0);
    expect(row('Steppe Mobile')).toBeLessThan(row('Alatau Ride'));
    // Both charts drew (uPlot draws on canvas); the register lists every agreement, ended ones too.
    expect(await page.locator('.chart canvas').count()).toBe(2);
    expect(await page.locator('[data-testid=register] tr.agreement').count()).toBe(e.agreements);
    // Running and ended agreements apart: the retailer's ended after its notice.
    expect(await page.locator('[data-testid=register-ended] tr.agreement').count()).toBe(
      e.terminated.length,
    );
    // The taxi aggregator's upheld dispute shows beside it, and selecting it says why its tier.
    const taxiRow = page.locator('[data-testid=leaderboard] tr.participant', {
      hasText: 'Alatau Ride',
    });
    expect(await taxiRow.locator('[data-testid=upheld]').textContent()).toBe('1 upheld dispute');
    await taxiRow.click();
    await page.waitForSelector('[data-testid=participant]:not([hidden])', { timeout: 5000 });
    expect(await page.locator('[data-testid=reasons-provider] li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=participant-disputes]').textContent()).toContain(
      '1 upheld by an operator',
    );
    // The same page in Kazakh and Russian; with DX_DASHBOARD_SCREENSHOTS=<folder> each is saved
    // there too (how docs/images/dashboard-kk.png and dashboard-ru.png were made).
    const shots = process.env.DX_DASHBOARD_SCREENSHOTS;
    for (const [lang, heading] of [
      ['kk', 'Қатысушылар'],
      ['ru', 'Участники'],
    ] as const) {
      await page.selectOption('[data-testid=lang]', lang);
      await page.waitForSelector(`#dashboard[data-lang=${lang}]`, { timeout: 15_000 });
      expect(await page.locator('h2').first().textContent()).toBe(heading);
      expect(await page.locator('[data-testid=register] tr.agreement').count()).toBe(e.agreements);
      if (shots)
        await page.screenshot({ path: join(shots, `dashboard-${lang}.png`), fullPage: true });
    }
  } finally {
    await browser.close();
  }
});

it('lets only an operator move business time', async () => {
  const taxi = run.state.parties.taxi;
  const r = await api.call('consent', 'PUT', '/v1/admin/clock', taxi, {
    body: { at: new Date().toISOString() },
    expect: [403],
  });
  expect(r.status).toBe(403);
  const bad = await api.call<{ errors: Array<{ path: string }> }>(
    'consent',
    'PUT',
    '/v1/admin/clock',
    undefined,
    { body: { at: 'next tuesday' }, expect: [400] },
  );
  expect(bad.body.errors.map((x) => x.path)).toEqual(['at']);
});

// Last: it adds two participants and an agreement to the demo's figures checked above.
it('runs the README walkthrough right after the demo was loaded', async () => {
  expectWalkthroughWorked(await runWalkthrough(stack));
});
