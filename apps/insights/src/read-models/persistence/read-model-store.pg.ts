import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Fact } from '../domain/fact';
import { ReadModelStore, type ReadModelUpdate } from '../domain/read-model-store';

/** The channel the projection notifies on commit (so every replica hears every update). */
export const UPDATES_CHANNEL = 'insights_updates';

/** The read-model tables (not the inbox: the running consumer keeps its own progress). */
const TABLES = ['facts', 'participants', 'datasets', 'agreements', 'trust_scores', 'commitment'];

/** The `insights` read models, projected set-based: one statement per table per batch. */
@Injectable()
export class PgReadModelStore extends ReadModelStore<EntityManager> {
  /**
   * Facts are the append-only base every view is computed from; keyed by event id, so a
   * redelivered or replayed event (insights:rebuild) adds nothing twice.
   */
  async addFacts(em: EntityManager, facts: Fact[]): Promise<void> {
    await em.query(
      `INSERT INTO insights.facts (event_id, type, topic, occurred_at, participant_id, provider_id, consumer_id, agreement_id, dataset_id, data)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, type text, topic text, occurred_at timestamptz,
              participant_id uuid, provider_id uuid, consumer_id uuid, agreement_id uuid, dataset_id uuid, data jsonb)
       ON CONFLICT DO NOTHING`,
      [
        JSON.stringify(
          facts.map((f) => ({
            event_id: f.eventId,
            type: f.type,
            topic: f.topic,
            occurred_at: f.occurredAt,
            participant_id: f.participantId,
            provider_id: f.providerId,
            consumer_id: f.consumerId,
            agreement_id: f.agreementId,
            dataset_id: f.datasetId,
            data: f.data,
          })),
        ),
      ],
    );
  }

  async project(em: EntityManager, eventIds: string[]): Promise<void> {
    const ids = JSON.stringify(eventIds);
    // The state tables, from the facts just written (in event order within the group). Each upsert
    // takes the latest fact per key inside the group (DISTINCT ON … ORDER BY time DESC) and only
    // moves a row forward (the WHERE on the conflict): events of one key arrive in order on their
    // partition, but a rebuild and the running consumer may interleave, and a later state must
    // never be overwritten by an older one.
    await em.query(
      `INSERT INTO insights.participants (participant_id, name, kind, sector, status, registered_at, updated_at)
       SELECT DISTINCT ON (f.participant_id) f.participant_id, f.data->>'name', f.data->>'kind', f.data->>'sector',
              coalesce(f.data->>'status', 'active'), f.occurred_at, f.occurred_at
       FROM insights.facts f JOIN jsonb_array_elements_text($1::jsonb) i ON i::uuid = f.event_id
       WHERE f.type IN ('catalog.participant.registered', 'catalog.participant.updated') AND f.data ? 'name'
       ORDER BY f.participant_id, f.occurred_at DESC
       ON CONFLICT (participant_id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, sector = EXCLUDED.sector,
         updated_at = EXCLUDED.updated_at
       WHERE insights.participants.updated_at <= EXCLUDED.updated_at`,
      [ids],
    );
    // Suspensions only change the status of a participant already known (registered first).
    await em.query(
      `UPDATE insights.participants p SET status = x.status, updated_at = x.occurred_at
       FROM (SELECT DISTINCT ON (f.participant_id) f.participant_id, f.occurred_at,
                    CASE f.type WHEN 'catalog.participant.suspended' THEN 'suspended' ELSE 'active' END AS status
             FROM insights.facts f JOIN jsonb_array_elements_text($1::jsonb) i ON i::uuid = f.event_id
             WHERE f.type IN ('catalog.participant.suspended', 'catalog.participant.reinstated')
             ORDER BY f.participant_id, f.occurred_at DESC) x
       WHERE p.participant_id = x.participant_id AND p.updated_at <= x.occurred_at`,
      [ids],
    );
    await em.query(
      `INSERT INTO insights.datasets (dataset_id, provider_id, title, status, updated_at)
       SELECT DISTINCT ON (f.dataset_id) f.dataset_id, f.provider_id, f.data->'dataset'->>'title',
              coalesce(f.data->'dataset'->>'status', split_part(f.type, '.', 3)), f.occurred_at
       FROM insights.facts f JOIN jsonb_array_elements_text($1::jsonb) i ON i::uuid = f.event_id
       WHERE f.type LIKE 'catalog.dataset.%' AND f.data->'dataset' ? 'title'
       ORDER BY f.dataset_id, f.occurred_at DESC
       ON CONFLICT (dataset_id) DO UPDATE SET title = EXCLUDED.title, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at
       WHERE insights.datasets.updated_at <= EXCLUDED.updated_at`,
      [ids],
    );
    // Agreements move by version and, within a version, by step (one consent command can make
    // several transitions, which share its version and time) rather than by time; the first
    // activation and the earliest request are kept, whatever order facts were replayed in. Facts
    // recorded before events carried a step count as step 0.
    await em.query(
      `INSERT INTO insights.agreements (agreement_id, dataset_id, provider_id, consumer_id, state, version, step, purpose, legal_basis,
                                        requested_at, activated_at, ended_at, updated_at)
       SELECT DISTINCT ON (f.agreement_id) f.agreement_id, f.dataset_id, f.provider_id, f.consumer_id, f.data->>'state',
              (f.data->>'version')::int, coalesce((f.data->>'step')::int, 0),
              f.data->'terms'->>'purpose', f.data->'terms'->>'legalBasis', f.occurred_at,
              CASE WHEN f.data->>'state' = 'ACTIVE' THEN f.occurred_at END,
              CASE WHEN f.data->>'state' IN ('TERMINATED', 'EXPIRED', 'WITHDRAWN', 'REJECTED') THEN f.occurred_at END,
              f.occurred_at
       FROM insights.facts f JOIN jsonb_array_elements_text($1::jsonb) i ON i::uuid = f.event_id
       WHERE f.type LIKE 'consent.agreement.%' AND f.data ? 'state'
       ORDER BY f.agreement_id, (f.data->>'version')::int DESC, coalesce((f.data->>'step')::int, 0) DESC, f.occurred_at DESC
       ON CONFLICT (agreement_id) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version, step = EXCLUDED.step,
         purpose = coalesce(EXCLUDED.purpose, insights.agreements.purpose),
         legal_basis = coalesce(EXCLUDED.legal_basis, insights.agreements.legal_basis),
         requested_at = LEAST(insights.agreements.requested_at, EXCLUDED.requested_at),
         activated_at = coalesce(insights.agreements.activated_at, EXCLUDED.activated_at),
         ended_at = EXCLUDED.ended_at, updated_at = EXCLUDED.updated_at
       WHERE (insights.agreements.version, insights.agreements.step) <= (EXCLUDED.version, EXCLUDED.step)`,
      [ids],
    );
    await em.query(
      `INSERT INTO insights.trust_scores (participant_id, role, score, lower_bound, uncertainty, tier, model_version, computed_at)
       SELECT DISTINCT ON (f.participant_id, f.data->>'role') f.participant_id, f.data->>'role', (f.data->>'score')::float8,
              (f.data->>'lowerBound')::float8, (f.data->>'uncertainty')::float8, f.data->>'tier', f.data->>'modelVersion', f.occurred_at
       FROM insights.facts f JOIN jsonb_array_elements_text($1::jsonb) i ON i::uuid = f.event_id
       WHERE f.type = 'trust.score.updated' AND f.data->>'scope' = 'global'
       ORDER BY f.participant_id, f.data->>'role', f.occurred_at DESC
       ON CONFLICT (participant_id, role) DO UPDATE SET score = EXCLUDED.score, lower_bound = EXCLUDED.lower_bound,
         uncertainty = EXCLUDED.uncertainty, tier = EXCLUDED.tier, model_version = EXCLUDED.model_version, computed_at = EXCLUDED.computed_at
       WHERE insights.trust_scores.computed_at <= EXCLUDED.computed_at`,
      [ids],
    );
    await em.query(
      `INSERT INTO insights.commitment (participant_id, index, components, computed_at)
       SELECT DISTINCT ON (f.participant_id) f.participant_id, (f.data->>'index')::float8, f.data->'components', f.occurred_at
       FROM insights.facts f JOIN jsonb_array_elements_text($1::jsonb) i ON i::uuid = f.event_id
       WHERE f.type = 'trust.commitment.updated'
       ORDER BY f.participant_id, f.occurred_at DESC
       ON CONFLICT (participant_id) DO UPDATE SET index = EXCLUDED.index, components = EXCLUDED.components, computed_at = EXCLUDED.computed_at
       WHERE insights.commitment.computed_at <= EXCLUDED.computed_at`,
      [ids],
    );
  }

  /** NOTIFY is delivered at commit, so a dashboard stream never shows an update that rolled back. */
  async announce(em: EntityManager, update: ReadModelUpdate): Promise<void> {
    await em.query(`SELECT pg_notify($1, $2)`, [UPDATES_CHANNEL, JSON.stringify(update)]);
  }

  async clear(em: EntityManager): Promise<void> {
    await em.query(`TRUNCATE ${TABLES.map((t) => `insights.${t}`).join(', ')}`);
  }
}
