import type { EntityManager } from 'typeorm';
import type { Principal } from '@dx/service-kit';
import { ParticipantResponseDto } from '../api/dto/participant.response.dto';
import type { ParticipantOrmEntity } from '../persistence/participant.orm-entity';
import { adoptedStandards } from '../queries/adopted-standards';

/** Contact and suspension reason are private to operators and the participant itself. */
export const seesPrivateFields = (p: { id: string }, viewer: Principal): boolean =>
  viewer.roles.includes('operator') ||
  (viewer.roles.includes('participant') && viewer.subject === p.id);

export async function participantView(
  em: EntityManager,
  p: ParticipantOrmEntity,
  viewer: Principal,
): Promise<ParticipantResponseDto> {
  const standards = await adoptedStandards(em, [p.id]);
  return ParticipantResponseDto.from(p, standards.get(p.id)!, {
    private: seesPrivateFields(p, viewer),
  });
}
