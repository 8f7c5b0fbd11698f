import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ParticipantStore, type Participant } from '../domain/participant';
import { toParticipant, type ParticipantRow } from './participant-row';

/** `catalog.participants`. */
@Injectable()
export class PgParticipantStore extends ParticipantStore<EntityManager> {
  // Asked first so the usual duplicate gets a 409 naming `legalId`; the unique constraint
  // (uq_participants_legal_id) is what holds when two registrations race.
  async legalIdTaken(em: EntityManager, legalId: string): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `SELECT 1 FROM catalog.participants WHERE legal_id = $1`,
      [legalId],
    );
    return rows.length > 0;
  }

  async add(em: EntityManager, p: Participant): Promise<void> {
    await em.query(
      `INSERT INTO catalog.participants (id, name, kind, legal_id, sector, contact_email, status, status_reason,
                                         status_changed_at, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        p.id,
        p.name,
        p.kind,
        p.legalId,
        p.sector,
        p.contactEmail,
        p.status,
        p.statusReason,
        p.statusChangedAt,
        p.createdAt,
        p.updatedAt,
        p.version,
      ],
    );
  }

  async lock(em: EntityManager, id: string): Promise<Participant | null> {
    const [row] = await em.query<ParticipantRow[]>(
      `SELECT * FROM catalog.participants WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ? toParticipant(row) : null;
  }

  async save(em: EntityManager, p: Participant): Promise<void> {
    await em.query(
      `UPDATE catalog.participants SET name = $2, kind = $3, sector = $4, contact_email = $5, status = $6,
              status_reason = $7, status_changed_at = $8, updated_at = $9, version = $10
       WHERE id = $1`,
      [
        p.id,
        p.name,
        p.kind,
        p.sector,
        p.contactEmail,
        p.status,
        p.statusReason,
        p.statusChangedAt,
        p.updatedAt,
        p.version,
      ],
    );
  }
}
