import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, encodeCursor, type Principal } from '@dx/service-kit';
import { adoptedStandards } from '../queries/adopted-standards';
import { ParticipantQueries, type ParticipantFilter } from '../queries/participant.queries';
import { seesPrivateFields, toParticipantView, type ParticipantPage } from './participant-view';

// The cursor is the last entry's (name, id): names repeat (two branches of a bank), the id makes
// the position unique, and both are checked before they reach SQL.
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
    // One query for the whole page's standards, not one per participant.
    const standards = await adoptedStandards(
      this.dataSource.manager,
      page.map((p) => p.id),
    );
    const last = page[page.length - 1];
    return {
      items: page.map((p) =>
        // Decided per entry: in one page a participant sees its own contact details and nobody
        // else's (operators see all).
        toParticipantView(p, standards.get(p.id)!, { private: seesPrivateFields(p, viewer) }),
      ),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
    };
  }
}
