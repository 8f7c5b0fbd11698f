import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  AgreementActivatedV1,
  DeliveryFulfilledV1,
  DisputeResolvedV1,
  ParticipantRegisteredV1,
  Topics,
  TrustScoreUpdatedV1,
} from '@dx/contracts';
import { launchChromium, repoRoot, waitFor } from '@dx/testing';
import { InsightsHarness } from '../../test/insights-harness';

/*
 * The web dashboard in headless Chromium (Debian's, driven by playwright-core) against the real
 * insights service: the page loads with a dashboard token, shows the figures of the read models,
 * and redraws when a new event arrives over the live stream.
 */
let h: InsightsHarness;
let browser: Browser;
let page: Page;
const provider = randomUUID();
const consumer = randomUUID();
const ago = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();

async function activate(providerId: string, consumerId: string): Promise<string> {
  const agreementId = randomUUID();
  await h.publish(Topics.consentAgreement, AgreementActivatedV1, agreementId, {
    ...AgreementActivatedV1.example,
    agreementId,
    providerId,
    consumerId,
    version: 4,
    occurredAt: ago(30),
  });
  return agreementId;
}

const text = (testId: string) =>
  page.locator(`[data-testid=${testId}]`).textContent({ timeout: 5000 });

beforeAll(async () => {
  h = await InsightsHarness.start();
  browser = await launchChromium();
  for (const [id, kind, name] of [
    [provider, 'business', 'Telecom (synthetic)'],
    [consumer, 'municipality', 'City digitalization department (synthetic)'],
  ] as const)
    await h.publish(Topics.catalogParticipant, ParticipantRegisteredV1, id, {
      ...ParticipantRegisteredV1.example,
      participantId: id,
      kind,
      name,
    });
  const agreementId = await activate(provider, consumer);
  await h.publish(Topics.consentObligation, DeliveryFulfilledV1, agreementId, {
    ...DeliveryFulfilledV1.example,
    agreementId,
    providerId: provider,
    consumerId: consumer,
    dueAt: ago(3),
    graceUntil: ago(2.9),
    deliveredAt: ago(3),
    occurredAt: ago(3),
    onTime: true,
    latenessSeconds: 0,
  });
  await h.publish(Topics.trustScore, TrustScoreUpdatedV1, `${provider}:provider`, {
    ...TrustScoreUpdatedV1.example,
    participantId: provider,
    role: 'provider',
    score: 0.74,
    lowerBound: 0.52,
    uncertainty: 0.18,
    tier: 'Established',
    evidenceTotal: 24.5,
    computedAt: ago(1),
    tierReasons: [
      {
        code: 'meets-tier',
        values: {
          tier: 'Established',
          score: 0.74,
          minScore: 0.6,
          uncertainty: 0.18,
          maxUncertainty: 0.35,
        },
      },
    ],
  });
  await waitFor(
    async () =>
      (await h.sql(`SELECT 1 FROM insights.trust_scores WHERE participant_id = $1`, [provider]))
        .length,
    { what: 'the read models loaded' },
  );
  const token = await h.token(randomUUID(), ['dashboard']);
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
  await page.goto(`${h.app.url}/#token=${token}`);
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

it('loads and shows the figures of the read models', async () => {
  await page.waitForSelector('#dashboard[data-ready=true]', { timeout: 15_000 });
  expect(await text('tile-participants')).toBe('2');
  expect(await text('tile-agreements')).toBe('1');
  expect(await text('tile-ontime')).toBe('100.0\u00a0%');
  expect(await text('tile-trust')).toBe('0.74');
  // Self-reported figures are labelled so (none reported yet).
  expect(await text('tile-impact')).toBe('–');
  expect(await page.locator('.self-reported em').textContent()).toBe('self-reported');
  const leaders = page.locator('[data-testid=leaderboard] tbody tr');
  expect(await leaders.count()).toBe(1);
  expect(await leaders.first().textContent()).toContain('Telecom (synthetic)');
  expect(await leaders.first().textContent()).toContain('± 0.18');
  expect(await page.locator('[data-testid=register] tr.agreement').first().textContent()).toContain(
    'Telecom (synthetic) → City digitalization department (synthetic)',
  );
  // Both charts drew (uPlot renders to a canvas).
  expect(await page.locator('.chart canvas').count()).toBe(2);
  // The token left the address bar.
  expect(page.url()).not.toContain('token=');
  const dir = join(repoRoot, '.local', 'artifacts');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, 'dashboard.png'), fullPage: true });
});

it('updates when a new event arrives', async () => {
  await page.waitForSelector('[data-testid=live].on', { timeout: 15_000 });
  await activate(consumer, provider);
  await page
    .locator('[data-testid=tile-agreements]', { hasText: /^2$/ })
    .waitFor({ timeout: 15_000 });
  expect(await page.locator('[data-testid=register] tr.agreement').count()).toBe(2);
});

it('asks for a token without one and refuses a participant token', async () => {
  const fresh = await browser.newPage();
  try {
    await fresh.goto(`${h.app.url}/`);
    await fresh.waitForSelector('#login:not([hidden])');
    const participant = await h.token(randomUUID(), ['participant']);
    await fresh.fill('#token', participant);
    await fresh.click('form#login button');
    await fresh.waitForSelector('#error:not([hidden])');
    expect(await fresh.locator('#error').textContent()).toContain('refused (403)');
  } finally {
    await fresh.close();
  }
});

it("explains a provider's tier on selection, and marks a dispute upheld against it", async () => {
  await h.publish(Topics.consentGovernance, DisputeResolvedV1, randomUUID(), {
    ...DisputeResolvedV1.example,
    disputeId: randomUUID(),
    against: provider,
    outcome: 'upheld',
    upheldAgainst: provider,
  });
  // The leaderboard row of the provider says so beside its name (live update, no reload).
  await page
    .locator('[data-testid=upheld]', { hasText: '1 upheld dispute' })
    .waitFor({ timeout: 15_000 });
  await page.locator('[data-testid=leaderboard] tr.participant').first().click();
  await page.waitForSelector('[data-testid=participant]:not([hidden])', { timeout: 5000 });
  expect(await page.locator('#participant-title').textContent()).toBe(
    'Why this tier: Telecom (synthetic)',
  );
  expect(await page.locator('[data-testid=reasons-provider] li').allTextContents()).toEqual([
    'Established: score 0.74 ≥ 0.60 with uncertainty 0.18 ≤ 0.35.',
  ]);
  expect(await page.locator('[data-testid=participant] .figures').first().textContent()).toBe(
    'score 0.74 · lower bound 0.52 · uncertainty 0.18 · evidence 24.5',
  );
  expect(await page.locator('[data-testid=participant-disputes]').textContent()).toBe(
    'Disputes about it: 0 opened, 1 upheld by an operator, 0 pending',
  );
  expect(await page.locator('[data-testid=participant-deliveries]').textContent()).toBe(
    'Deliveries as a provider: 1 on time, 0 late, 0 missed',
  );
  // Where each figure comes from, on hover.
  expect(await page.locator('.tile').first().getAttribute('title')).toContain(
    'catalog.participant.v1',
  );
});

it('speaks Kazakh and Russian: texts, plural forms and numbers from the message files', async () => {
  await page.selectOption('[data-testid=lang]', 'ru');
  await page.waitForSelector('#dashboard[data-lang=ru]', { timeout: 5000 });
  expect(await page.locator('h2').first().textContent()).toBe('Участники');
  expect(await page.locator('html').getAttribute('lang')).toBe('ru');
  // Russian plural forms (one) and number format (decimal comma) from the same figures as above.
  expect(await page.locator('#participants-kinds').textContent()).toBe('1 госорган, 1 компания');
  expect(await text('tile-ontime')).toBe('100,0\u00a0%');
  expect(await text('tile-trust')).toBe('0,74');
  expect(await page.locator('.self-reported em').textContent()).toBe('по данным участников');
  expect(await page.locator('[data-testid=leaderboard] tbody tr').first().textContent()).toContain(
    'Подтверждённый',
  );
  expect(await page.locator('[data-testid=register-running] tr.group').textContent()).toBe(
    'Действующие (2)',
  );
  expect(await page.locator('[data-testid=register] tr.agreement').first().textContent()).toContain(
    'действует',
  );
  // The open explanation follows the language.
  await page.waitForSelector('[data-testid=participant][data-lang=ru]', { timeout: 5000 });
  expect(await page.locator('[data-testid=reasons-provider] li').allTextContents()).toEqual([
    'Подтверждённый: оценка 0,74 ≥ 0,60 при неопределённости 0,18 ≤ 0,35.',
  ]);
  expect(await page.locator('[data-testid=upheld]').textContent()).toBe('1 обоснованный спор');

  await page.selectOption('[data-testid=lang]', 'kk');
  await page.waitForSelector('#dashboard[data-lang=kk]', { timeout: 5000 });
  expect(await page.locator('h2').first().textContent()).toBe('Қатысушылар');
  expect(await page.locator('#participants-kinds').textContent()).toBe(
    '1 мемлекеттік орган, 1 компания',
  );
  expect(await text('tile-ontime')).toBe('100,0\u00a0%');
  expect(await page.locator('[data-testid=register-running] tr.group').textContent()).toBe(
    'Қолданыстағы (2)',
  );
  // The choice is remembered: a reload stays in Kazakh.
  await page.reload();
  await page.waitForSelector('#dashboard[data-lang=kk]', { timeout: 15_000 });
  expect(await page.locator('[data-testid=lang]').inputValue()).toBe('kk');
});
