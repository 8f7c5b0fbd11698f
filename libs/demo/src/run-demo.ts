/**
 * Plays a demo plan against a running stack through the public REST APIs: the operator registers
 * the participants and moves business time (`PUT /admin/clock` on every service, which the stack
 * allows only with DEMO_CLOCK=true); each participant acts with its own token. After every delivery
 * it waits until the consent service has recorded it, so the next move of the clock never declares
 * missed a delivery that is merely in flight — the run is deterministic.
 */
import { DateTime } from 'luxon';
import {
  AGREEMENTS,
  INTERVIEWS,
  DATASETS,
  PARTIES,
  TRIPS_V2,
  VIEW,
  type Action,
  type DatasetKey,
  type PartyKey,
  type Plan,
} from './almaty';
import { DxApiError, ok } from '@dx/client';
import {
  PlatformError,
  SERVICES,
  until,
  type Credentials,
  type PlatformClient,
} from './platform-client';

export interface DemoState {
  parties: Record<string, { id: string; name: string } & Credentials>;
  datasets: Record<string, string>;
  agreements: Record<string, string>;
  viewId?: string;
  disputes: Record<string, string>;
  lastDelivery: Record<string, string>;
}

export interface DemoRun {
  state: DemoState;
  steps: number;
  deliveries: number;
  seconds: number;
}

const agreementSpec = (key: string) => AGREEMENTS.find((a) => a.key === key)!;
const datasetSpec = (key: DatasetKey) => DATASETS.find((d) => d.key === key)!;
const partyOf = (key: PartyKey) => PARTIES.find((p) => p.key === key)!;

export async function runDemo(
  api: PlatformClient,
  plan: Plan,
  log: (line: string) => void = () => undefined,
): Promise<DemoRun> {
  const began = Date.now();
  const state: DemoState = {
    parties: {},
    datasets: {},
    agreements: {},
    disputes: {},
    lastDelivery: {},
  };
  const changed = new Set<DatasetKey>();
  const as = (p: PartyKey): Credentials => state.parties[p];
  const providerOf = (a: string) => datasetSpec(agreementSpec(a).dataset).provider;
  const consumerOf = (a: string) => agreementSpec(a).consumer;

  /** The typed client acting as `who` (the operator when omitted). */
  const dx = (who?: Credentials) => api.as(who);
  type Body<T> = T extends { body?: infer B } ? B : never;
  /** Demo data is plain objects; the API's request schemas judge it (a 4xx would stop the run). */
  const body = <T>(value: unknown): Body<T> => value as Body<T>;

  let clock = 0;
  const setClock = async (at: DateTime): Promise<void> => {
    if (at.toMillis() <= clock) return;
    clock = at.toMillis();
    await Promise.all(
      SERVICES.map((s) =>
        api
          .call(s, 'PUT', '/v1/admin/clock', undefined, { body: { at: at.toISO() } })
          .catch((err) => {
            if (err instanceof PlatformError && err.status === 404)
              throw new Error(
                `${s} does not let business time be set: start the stack with DEMO_CLOCK=true (npm start does)`,
              );
            throw err;
          }),
      ),
    );
  };

  const act: { [K in Action['kind']]: (a: Extract<Action, { kind: K }>) => Promise<void> } = {
    register: async ({ party }) => {
      const p = partyOf(party);
      const r = await ok(
        dx().catalog.POST('/v1/participants', {
          body: {
            name: p.name,
            kind: p.kind,
            legalId: p.legalId,
            sector: p.sector,
            contactEmail: p.contactEmail,
          },
        }),
      );
      // Shown once, in this first answer (a replay of the same request would leave it out).
      if (!r.clientSecret) throw new Error(`demo: no client secret for ${p.name}`);
      state.parties[party] = {
        id: r.id,
        clientId: r.clientId,
        clientSecret: r.clientSecret,
        name: p.name,
      };
    },
    'adopt-standards': async ({ party }) => {
      const standards = await ok(dx(as(party)).catalog.GET('/v1/standards'));
      for (const { code } of standards.items)
        await ok(
          dx(as(party)).catalog.POST('/v1/participants/{id}/standards', {
            params: { path: { id: state.parties[party].id } },
            body: { code },
          }),
        );
    },
    'create-dataset': async ({ dataset }) => {
      const d = datasetSpec(dataset);
      const catalog = dx(as(d.provider)).catalog;
      const created = await ok(catalog.POST('/v1/datasets', { body: body(d.body) }));
      state.datasets[dataset] = created.id;
      await ok(
        catalog.POST('/v1/datasets/{id}/publish', {
          params: { path: { id: created.id } },
          body: {},
        }),
      );
    },
    'standard-terms': async ({ dataset }) => {
      const d = datasetSpec(dataset);
      // Consent learns of the dataset from catalog's events within moments; until then it says 404.
      await until(`consent to take the standard terms of ${dataset}`, async () => {
        const res = await dx(as(d.provider)).consent.PUT('/v1/datasets/{id}/standard-terms', {
          params: { path: { id: state.datasets[dataset] } },
          body: body(d.standardTerms!),
        });
        if (res.response.status === 404) return undefined;
        return ok(Promise.resolve(res));
      });
    },
    request: async ({ agreement, validFrom, validTo }) => {
      const a = agreementSpec(agreement);
      // Consent learns of the dataset from catalog's events within moments; until then it says 422.
      const r = await until(`consent to know dataset ${a.dataset}`, async () => {
        const res = await dx(as(a.consumer)).consent.POST('/v1/agreements', {
          body: body({
            datasetId: state.datasets[a.dataset],
            ...a.request,
            gracePeriod: 'P3D',
            validFrom,
            validTo,
          }),
        });
        if (res.response.status === 422) return undefined;
        return ok(Promise.resolve(res));
      });
      state.agreements[agreement] = r.id;
    },
    counter: async ({ agreement }) => {
      await ok(
        dx(as(providerOf(agreement))).consent.POST('/v1/agreements/{id}/offers', {
          params: { path: { id: state.agreements[agreement] } },
          body: body(agreementSpec(agreement).counter),
        }),
      );
    },
    accept: async ({ agreement, by }) => {
      const id = state.agreements[agreement];
      const consent = dx(
        as(by === 'consumer' ? consumerOf(agreement) : providerOf(agreement)),
      ).consent;
      const current = await ok(consent.GET('/v1/agreements/{id}', { params: { path: { id } } }));
      await ok(
        consent.POST('/v1/agreements/{id}/accept', {
          params: { path: { id } },
          body: { termVersion: current.latestTermVersion },
        }),
      );
    },
    deliver: async ({ agreement, k, timeliness, dueAt }) => {
      const a = agreementSpec(agreement);
      const d = datasetSpec(a.dataset);
      const rows = d.rows(k, DateTime.fromISO(dueAt, { zone: 'utc' }), changed.has(a.dataset));
      const datasetId = state.datasets[a.dataset];
      // Streamed as NDJSON; the delivery id makes a retried delivery count once.
      const delivered = await until(`integration to know dataset ${a.dataset}`, async () => {
        try {
          return await dx(as(d.provider)).deliver(datasetId, rows, {
            deliveryId: `demo:${agreement.replace('→', '-to-')}:${k}`,
          });
        } catch (err) {
          if (err instanceof DxApiError && err.status === 404) return undefined;
          throw err;
        }
      });
      state.lastDelivery[agreement] = delivered.deliveryId;
      // Wait for consent to record it against the schedule, and check it judged as planned.
      const id = state.agreements[agreement];
      const o = await until(`consent to record delivery ${k} of ${agreement}`, async () => {
        const res = await ok(
          dx(as(a.consumer)).consent.GET('/v1/agreements/{id}/obligations', {
            params: { path: { id } },
          }),
        );
        return res.items.find((i) => i.deliveryId === delivered.deliveryId);
      });
      const late = Boolean(o.latenessSeconds && o.latenessSeconds > 0);
      if (o.status !== 'fulfilled' || late !== (timeliness === 'late'))
        throw new Error(
          `demo: delivery ${k} of ${agreement} (due ${dueAt}, planned ${timeliness}) was recorded as ${JSON.stringify(o)}`,
        );
    },
    'breaking-change': async ({ dataset }) => {
      const d = datasetSpec(dataset);
      // No effectiveAt: in force at once, without the notice the agreements ask for.
      await ok(
        dx(as(d.provider)).catalog.POST('/v1/datasets/{id}/schema-versions', {
          params: { path: { id: state.datasets[dataset] } },
          body: TRIPS_V2,
        }),
      );
      changed.add(dataset);
    },
    regulation: async ({ effectiveAt }) => {
      await ok(
        dx().consent.POST('/v1/regulations', {
          body: {
            reference: 'ALM-DATA-2025-07 (synthetic)',
            title: 'City decree on the punctuality of data deliveries under municipal agreements',
            effectiveAt,
            description:
              'Deliveries owed to the city are due by the agreed time; repeated lateness is published in the register.',
          },
        }),
      );
    },
    'define-view': async () => {
      const view = await until('both sources of the integrated view to be readable', async () => {
        const res = await dx(as(VIEW.owner)).integration.POST('/v1/views', {
          body: {
            name: VIEW.name,
            left: { datasetId: state.datasets[VIEW.left] },
            right: { datasetId: state.datasets[VIEW.right] },
            joinKeys: [{ left: 'district', right: 'district' }],
            aggregations: [
              { name: 'avgResidents', fn: 'avg', source: 'left', field: 'residents' },
              { name: 'avgVisitors', fn: 'avg', source: 'left', field: 'visitors' },
              { name: 'outlets', fn: 'count', source: 'right', field: 'staff' },
              { name: 'outletStaff', fn: 'sum', source: 'right', field: 'staff' },
            ],
          },
        });
        if (res.response.status === 403) return undefined;
        return ok(Promise.resolve(res));
      });
      state.viewId = view.viewId;
    },
    'withdraw-consent': async ({ dataset, subjectId, purpose }) => {
      await ok(
        dx(as(datasetSpec(dataset).provider)).consent.POST('/v1/subject-consents', {
          body: body({
            subjectId,
            datasetId: state.datasets[dataset],
            purpose,
            status: 'withdrawn',
            evidence: 'Merchant’s written withdrawal, branch 12 (synthetic)',
          }),
        }),
      );
    },
    'open-dispute': async ({ agreement }) => {
      const r = await ok(
        dx(as(consumerOf(agreement))).consent.POST('/v1/disputes', {
          body: {
            agreementId: state.agreements[agreement],
            category: 'unannounced-change',
            description:
              'The fare column disappeared from the trips feed without the 14 days of notice the agreement requires.',
          },
        }),
      );
      state.disputes[agreement] = r.id;
    },
    'resolve-dispute': async ({ agreement }) => {
      await ok(
        dx().consent.POST('/v1/disputes/{id}/resolve', {
          params: { path: { id: state.disputes[agreement] } },
          body: {
            outcome: 'upheld',
            against: state.parties[providerOf(agreement)].id,
            resolution:
              'The schema change was breaking and unannounced; the provider must give notice.',
          },
        }),
      );
    },
    notice: async ({ agreement, effectiveAt }) => {
      await ok(
        dx(as(providerOf(agreement))).consent.POST('/v1/agreements/{id}/notice', {
          params: { path: { id: state.agreements[agreement] } },
          body: { reason: 'The chain is moving footfall analytics to a new vendor.', effectiveAt },
        }),
      );
    },
    'exit-survey': async ({ agreement }) => {
      await ok(
        dx(as(consumerOf(agreement))).consent.POST('/v1/agreements/{id}/exit-survey', {
          params: { path: { id: state.agreements[agreement] } },
          body: {
            reasons: [
              {
                construct: 'benefits',
                weight: 4,
                note: 'Footfall explained spending shifts well.',
              },
              { construct: 'termination-costs', weight: 2 },
            ],
            wouldWorkAgain: true,
          },
        }),
      );
    },
    rate: async ({ agreement, score }) => {
      // Trust needs the fulfilled delivery (proof of transaction) first; until then it says 403.
      await until(`trust to accept a rating of ${agreement}`, async () => {
        const res = await dx(as(consumerOf(agreement))).trust.POST('/v1/ratings', {
          body: { deliveryId: state.lastDelivery[agreement], score },
        });
        if (res.response.status === 403) return undefined;
        return ok(Promise.resolve(res));
      });
    },
    benefit: async ({ agreement, by, report, onView }) => {
      const who = as(by === 'consumer' ? consumerOf(agreement) : providerOf(agreement));
      if (onView && !state.viewId) throw new Error('demo: a benefit on the view before the view');
      await ok(
        dx(who).consent.POST('/v1/agreements/{id}/benefits', {
          params: { path: { id: state.agreements[agreement] } },
          body: body(onView ? { ...report, viewId: state.viewId } : report),
        }),
      );
    },
    'exit-interview': async ({ index, heldAt }) => {
      const i = INTERVIEWS[index];
      await ok(
        dx().consent.POST('/v1/exit-interviews', {
          body: body({
            participantId: state.parties[i.party].id,
            stakeholderRole: i.stakeholderRole,
            heldAt,
            ratings: i.ratings,
            positive: i.positive,
            negative: i.negative,
            notes: i.notes,
          }),
        }),
      );
    },
  };

  let deliveries = 0;
  let lastMonth = '';
  for (const step of plan.steps) {
    await setClock(step.at);
    const month = step.at.toFormat('yyyy-MM');
    if (month !== lastMonth) {
      log(`${month}  (${deliveries} deliveries so far)`);
      lastMonth = month;
    }
    const a = step.action;
    if (a.kind !== 'deliver') log(`  ${step.at.toFormat('yyyy-MM-dd')}  ${describe(a)}`);
    else deliveries++;
    await (act[a.kind] as (x: Action) => Promise<void>)(a);
  }
  await setClock(plan.end);
  // Back to real time: the end of the window is the moment the run began.
  await Promise.all(SERVICES.map((s) => api.call(s, 'DELETE', '/v1/admin/clock', undefined)));
  return { state, steps: plan.steps.length, deliveries, seconds: (Date.now() - began) / 1000 };
}

function describe(a: Action): string {
  switch (a.kind) {
    case 'register':
      return `${partyOf(a.party).name} joins`;
    case 'adopt-standards':
      return `${partyOf(a.party).name} adopts the platform standards`;
    case 'create-dataset':
      return `publishes “${String(datasetSpec(a.dataset).body.title)}”`;
    case 'standard-terms':
      return `offers “${String(datasetSpec(a.dataset).body.title)}” on standard terms`;
    case 'request':
      return `${a.agreement}: requested`;
    case 'counter':
      return `${a.agreement}: counter-offer`;
    case 'accept':
      return `${a.agreement}: accepted by the ${a.by}`;
    case 'breaking-change':
      return `${a.dataset}: breaking schema change without notice`;
    case 'regulation':
      return 'regulation change recorded';
    case 'define-view':
      return 'integrated view defined: telecom presence × municipal outlets per district';
    case 'withdraw-consent':
      return `merchant ${a.subjectId} withdraws consent`;
    case 'open-dispute':
      return `${a.agreement}: dispute opened`;
    case 'resolve-dispute':
      return `${a.agreement}: dispute upheld`;
    case 'notice':
      return `${a.agreement}: notice of termination`;
    case 'exit-survey':
      return `${a.agreement}: exit survey`;
    case 'rate':
      return `${a.agreement}: consumer rates a delivery ${a.score}/5`;
    case 'exit-interview':
      return `closing interview: ${INTERVIEWS[a.index].stakeholderRole} (${INTERVIEWS[a.index].party})`;
    case 'benefit':
      return `${a.agreement}: benefit reported (${String(a.report.kind)})`;
    case 'deliver':
      return `${a.agreement}: delivery ${a.k}`;
  }
}
