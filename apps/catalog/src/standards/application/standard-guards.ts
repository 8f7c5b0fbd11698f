import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import type { Participant, ParticipantStore } from '../../participants/domain/participant';

/**
 * Only the participant itself adopts or revokes: a commitment cannot be made on its behalf. The
 * row lock serialises adopt/revoke of one participant, so `adoptedStandards` in events is exact.
 */
export async function lockSelf(
  participants: ParticipantStore<EntityManager>,
  em: EntityManager,
  participantId: string,
  caller: Principal,
): Promise<Participant> {
  if (!caller.roles.includes('participant') || caller.subject !== participantId) {
    throw new AppError(
      'forbidden',
      'PARTICIPANT.NOT_SELF',
      'only the participant itself adopts or revokes its standards',
    );
  }
  const p = await participants.lock(em, participantId);
  if (!p)
    throw new AppError(
      'not_found',
      'PARTICIPANT.NOT_FOUND',
      `participant ${participantId} does not exist`,
    );
  return p;
}
