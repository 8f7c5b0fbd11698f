import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ParticipantStore, type Participant } from '../domain/participant';
import { toParticipant, type ParticipantRow } from './participant-row';

/** `catalog.participants`. */
@Injectable()
export class PgParticipantStore extends ParticipantStore<EntityManager> {
  /**
   * The unique constraint (uq_participants_legal_id) decides, not a lookup before the insert: of two
   * registrations racing for one legalId the second waits for the first to commit and then inserts
   * nothing, which the caller answers with a 409. A lookup first let both pass and the loser's
   * insert fail with a unique violation, answered as a 500.
   */
  async add(em: EntityManager, p: Participant): Promise<boolean> {
    const inserted = await em.query<unknown[]>(
      `INSERT INTO catalog.participants (id, name, kind, legal_id, sector, contact_email, status, status_reason,
                                         status_changed_at, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (legal_id) DO NOTHING RETURNING id`,
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
    return inserted.length > 0;
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
