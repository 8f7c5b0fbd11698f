import { Header, Topics, withCheckDigit } from '@dx/contracts';
import {
  PlatformError,
  seededRandom,
  until,
  type Credentials,
  type PlatformClient,
} from '@dx/demo';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { FaultStack } from './fault-stack';
import { History, type Operation } from './history';

interface Party extends Credentials {
  id: string;
}

export interface Setup {
  providers: Party[];
  consumers: Party[];
  /** Dataset id → its provider. */
  datasets: Array<{ id: string; provider: Party }>;
  /** Active agreements: every consumer on every dataset. */
  agreements: Array<{ id: string; datasetId: string; providerId: string; consumerId: string }>;
}

const DAY = 86_400_000;

function datasetBody(n: number): Record<string, unknown> {
  return {
    title: `Fault-tier counts ${n} (synthetic)`,
    description: 'Counts per site and hour, written by the fault tier.',
    themes: ['SOCI'],
    keywords: ['faults'],
    sensitivity: 'internal',
    updateFrequency: 'P1D',
    legalBasis: 'Data-sharing agreement',
    contactPoint: { name: 'Data office', email: 'data@faults.example' },
    licence: 'agreement-only',
    spatialCoverage: { name: 'Almaty' },
    temporalCoverage: { start: '2024-01-01' },
    recordSchema: {
      primaryKey: ['site', 'hour'],
      timeField: 'hour',
      schema: {
        type: 'object',
        required: ['site', 'hour', 'people'],
        properties: {
          site: { type: 'string', maxLength: 64 },
          hour: { type: 'string', format: 'date-time' },
          people: { type: 'integer', minimum: 0 },
        },
      },
    },
  };
}

/** Registers two providers with a dataset each and two consumers with active agreements on both. */
export async function prepare(api: PlatformClient): Promise<Setup> {
  const register = async (name: string, kind: string): Promise<Party> => {
    const r = await api.call<{ id: string; clientId: string; clientSecret: string }>(
      'catalog',
      'POST',
      '/v1/participants',
      undefined,
      {
        body: {
          name,
          kind,
          legalId: legalId(),
          sector: 'telecommunications',
          contactEmail: 'data@faults.example',
        },
      },
    );
    return { id: r.body.id, clientId: r.body.clientId, clientSecret: r.body.clientSecret };
  };
  const providers = [
    await register('Provider A', 'business'),
    await register('Provider B', 'business'),
  ];
  const consumers = [
    await register('City A', 'municipality'),
    await register('City B', 'municipality'),
  ];
  const datasets: Setup['datasets'] = [];
  for (const [i, provider] of providers.entries()) {
    const created = await api.call<{ id: string }>('catalog', 'POST', '/v1/datasets', provider, {
      body: datasetBody(i),
    });
    await api.call('catalog', 'POST', `/v1/datasets/${created.body.id}/publish`, provider, {
      body: {},
    });
    datasets.push({ id: created.body.id, provider });
  }
  const agreements: Setup['agreements'] = [];
  for (const d of datasets)
    for (const consumer of consumers) {
      const start = Date.now() - 3_600_000;
      const r = await until(`consent to know ${d.id}`, async () => {
        const res = await api.call<{ id: string }>('consent', 'POST', '/v1/agreements', consumer, {
          body: {
            datasetId: d.id,
            purpose: 'urban-planning',
            purposeDescription: 'Counts per site for the fault tier.',
            legalBasis: 'City data charter',
            fields: ['people'],
            deliveryFrequency: 'P1D',
            gracePeriod: 'PT6H',
            validFrom: new Date(start).toISOString(),
            // Every delivery fulfils the next daily obligation: twenty years of them never run out.
            validTo: new Date(start + 20 * 365 * DAY).toISOString(),
            retentionDays: 30,
          },
          expect: [201, 422],
        });
        return res.status === 201 ? res : undefined;
      });
      for (const who of [consumer, d.provider])
        await api.call('consent', 'POST', `/v1/agreements/${r.body.id}/accept`, who, {
          body: { termVersion: 1 },
        });
      agreements.push({
        id: r.body.id,
        datasetId: d.id,
        providerId: d.provider.id,
        consumerId: consumer.id,
      });
    }
  // Integration learns of the datasets from catalog's events; deliveries need that.
  for (const d of datasets)
    await until(`integration to know ${d.id}`, async () => {
      const res = await api.call(
        'integration',
        'GET',
        `/v1/datasets/${d.id}/settings`,
        d.provider,
        {
          expect: [200, 404],
        },
      );
      return res.status === 200 ? true : undefined;
    });
  return { providers, consumers, datasets, agreements };
}

let legalCounter = Math.floor(Math.random() * 1e5);
/** A fresh synthetic BIN (the catalog checks the check digit). */
function legalId(): string {
  for (;;) {
    legalCounter = (legalCounter + 1) % 1e5;
    const id = withCheckDigit(
      `98${String(Date.now() % 1e4).padStart(4, '0')}${String(legalCounter).padStart(5, '0')}`,
    );
    if (id) return id;
  }
}

function rows(op: number, n = 5): string {
  const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
  return (
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ site: `op${op}-${i}`, hour, people: (op * 7 + i) % 500 }),
    ).join('\n') + '\n'
  );
}

/**
 * Keeps `workers` clients busy with a seeded mix of operations through the Services (REST) and
 * the broker (Kafka inbound deliveries), recording each in the history. An operation whose
 * outcome is unknown (no answer, a 5xx, a broker error) is retried with the same key until the
 * platform gives a definite answer: afterwards it must have taken effect exactly once.
 */
export class LoadGenerator {
  readonly history = new History();
  private running = false;
  private giveUpAt = Infinity;
  private loops: Promise<void>[] = [];
  /** Inbound deliveries the broker did not take at once, resent in the background. */
  private readonly resending = new Set<Promise<void>>();
  private producer?: Producer;
  private readonly random: () => number;

  constructor(
    private readonly stack: FaultStack,
    private readonly api: PlatformClient,
    private readonly setup: Setup,
    seed: number,
    private readonly workers = 4,
  ) {
    this.random = seededRandom(seed);
  }

  start(): void {
    this.running = true;
    this.giveUpAt = Infinity;
    this.loops = Array.from({ length: this.workers }, () => this.loop());
  }

  /**
   * Stops issuing new operations and waits until every one under way has a definite outcome, for
   * up to `graceMs` (an operation still without one is left pending: the checker reports it).
   */
  async stop(graceMs = 120_000): Promise<void> {
    this.running = false;
    this.giveUpAt = Date.now() + graceMs;
    await Promise.all(this.loops);
    await Promise.all([...this.resending]);
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  /** Resolves once `n` more operations completed. */
  async completed(n: number, timeoutMs = 120_000): Promise<void> {
    const target = this.history.ops.filter((o) => o.outcome).length + n;
    const deadline = Date.now() + timeoutMs;
    while (this.history.ops.filter((o) => o.outcome).length < target) {
      if (Date.now() > deadline) throw new Error(`fewer than ${n} operations completed in time`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      // A partner system's pace, not a benchmark's: the faults, not the volume, are the test.
      await new Promise((r) => setTimeout(r, 100 + this.random() * 300));
      const x = this.random();
      const d = this.setup.datasets[Math.floor(this.random() * this.setup.datasets.length)];
      if (x < 0.2) await this.register();
      else if (x < 0.8) await this.deliver(d);
      else await this.inbound(d);
    }
  }

  /** Runs attempts until one is definite; `attempt` says what an answer means. */
  private async untilDefinite(
    op: Operation,
    attempt: () => Promise<{
      definite: boolean;
      ok?: boolean;
      status?: number;
      id?: string;
      detail?: string;
    }>,
  ): Promise<void> {
    for (let i = 0; ; i++) {
      let r: Awaited<ReturnType<typeof attempt>>;
      try {
        r = await attempt();
      } catch (err) {
        r = { definite: false, detail: (err as Error).message };
      }
      if (r.status !== undefined) this.history.saw(r.status);
      if (r.definite) {
        op.outcome = r.ok ? 'ok' : 'failed';
        op.status = r.status;
        op.id = r.id;
        op.detail = r.detail;
        op.endedAt = Date.now();
        return;
      }
      op.unknownAttempts++;
      op.detail = r.detail;
      if (!this.running && Date.now() > this.giveUpAt) return; // left pending
      await new Promise((res) => setTimeout(res, Math.min(2000, 100 * 2 ** Math.min(i, 5))));
    }
  }

  private http(status: number): { definite: boolean; ok?: boolean } {
    if (status >= 200 && status < 300) return { definite: true, ok: true };
    if (status >= 500) return { definite: false };
    return { definite: true, ok: false };
  }

  private async register(): Promise<void> {
    const legal = legalId();
    const op = this.history.begin('register', `faults-register-${legal}`, legal);
    await this.untilDefinite(op, async () => {
      const r = await this.api.call<{ id: string }>(
        'catalog',
        'POST',
        '/v1/participants',
        undefined,
        {
          body: {
            name: `Merchant ${legal}`,
            kind: 'business',
            legalId: legal,
            sector: 'retail',
            contactEmail: 'shop@faults.example',
          },
          headers: { 'idempotency-key': op.key },
          expect: [201, 200, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504],
        },
      );
      return { ...this.http(r.status), status: r.status, id: r.body?.id };
    });
  }

  private async deliver(d: Setup['datasets'][number]): Promise<void> {
    const op = this.history.begin('deliver', `faults-deliver-${this.history.ops.length + 1}`, d.id);
    const text = rows(op.n);
    await this.untilDefinite(op, async () => {
      const r = await this.api.call<{ deliveryId: string }>(
        'integration',
        'POST',
        `/v1/datasets/${d.id}/deliveries`,
        d.provider,
        {
          raw: { contentType: 'application/x-ndjson', text },
          headers: { 'idempotency-key': op.key },
          expect: [201, 200, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504],
        },
      );
      return { ...this.http(r.status), status: r.status, id: r.body?.deliveryId };
    });
  }

  private async inbound(d: Setup['datasets'][number]): Promise<void> {
    const op = this.history.begin('inbound', `faults-inbound-${this.history.ops.length + 1}`, d.id);
    const text = rows(op.n);
    const send = async () => {
      const producer = await this.kafkaProducer();
      await producer
        .send({
          topic: `${this.stack.prefix}${Topics.integrationInbound}`,
          acks: -1,
          timeout: 5000,
          messages: [
            {
              key: d.id,
              value: text,
              headers: {
                [Header.providerId]: d.provider.id,
                [Header.deliveryKey]: op.key,
                [Header.contentType]: 'application/x-ndjson',
              },
            },
          ],
        })
        .catch(async (err: unknown) => {
          // A fresh producer after a failure: its sequence numbers may be out of step (see
          // KafkaPublisher.publish); the delivery key makes a resend apply once.
          await this.producer?.disconnect().catch(() => undefined);
          this.producer = undefined;
          throw err;
        });
      return { definite: true, ok: true };
    };
    // As a partner system would: a delivery the broker does not take now is queued and resent
    // with its key in the background, while the worker goes on (REST keeps working meanwhile).
    const first = await send().catch(() => undefined);
    if (first) {
      Object.assign(op, { outcome: 'ok', endedAt: Date.now() });
      return;
    }
    op.unknownAttempts++;
    const retry = this.untilDefinite(op, send).finally(() => this.resending.delete(retry));
    this.resending.add(retry);
  }

  /**
   * The same delivery sent `n` times at once over REST (one Idempotency-Key) and `n` times over
   * Kafka (one delivery key): each must apply once. Recorded as one operation each.
   */
  async duplicates(n: number): Promise<{ rest: string[] }> {
    const d = this.setup.datasets[0];
    const rest = this.history.begin('deliver', `faults-dup-${this.history.ops.length + 1}`, d.id);
    const text = rows(rest.n);
    const ids = await Promise.all(
      Array.from({ length: n }, () =>
        this.api
          .call<{ deliveryId: string }>(
            'integration',
            'POST',
            `/v1/datasets/${d.id}/deliveries`,
            d.provider,
            {
              raw: { contentType: 'application/x-ndjson', text },
              headers: { 'idempotency-key': rest.key },
              expect: [201],
            },
          )
          .then((r) => r.body.deliveryId),
      ),
    );
    Object.assign(rest, { outcome: 'ok', status: 201, id: ids[0], endedAt: Date.now() });
    const inbound = this.history.begin(
      'inbound',
      `faults-dup-${this.history.ops.length + 1}`,
      d.id,
    );
    const producer = await this.kafkaProducer();
    const record = {
      key: d.id,
      value: rows(inbound.n),
      headers: {
        [Header.providerId]: d.provider.id,
        [Header.deliveryKey]: inbound.key,
        [Header.contentType]: 'application/x-ndjson',
      },
    };
    await Promise.all(
      Array.from({ length: n }, () =>
        producer.send({
          topic: `${this.stack.prefix}${Topics.integrationInbound}`,
          acks: -1,
          messages: [record],
        }),
      ),
    );
    Object.assign(inbound, { outcome: 'ok', endedAt: Date.now() });
    return { rest: ids };
  }

  private async kafkaProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const p = new Kafka({
      clientId: 'faults-load',
      brokers: [this.stack.kafka.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 2, initialRetryTime: 200 },
      connectionTimeout: 2000,
    }).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await p.connect();
    } catch (err) {
      await p.disconnect().catch(() => undefined);
      throw err;
    }
    this.producer = p;
    return p;
  }
}

export { PlatformError };
