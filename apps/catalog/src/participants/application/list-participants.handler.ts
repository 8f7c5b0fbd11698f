import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Principal } from '@dx/service-kit';
import { adoptedStandards } from '../queries/adopted-standards';
import { ParticipantQueries, type ParticipantFilter } from '../queries/participant.queries';
import { seesPrivateFields, toParticipantView, type ParticipantPage } from './participant-view';

const isPosition = (v: unknown[]): v is [string, string] =>
  typeof v[0] === 'string' && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1]);

/** The participant directory, by name, with keyset pagination. */
@Injectable()
export class ListParticipantsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: ParticipantQueries,
  ) {}

  async execute(query: ParticipantFilter, viewer: Principal): Promise<ParticipantPage> {
    const rows = await this.queries.list(query, decodeCursor(query.cursor, 2, isPosition) ?? null);
    const page = rows.slice(0, query.limit);
    const standards = await adoptedStandards(
      this.dataSource.manager,
      page.map((p) => p.id),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((p) =>
        toParticipantView(p, standards.get(p.id)!, { private: seesPrivateFields(p, viewer) }),
      ),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }
}
