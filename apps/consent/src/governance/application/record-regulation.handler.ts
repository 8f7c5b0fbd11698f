import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  RegulationChangedV1,
  type RegulationChangedV1 as RegulationChanged,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { GovernanceStore } from '../domain/governance-store';
import type { RecordRegulationInput } from './governance-inputs';
import { governanceEvent } from './governance-events';
import { CLOCK, type Clock } from '@dx/service-kit';

/** The operator records a regulation change (reference unique), for the dashboards' timeline. */
@Injectable()
export class RecordRegulationHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly governance: GovernanceStore<EntityManager>,
  ) {}

  execute(input: RecordRegulationInput, operator: Principal): Promise<RegulationChanged> {
    return this.dataSource.transaction(async (em) => {
      const now = this.clock.now();
      const data: RegulationChanged = {
        regulationId: randomUUID(),
        reference: input.reference,
        title: input.title,
        effectiveAt: new Date(input.effectiveAt).toISOString(),
        ...(input.description ? { description: input.description } : {}),
        ...(input.url ? { url: input.url } : {}),
        recordedBy: operator.subject,
        occurredAt: now.toISOString(),
      };
      // The unique reference decides (ON CONFLICT in the store), so two operators recording the
      // same law at once get one record and one 409, not two timeline markers.
      if (!(await this.governance.addRegulation(em, data)))
        throw new AppError(
          'conflict',
          'REGULATION.DUPLICATE',
          `regulation ${input.reference} is already recorded`,
          [{ path: 'reference', message: 'already recorded' }],
        );
      await this.outbox.append(em, governanceEvent(RegulationChangedV1, data, now));
      return data;
    });
  }
}
