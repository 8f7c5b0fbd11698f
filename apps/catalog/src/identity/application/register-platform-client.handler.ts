import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { IdempotencyStore, type IdempotentOutcome, type Role } from '@dx/service-kit';
import { generateClientId, generateSecret, hashSecret } from '../domain/client-secret';
import { ClientStore } from '../domain/oauth-client';

export interface RegisterPlatformClientCommand {
  name: string;
  roles: Array<Extract<Role, 'auditor' | 'dashboard'>>;
  operator: string;
  idempotencyKey?: string;
}

/**
 * An operator creates a client for a platform function that is not a participant: an auditor
 * (reads the access log) or a dashboard (reads aggregates). Its token subject is its client id.
 */
@Injectable()
export class RegisterPlatformClientHandler {
  constructor(
    private readonly idempotency: IdempotencyStore,
    private readonly clients: ClientStore<EntityManager>,
  ) {}

  async execute(cmd: RegisterPlatformClientCommand): Promise<IdempotentOutcome> {
    const clientId = generateClientId();
    const clientSecret = generateSecret();
    const secretHash = await hashSecret(clientSecret);
    return this.idempotency.run(
      {
        key: cmd.idempotencyKey,
        scope: `POST /platform-clients ${cmd.operator}`,
        request: { name: cmd.name, roles: cmd.roles },
      },
      async (em: EntityManager) => {
        const createdAt = new Date();
        await this.clients.add(em, {
          clientId,
          participantId: null,
          name: cmd.name,
          roles: cmd.roles,
          secretHash,
          createdAt,
          secretRotatedAt: null,
        });
        const body = {
          clientId,
          clientSecret,
          name: cmd.name,
          roles: cmd.roles,
          createdAt: createdAt.toISOString(),
        };
        const { clientSecret: _shownOnce, ...replayBody } = body;
        return { status: 201, body, replayBody };
      },
    );
  }
}
