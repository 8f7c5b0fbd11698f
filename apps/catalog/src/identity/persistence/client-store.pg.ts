import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ClientStore, type OAuthClient } from '../domain/oauth-client';

interface ClientRow {
  client_id: string;
  participant_id: string | null;
  name: string | null;
  roles: string[];
  secret_hash: string;
  created_at: Date;
  secret_rotated_at: Date | null;
}

const toClient = (r: ClientRow): OAuthClient => ({
  clientId: r.client_id,
  participantId: r.participant_id,
  name: r.name,
  roles: r.roles,
  secretHash: r.secret_hash,
  createdAt: new Date(r.created_at),
  secretRotatedAt: r.secret_rotated_at ? new Date(r.secret_rotated_at) : null,
});

/**
 * `catalog.oauth_clients`: one row per OAuth client, a participant's or a platform client's
 * (auditor, dashboard: `participant_id` NULL). Only a scrypt hash of the secret is kept, so a
 * leaked table gives no usable credential.
 */
@Injectable()
export class PgClientStore extends ClientStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async add(em: EntityManager, c: OAuthClient): Promise<void> {
    await em.query(
      `INSERT INTO catalog.oauth_clients (client_id, participant_id, name, roles, secret_hash, created_at, secret_rotated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.clientId, c.participantId, c.name, c.roles, c.secretHash, c.createdAt, c.secretRotatedAt],
    );
  }

  private async one(where: string, param: string): Promise<OAuthClient | null> {
    const [row] = await this.dataSource.query<ClientRow[]>(
      `SELECT * FROM catalog.oauth_clients WHERE ${where} LIMIT 1`,
      [param],
    );
    return row ? toClient(row) : null;
  }

  find(clientId: string): Promise<OAuthClient | null> {
    return this.one('client_id = $1', clientId);
  }

  findForParticipant(participantId: string): Promise<OAuthClient | null> {
    return this.one('participant_id = $1', participantId);
  }

  // A platform client never matches a participant's id: rotating one through the platform-client
  // endpoint cannot reach a participant's credential, or the other way round.
  findPlatform(clientId: string): Promise<OAuthClient | null> {
    return this.one('client_id = $1 AND participant_id IS NULL', clientId);
  }

  async setSecret(clientId: string, secretHash: string, rotatedAt: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE catalog.oauth_clients SET secret_hash = $2, secret_rotated_at = $3 WHERE client_id = $1`,
      [clientId, secretHash, rotatedAt],
    );
  }
}
