import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { ParticipantOrmEntity } from '../../participants/persistence/participant.orm-entity';
import { ParticipantStandardOrmEntity } from '../persistence/participant-standard.orm-entity';

/** Only the participant itself adopts or revokes: a commitment cannot be made on its behalf. */
export async function lockSelf(
  em: EntityManager,
  participantId: string,
  caller: Principal,
): Promise<ParticipantOrmEntity> {
  if (!caller.roles.includes('participant') || caller.subject !== participantId) {
    throw new AppError(
      'forbidden',
      'PARTICIPANT.NOT_SELF',
      'only the participant itself adopts or revokes its standards',
    );
  }
  // Serialises adopt/revoke of one participant, so `adoptedStandards` in events is exact.
  const p = await em.findOne(ParticipantOrmEntity, {
    where: { id: participantId },
    lock: { mode: 'pessimistic_write' },
  });
  if (!p)
    throw new AppError(
      'not_found',
      'PARTICIPANT.NOT_FOUND',
      `participant ${participantId} does not exist`,
    );
  return p;
}

export async function standardsOf(em: EntityManager, participantId: string): Promise<string[]> {
  const rows = await em.find(ParticipantStandardOrmEntity, {
    where: { participantId },
    order: { standardCode: 'ASC' },
  });
  return rows.map((r) => r.standardCode);
}
