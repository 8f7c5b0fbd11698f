import type { EntityManager } from 'typeorm';
import type { Principal } from '@dx/service-kit';
import { ParticipantStandardOrmEntity } from '../../standards/persistence/participant-standard.orm-entity';
import { ParticipantResponseDto } from '../api/dto/participant.response.dto';
import type { ParticipantOrmEntity } from '../persistence/participant.orm-entity';

/** Contact and suspension reason are private to operators and the participant itself. */
export const seesPrivateFields = (p: { id: string }, viewer: Principal): boolean =>
  viewer.roles.includes('operator') ||
  (viewer.roles.includes('participant') && viewer.subject === p.id);

export async function adoptedStandards(
  em: EntityManager,
  participantIds: string[],
): Promise<Map<string, string[]>> {
  const rows = participantIds.length
    ? await em
        .createQueryBuilder(ParticipantStandardOrmEntity, 's')
        .where('s.participant_id IN (:...ids)', { ids: participantIds })
        .orderBy('s.standard_code')
        .getMany()
    : [];
  const out = new Map<string, string[]>(participantIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.participantId)!.push(r.standardCode);
  return out;
}

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
