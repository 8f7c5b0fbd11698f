import { Injectable, Inject } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError, ParticipantRegisteredV1 } from '@dx/contracts';
import { OutboxWriter } from '@dx/messaging';
import { IdempotencyStore, type IdempotentOutcome, CLOCK, type Clock } from '@dx/service-kit';
import { generateClientId, generateSecret, hashSecret } from '../../identity/domain/client-secret';
import { ClientStore } from '../../identity/domain/oauth-client';
import { isValidLegalId } from '../domain/legal-id';
import { ParticipantStore, type Participant } from '../domain/participant';
import { toParticipantView, type RegisteredParticipantView } from './participant-view';

/** What registering takes; the API's DTO implements it and validates it. */
export type RegisterParticipantInput = Pick<
  Participant,
  'name' | 'kind' | 'legalId' | 'sector' | 'contactEmail'
>;

export interface RegisterParticipantCommand {
  input: RegisterParticipantInput;
  operator: string;
  idempotencyKey?: string;
}

/**
 * Registers an organisation and issues its client credentials. The participant, its client, the
 * `catalog.participant.registered` event and the idempotency record commit in one transaction.
 */
@Injectable()
export class RegisterParticipantHandler {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly outbox: OutboxWriter,
    private readonly idempotency: IdempotencyStore,
    private readonly participants: ParticipantStore<EntityManager>,
    private readonly clients: ClientStore<EntityManager>,
  ) {}

  async execute(cmd: RegisterParticipantCommand): Promise<IdempotentOutcome> {
    const { input } = cmd;
    if (!isValidLegalId(input.legalId)) {
      throw new AppError(
        'invalid',
        'PARTICIPANT.INVALID_LEGAL_ID',
        'legalId is not a valid BIN/IIN',
        [{ path: 'legalId', message: 'check digit does not match' }],
      );
    }
    // Hashing is slow on purpose: do it before the transaction opens.
    const clientId = generateClientId();
    const clientSecret = generateSecret();
    const secretHash = await hashSecret(clientSecret);
    return this.idempotency.run(
      { key: cmd.idempotencyKey, scope: `POST /participants ${cmd.operator}`, request: input },
      (em) => this.register(em, input, clientId, clientSecret, secretHash),
    );
  }

  private async register(
    em: EntityManager,
    input: RegisterParticipantInput,
    clientId: string,
    clientSecret: string,
    secretHash: string,
  ) {
    const now = this.clock.now();
    const participant: Participant = {
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      legalId: input.legalId,
      sector: input.sector,
      contactEmail: input.contactEmail,
      status: 'active',
      statusReason: null,
      statusChangedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    if (!(await this.participants.add(em, participant)))
      throw new AppError(
        'conflict',
        'PARTICIPANT.LEGAL_ID_TAKEN',
        'a participant with this legalId is already registered',
        [{ path: 'legalId', message: 'already registered' }],
      );
    await this.clients.add(em, {
      clientId,
      participantId: participant.id,
      name: null,
      roles: ['participant'],
      secretHash,
      createdAt: now,
      secretRotatedAt: null,
    });
    await this.outbox.append(
      em,
      ParticipantRegisteredV1.envelope(
        {
          participantId: participant.id,
          name: participant.name,
          kind: participant.kind,
          legalId: participant.legalId,
          sector: participant.sector,
          status: 'active',
          registeredAt: now.toISOString(),
        },
        { source: 'catalog', subject: participant.id, time: now },
      ),
    );
    const body: RegisteredParticipantView = {
      ...toParticipantView(participant, [], { private: true }),
      clientId,
      clientSecret,
    };
    // The secret is shown once: a replayed response does not carry it (it is not stored anywhere).
    const { clientSecret: _omitted, ...replayBody } = body;
    return { status: 201, body, replayBody };
  }
}
