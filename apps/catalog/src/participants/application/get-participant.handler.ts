import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import type { ParticipantResponseDto } from '../api/dto/participant.response.dto';
import { ParticipantOrmEntity } from '../persistence/participant.orm-entity';
import { participantView } from './participant-view';

export const participantNotFound = (id: string): AppError =>
  new AppError('not_found', 'PARTICIPANT.NOT_FOUND', `participant ${id} does not exist`);

@Injectable()
export class GetParticipantHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(id: string, viewer: Principal): Promise<ParticipantResponseDto> {
    const p = await this.dataSource.getRepository(ParticipantOrmEntity).findOneBy({ id });
    if (!p) throw participantNotFound(id);
    return participantView(this.dataSource.manager, p, viewer);
  }
}
