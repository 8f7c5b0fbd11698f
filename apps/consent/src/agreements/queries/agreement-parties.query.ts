import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** An agreement's two parties, for checks on who may read what hangs under it. */
@Injectable()
export class AgreementPartiesQuery {
  constructor(private readonly dataSource: DataSource) {}

  async of(
    agreementId: string,
  ): Promise<{ id: string; providerId: string; consumerId: string } | null> {
    const [a] = await this.dataSource.query<
      Array<{ id: string; provider_id: string; consumer_id: string }>
    >(`SELECT id, provider_id, consumer_id FROM consent.agreements WHERE id = $1`, [agreementId]);
    return a ? { id: a.id, providerId: a.provider_id, consumerId: a.consumer_id } : null;
  }
}
