import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ListQuery } from '@dx/service-kit';
import type { Participant } from '../domain/participant';
import { toParticipant, type ParticipantRow } from '../persistence/participant-row';

/** The directory's filters; the API's query DTO implements and validates them. */
export interface ParticipantFilter extends ListQuery {
  kind?: string;
  status?: string;
  sector?: string;
  /** Only participants that adopted this standard. */
  standard?: string;
}

/** Read-side SQL of the participant directory. */
@Injectable()
export class ParticipantQueries {
  constructor(private readonly dataSource: DataSource) {}

  async byId(id: string): Promise<Participant | null> {
    const [row] = await this.dataSource.query<ParticipantRow[]>(
      `SELECT * FROM catalog.participants WHERE id = $1`,
      [id],
    );
    return row ? toParticipant(row) : null;
  }

  /** By name then id, after the keyset position, up to `limit + 1` rows (one more tells a next page). */
  async list(f: ParticipantFilter, after: [string, string] | null): Promise<Participant[]> {
    const params: unknown[] = [];
    const p = (v: unknown): string => `$${params.push(v)}`;
    const where: string[] = [];
    if (f.kind) where.push(`p.kind = ${p(f.kind)}`);
    if (f.status) where.push(`p.status = ${p(f.status)}`);
    if (f.sector) where.push(`p.sector = ${p(f.sector)}`);
    if (f.standard)
      where.push(
        `EXISTS (SELECT 1 FROM catalog.participant_standards s WHERE s.participant_id = p.id AND s.standard_code = ${p(f.standard)})`,
      );
    if (after) where.push(`(p.name, p.id) > (${p(after[0])}, ${p(after[1])}::uuid)`);
    const rows = await this.dataSource.query<ParticipantRow[]>(
      `SELECT p.* FROM catalog.participants p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY p.name ASC, p.id ASC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    return rows.map(toParticipant);
  }
}
