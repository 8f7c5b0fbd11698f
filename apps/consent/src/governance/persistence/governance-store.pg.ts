import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  BenefitReportedV1,
  DisputeOpenedV1,
  DisputeResolvedV1,
  ExitInterviewRecordedV1,
  ExitSurveyCompletedV1,
  RegulationChangedV1,
} from '@dx/contracts';
import { GovernanceStore, type StoredDispute } from '../domain/governance-store';

/** `consent.disputes`, `benefit_reports`, `exit_surveys`, `exit_interviews` and `regulations`. */
@Injectable()
export class PgGovernanceStore extends GovernanceStore<EntityManager> {
  /** Stored from the event the use case publishes, so the row and the event cannot disagree. */
  async addDispute(em: EntityManager, d: DisputeOpenedV1): Promise<void> {
    await em.query(
      `INSERT INTO consent.disputes (id, agreement_id, dataset_id, opened_by, against, category, description, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        d.disputeId,
        d.agreementId,
        d.datasetId,
        d.openedBy,
        d.against,
        d.category,
        d.description,
        d.occurredAt,
      ],
    );
  }

  /**
   * Locked for its resolution (two operators resolving at once: the second sees it resolved); the
   * agreement's parties come along to check whom an upheld dispute may be upheld against.
   */
  async lockDispute(em: EntityManager, id: string): Promise<StoredDispute | null> {
    const [d] = await em.query<
      Array<{
        id: string;
        agreement_id: string;
        dataset_id: string;
        opened_by: string;
        against: string;
        category: StoredDispute['category'];
        status: string;
        opened_at: Date;
        provider_id: string;
        consumer_id: string;
      }>
    >(
      // OF d: only the dispute is locked. Resolving it neither waits for nor blocks the commands
      // that run on the agreement meanwhile (the parties are only read).
      `SELECT d.*, a.provider_id, a.consumer_id FROM consent.disputes d JOIN consent.agreements a ON a.id = d.agreement_id
       WHERE d.id = $1 FOR UPDATE OF d`,
      [id],
    );
    return d
      ? {
          id: d.id,
          agreementId: d.agreement_id,
          datasetId: d.dataset_id,
          openedBy: d.opened_by,
          against: d.against,
          category: d.category,
          status: d.status,
          openedAt: new Date(d.opened_at),
          providerId: d.provider_id,
          consumerId: d.consumer_id,
        }
      : null;
  }

  async resolveDispute(em: EntityManager, d: DisputeResolvedV1): Promise<void> {
    await em.query(
      `UPDATE consent.disputes SET status = 'resolved', outcome = $2, upheld_against = $3, resolution = $4, resolved_by = $5, resolved_at = $6 WHERE id = $1`,
      [d.disputeId, d.outcome, d.upheldAgainst ?? null, d.resolution, d.resolvedBy, d.occurredAt],
    );
  }

  /**
   * Every report is kept, overlapping periods included: the figures are a party's own statements,
   * summed and labelled as such, and correcting one is a matter for the study, not the platform.
   */
  async addBenefitReport(em: EntityManager, r: BenefitReportedV1): Promise<void> {
    await em.query(
      `INSERT INTO consent.benefit_reports (id, agreement_id, reporter, reporter_role, kind, period_from, period_to,
                                            amount_kzt, hours, count, users, description, reported_at, view_id, service)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        r.reportId,
        r.agreementId,
        r.reporter,
        r.reporterRole,
        r.kind,
        r.periodFrom,
        r.periodTo,
        r.amountKzt ?? null,
        r.hours ?? null,
        r.count ?? null,
        r.users ?? null,
        r.description,
        r.occurredAt,
        r.viewId ?? null,
        r.service ?? null,
      ],
    );
  }

  /**
   * Once per party and agreement (the unique key decides, not a read before the write, so two
   * submissions at once cannot both count); false when the party already answered.
   */
  async addExitSurvey(em: EntityManager, s: ExitSurveyCompletedV1): Promise<boolean> {
    const inserted = await em.query<unknown[]>(
      `INSERT INTO consent.exit_surveys (id, agreement_id, respondent, respondent_role, agreement_state, reasons, would_work_again, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (agreement_id, respondent_role) DO NOTHING RETURNING id`,
      [
        s.surveyId,
        s.agreementId,
        s.respondent,
        s.respondentRole,
        s.agreementState,
        JSON.stringify(s.reasons),
        s.wouldWorkAgain,
        s.occurredAt,
      ],
    );
    return inserted.length > 0;
  }

  /**
   * Once per stakeholder (participant and function; the unique index decides, so two operators
   * entering the same interview at once store it once); false when already recorded.
   */
  async addExitInterview(em: EntityManager, i: ExitInterviewRecordedV1): Promise<boolean> {
    const inserted = await em.query<unknown[]>(
      `INSERT INTO consent.exit_interviews (id, participant_id, stakeholder_role, held_at, interviewer, ratings, positive, negative, notes, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
      [
        i.interviewId,
        i.participantId,
        i.stakeholderRole,
        i.heldAt,
        i.interviewer,
        JSON.stringify(i.ratings),
        i.positive,
        i.negative,
        i.notes ?? null,
        i.occurredAt,
      ],
    );
    return inserted.length > 0;
  }

  async isParty(em: EntityManager, participantId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM consent.agreements WHERE provider_id = $1 OR consumer_id = $1 LIMIT 1`,
      [participantId],
    );
    return rows.length > 0;
  }

  /** One row per legal reference; false when that regulation is already recorded. */
  async addRegulation(em: EntityManager, r: RegulationChangedV1): Promise<boolean> {
    const inserted = await em.query<unknown[]>(
      `INSERT INTO consent.regulations (id, reference, title, description, url, effective_at, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (reference) DO NOTHING RETURNING id`,
      [
        r.regulationId,
        r.reference,
        r.title,
        r.description ?? null,
        r.url ?? null,
        r.effectiveAt,
        r.recordedBy,
        r.occurredAt,
      ],
    );
    return inserted.length > 0;
  }
}
