import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, StandardAdoptedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { catalogEvent } from '../../shared/catalog-event';
import { ParticipantStandardOrmEntity } from '../persistence/participant-standard.orm-entity';
import { StandardOrmEntity } from '../persistence/standard.orm-entity';
import { lockSelf, standardsOf } from './standard-guards';
import { CLOCK, type Clock } from '@dx/service-kit';

export interface AdoptionResult {
  created: boolean;
  body: {
    participantId: string;
    standardCode: string;
    adoptedAt: string;
    adoptedStandards: string[];
  };
}

/** A participant adopts a standard; adopting one it already holds changes nothing (200, no event). */
@Injectable()
export class AdoptStandardHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(participantId: string, code: string, caller: Principal): Promise<AdoptionResult> {
    return this.dataSource.transaction(async (em) => {
      await lockSelf(em, participantId, caller);
      if (!(await em.existsBy(StandardOrmEntity, { code }))) {
        const known = (await em.find(StandardOrmEntity, { order: { code: 'ASC' } })).map(
          (s) => s.code,
        );
        throw new AppError('invalid', 'STANDARD.UNKNOWN', `no platform standard '${code}'`, [
          { path: 'code', message: `unknown standard; one of ${known.join(', ')}` },
        ]);
      }
      const existing = await em.findOneBy(ParticipantStandardOrmEntity, {
        participantId,
        standardCode: code,
      });
      if (existing) {
        return {
          created: false,
          body: {
            participantId,
            standardCode: code,
            adoptedAt: existing.adoptedAt.toISOString(),
            adoptedStandards: await standardsOf(em, participantId),
          },
        };
      }
      const now = this.clock.now();
      await em.insert(ParticipantStandardOrmEntity, {
        participantId,
        standardCode: code,
        adoptedAt: now,
      });
      const adoptedStandards = await standardsOf(em, participantId);
      const data = {
        participantId,
        standardCode: code,
        adoptedAt: now.toISOString(),
        adoptedStandards,
      };
      await this.outbox.append(em, catalogEvent(StandardAdoptedV1, data, now));
      return { created: true, body: data };
    });
  }
}
