import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppError,
  RegulationChangedV1,
  type RegulationChangedV1 as RegulationChanged,
} from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import type { RecordRegulationDto } from '../api/dto/governance.dto';
import { governanceEvent } from './governance-events';
import { CLOCK, type Clock } from '@dx/service-kit';

/** The operator records a regulation change (reference unique), for the dashboards' timeline. */
@Injectable()
export class RecordRegulationHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(input: RecordRegulationDto, operator: Principal): Promise<RegulationChanged> {
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
      const inserted = await em.query<unknown[]>(
        `INSERT INTO consent.regulations (id, reference, title, description, url, effective_at, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (reference) DO NOTHING RETURNING id`,
        [
          data.regulationId,
          data.reference,
          data.title,
          data.description ?? null,
          data.url ?? null,
          data.effectiveAt,
          operator.subject,
          now,
        ],
      );
      if (inserted.length === 0)
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
