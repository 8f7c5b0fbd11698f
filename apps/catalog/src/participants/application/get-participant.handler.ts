import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { ParticipantQueries } from '../queries/participant.queries';
import { participantView, type ParticipantView } from './participant-view';

export const participantNotFound = (id: string): AppError =>
  new AppError('not_found', 'PARTICIPANT.NOT_FOUND', `participant ${id} does not exist`);

@Injectable()
export class GetParticipantHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: ParticipantQueries,
  ) {}

  async execute(id: string, viewer: Principal): Promise<ParticipantView> {
    const p = await this.queries.byId(id);
    if (!p) throw participantNotFound(id);
    return participantView(this.dataSource.manager, p, viewer);
  }
}
