import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Principal } from '@dx/service-kit';
import {
  ParticipantResponseDto,
  type ParticipantPageDto,
} from '../api/dto/participant.response.dto';
import type { ListParticipantsQueryDto } from '../api/dto/list-participants.query.dto';
import { ParticipantOrmEntity } from '../persistence/participant.orm-entity';
import { adoptedStandards } from '../queries/adopted-standards';
import { seesPrivateFields } from './participant-view';

const isPosition = (v: unknown[]): v is [string, string] =>
  typeof v[0] === 'string' && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1]);

/** The participant directory, by name, with keyset pagination. */
@Injectable()
export class ListParticipantsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(query: ListParticipantsQueryDto, viewer: Principal): Promise<ParticipantPageDto> {
    const qb = this.dataSource.manager
      .createQueryBuilder(ParticipantOrmEntity, 'p')
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(query.limit + 1);
    if (query.kind) qb.andWhere('p.kind = :kind', { kind: query.kind });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    if (query.sector) qb.andWhere('p.sector = :sector', { sector: query.sector });
    if (query.standard) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM catalog.participant_standards s WHERE s.participant_id = p.id AND s.standard_code = :standard)',
        { standard: query.standard },
      );
    }
    const after = decodeCursor(query.cursor, 2, isPosition);
    if (after) qb.andWhere('(p.name, p.id) > (:name, :id::uuid)', { name: after[0], id: after[1] });
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const standards = await adoptedStandards(
      this.dataSource.manager,
      page.map((p) => p.id),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((p) =>
        ParticipantResponseDto.from(p, standards.get(p.id)!, {
          private: seesPrivateFields(p, viewer),
        }),
      ),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }
}
