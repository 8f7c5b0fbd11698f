import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ParticipantStanding } from '../../identity/application/ports';

/** Identity's view of a participant: only an active one obtains tokens. */
@Injectable()
export class ParticipantStandingRepository implements ParticipantStanding {
  constructor(private readonly dataSource: DataSource) {}

  async mayObtainTokens(participantId: string): Promise<boolean> {
    const [p] = await this.dataSource.query<Array<{ status: string }>>(
      `SELECT status FROM catalog.participants WHERE id = $1`,
      [participantId],
    );
    return p?.status === 'active';
  }
}
