import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  BenefitReportedV1,
  type BenefitKind,
  type BenefitReportedV1 as BenefitReport,
  type FieldError,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { actorFor } from '../../agreements/application/agreement-access';
import { AgreementStore } from '../../agreements/domain/agreement-store';
import { GovernanceStore } from '../domain/governance-store';
import type { BenefitReportInput } from './governance-inputs';
import { governanceEvent } from './governance-events';
import { CLOCK, type Clock } from '@dx/service-kit';

/** States in which the agreement has been in force (benefits can only come from exchanged data). */
const IN_FORCE_ONCE = new Set(['ACTIVE', 'SUSPENDED', 'NOTICE_GIVEN', 'TERMINATED', 'EXPIRED']);

/** The figure each kind of benefit needs. */
const FIGURE: Record<BenefitKind, 'amountKzt' | 'hours' | 'count' | 'users'> = {
  'cost-avoided': 'amountKzt',
  revenue: 'amountKzt',
  'staff-hours-saved': 'hours',
  'derived-product': 'count',
  'decision-supported': 'count',
  'citizen-service': 'users',
};

/**
 * A party reports what an agreement's data brought it over a period (docs/impact-indicators.md §3):
 * recorded and published as self-reported, never mixed with measured figures.
 */
@Injectable()
export class ReportBenefitHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agreements: AgreementStore<EntityManager>,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly governance: GovernanceStore<EntityManager>,
  ) {}

  execute(
    agreementId: string,
    input: BenefitReportInput,
    caller: Principal,
  ): Promise<BenefitReport> {
    // Every field error at once, before any read: the reporter fixes a report in one round.
    const fields: FieldError[] = [];
    const figure = FIGURE[input.kind];
    if (input[figure] === undefined)
      fields.push({ path: figure, message: `is required for a ${input.kind} report` });
    // One figure per report, in its own unit: a report carrying both money and hours would be
    // summed into two indicators at once and could not be read back unambiguously.
    for (const other of ['amountKzt', 'hours', 'count', 'users'] as const)
      if (other !== figure && input[other] !== undefined)
        fields.push({ path: other, message: `does not belong to a ${input.kind} report` });
    // The service a citizen-service report improved; other kinds serve no resident directly.
    if (input.service !== undefined && input.kind !== 'citizen-service')
      fields.push({ path: 'service', message: 'belongs only to a citizen-service report' });
    const from = new Date(input.periodFrom);
    const to = new Date(input.periodTo);
    if (from >= to) fields.push({ path: 'periodTo', message: 'must be after periodFrom' });
    if (to > this.clock.now())
      fields.push({
        path: 'periodTo',
        message: 'a benefit is reported for a period that has passed',
      });
    if (fields.length)
      throw new AppError('invalid', 'BENEFIT.INVALID', 'the benefit report is not valid', fields);
    return this.dataSource.transaction(async (em) => {
      const a = await this.agreements.load(em, agreementId);
      // actorFor answers 404 to a non-party, and operator for an operator: an operator does not
      // speak for what a party gained.
      const actor = actorFor(a, caller);
      if (actor.role !== 'provider' && actor.role !== 'consumer')
        throw new AppError('forbidden', 'BENEFIT.NOT_A_PARTY', 'only a party reports benefits');
      if (!IN_FORCE_ONCE.has(a.state))
        throw new AppError(
          'conflict',
          'BENEFIT.NEVER_IN_FORCE',
          `an agreement in state ${a.state} has not exchanged data yet`,
          [],
          { currentState: a.state, allowedTransitions: [] },
        );
      const now = this.clock.now();
      const data: BenefitReport = {
        reportId: randomUUID(),
        agreementId: a.id,
        datasetId: a.datasetId,
        reporter: caller.subject,
        reporterRole: actor.role,
        kind: input.kind,
        periodFrom: from.toISOString(),
        periodTo: to.toISOString(),
        [figure]: input[figure],
        ...(input.viewId ? { viewId: input.viewId } : {}),
        ...(input.service ? { service: input.service } : {}),
        description: input.description,
        selfReported: true,
        occurredAt: now.toISOString(),
      };
      await this.governance.addBenefitReport(em, data);
      await this.outbox.append(em, governanceEvent(BenefitReportedV1, data, now));
      return data;
    });
  }
}
