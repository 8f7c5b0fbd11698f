import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@dx/contracts';
import { ParticipantResponseDto } from '../api/dto/participant.response.dto';
import { ParticipantOrmEntity } from '../persistence/participant.orm-entity';

@Injectable()
export class GetParticipantHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(id: string): Promise<ParticipantResponseDto> {
    const p = await this.dataSource.getRepository(ParticipantOrmEntity).findOneBy({ id });
    if (!p)
      throw new AppError('not_found', 'PARTICIPANT.NOT_FOUND', `participant ${id} does not exist`);
    return ParticipantResponseDto.from(p);
  }
}
