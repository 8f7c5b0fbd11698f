import { Injectable, Inject } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, StandardRevokedV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import type { Principal } from '@dx/service-kit';
import { catalogEvent } from '../../shared/catalog-event';
import { ParticipantStore } from '../../participants/domain/participant';
import { StandardStore } from '../domain/standard-store';
import { lockSelf } from './standard-guards';
import { CLOCK, type Clock } from '@dx/service-kit';

/** A participant revokes a standard it had adopted (404 if it had not). */
@Injectable()
export class RevokeStandardHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly participants: ParticipantStore<EntityManager>,
    private readonly standards: StandardStore<EntityManager>,
  ) {}

  execute(participantId: string, code: string, caller: Principal): Promise<void> {
    return this.dataSource.transaction(async (em) => {
      // The participant's row is the lock: an adoption and a revocation at once run one after the
      // other, so each event's list of adopted standards is the one that held after it.
      await lockSelf(this.participants, em, participantId, caller);
      if (!(await this.standards.revoke(em, participantId, code))) {
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
            // The full list after the change, not only the code: trust sets the participant's
            // shared values from it and needs no memory of earlier events.
            adoptedStandards: await this.standards.adoptedBy(em, participantId),
          },
          now,
        ),
      );
    });
  }
}
