import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AppError,
  DisputeResolvedV1,
  type DisputeResolvedV1 as DisputeResolved,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import type { ResolveDisputeDto } from '../api/dto/governance.dto';
import { governanceEvent } from './governance-events';
import { CLOCK, type Clock } from '@dx/service-kit';

/**
 * The operator resolves a dispute. `upheld` names the party at fault, which must be one of the two
 * parties (it becomes integrity evidence against it); a resolved dispute is final.
 */
@Injectable()
export class ResolveDisputeHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(
    id: string,
    input: ResolveDisputeDto,
    operator: Principal,
  ): Promise<Record<string, unknown>> {
    return this.dataSource.transaction(async (em) => {
      const [d] = await em.query<
        Array<{
          id: string;
          agreement_id: string;
          dataset_id: string;
          opened_by: string;
          against: string;
          category: DisputeResolved['category'];
          status: string;
          opened_at: Date;
          provider_id: string;
          consumer_id: string;
        }>
      >(
        `SELECT d.*, a.provider_id, a.consumer_id FROM consent.disputes d JOIN consent.agreements a ON a.id = d.agreement_id
         WHERE d.id = $1 FOR UPDATE OF d`,
        [id],
      );
      if (!d) throw new AppError('not_found', 'DISPUTE.NOT_FOUND', `dispute ${id} does not exist`);
      if (d.status === 'resolved')
        throw new AppError(
          'conflict',
          'DISPUTE.ALREADY_RESOLVED',
          'the dispute is already resolved',
          [],
          { currentState: 'resolved', allowedTransitions: [] },
        );
      if (input.outcome === 'upheld' && !input.against)
        throw new AppError(
          'invalid',
          'DISPUTE.AGAINST_REQUIRED',
          'an upheld dispute names the party at fault',
          [{ path: 'against', message: 'is required when outcome is upheld' }],
        );
      if (input.against && ![d.provider_id, d.consumer_id].includes(input.against))
        throw new AppError(
          'unprocessable',
          'DISPUTE.AGAINST_NOT_PARTY',
          'the party at fault must be a party to the agreement',
          [{ path: 'against', message: 'is not a party to the agreement' }],
        );
      const now = this.clock.now();
      const upheldAgainst = input.outcome === 'upheld' ? input.against : undefined;
      await em.query(
        `UPDATE consent.disputes SET status = 'resolved', outcome = $2, upheld_against = $3, resolution = $4, resolved_by = $5, resolved_at = $6 WHERE id = $1`,
        [id, input.outcome, upheldAgainst ?? null, input.resolution, operator.subject, now],
      );
      const data: DisputeResolved = {
        disputeId: id,
        agreementId: d.agreement_id,
        datasetId: d.dataset_id,
        openedBy: d.opened_by,
        against: d.against,
        category: d.category,
        outcome: input.outcome,
        ...(upheldAgainst ? { upheldAgainst } : {}),
        resolution: input.resolution,
        resolvedBy: operator.subject,
        openedAt: d.opened_at.toISOString(),
        occurredAt: now.toISOString(),
      };
      await this.outbox.append(em, governanceEvent(DisputeResolvedV1, data, now));
      return { id, status: 'resolved', ...data };
    });
  }
}
