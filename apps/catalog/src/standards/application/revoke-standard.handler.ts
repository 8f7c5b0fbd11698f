import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError, StandardRevokedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { catalogEvent } from '../../shared/catalog-event';
import { ParticipantStandardOrmEntity } from '../persistence/participant-standard.orm-entity';
import { lockSelf, standardsOf } from './standard-guards';
import { CLOCK, type Clock } from '@dx/service-kit';

/** A participant revokes a standard it had adopted (404 if it had not). */
@Injectable()
export class RevokeStandardHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(participantId: string, code: string, caller: Principal): Promise<void> {
    return this.dataSource.transaction(async (em) => {
      await lockSelf(em, participantId, caller);
      const removed = await em.delete(ParticipantStandardOrmEntity, {
        participantId,
        standardCode: code,
      });
      if (!removed.affected) {
        throw new AppError(
          'not_found',
          'STANDARD.NOT_ADOPTED',
          `participant ${participantId} has not adopted '${code}'`,
        );
      }
      const now = this.clock.now();
      await this.outbox.append(
        em,
        catalogEvent(
          StandardRevokedV1,
          {
            participantId,
            standardCode: code,
            revokedAt: now.toISOString(),
            adoptedStandards: await standardsOf(em, participantId),
          },
          now,
        ),
      );
    });
  }
}
