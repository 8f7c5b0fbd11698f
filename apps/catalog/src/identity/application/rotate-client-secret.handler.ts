import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import { generateSecret, hashSecret } from '../domain/client-secret';
import { ClientStore } from '../domain/oauth-client';

export interface NewCredentials {
  clientId: string;
  /** Shown once; only its hash is kept. */
  clientSecret: string;
  rotatedAt: string;
}

/**
 * Replaces a client's secret: the old one stops working at once (tokens it already obtained stay
 * valid until they expire, at most TOKEN_TTL_SECONDS). A participant rotates its own; an operator
 * rotates anyone's, e.g. after a leak.
 */
@Injectable()
export class RotateClientSecretHandler {
  constructor(private readonly clients: ClientStore<EntityManager>) {}

  async forParticipant(participantId: string, caller: Principal): Promise<NewCredentials> {
    const isOperator = caller.roles.includes('operator');
    if (!isOperator && caller.subject !== participantId) {
      throw new AppError(
        'forbidden',
        'PARTICIPANT.NOT_SELF',
        'only the participant itself or an operator may rotate its credentials',
      );
    }
    const client = await this.clients.findForParticipant(participantId);
    if (!client)
      throw new AppError(
        'not_found',
        'PARTICIPANT.NOT_FOUND',
        `participant ${participantId} does not exist`,
      );
    return this.rotate(client.clientId);
  }

  async forPlatformClient(clientId: string): Promise<NewCredentials> {
    const client = await this.clients.findPlatform(clientId);
    if (!client)
      throw new AppError(
        'not_found',
        'CLIENT.NOT_FOUND',
        `platform client ${clientId} does not exist`,
      );
    return this.rotate(client.clientId);
  }

  private async rotate(clientId: string): Promise<NewCredentials> {
    const clientSecret = generateSecret();
    const secretHash = await hashSecret(clientSecret);
    const rotatedAt = new Date();
    await this.clients.setSecret(clientId, secretHash, rotatedAt);
    return { clientId, clientSecret, rotatedAt: rotatedAt.toISOString() };
  }
}
