import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Obligation } from '../domain/obligation-store';
import { toObligation, type ObligationRow } from '../persistence/obligation-store.pg';

/** Read-side SQL of obligations: an agreement's whole schedule. */
@Injectable()
export class ObligationQueries {
  constructor(private readonly dataSource: DataSource) {}

  async ofAgreement(agreementId: string): Promise<Obligation[]> {
    const rows = await this.dataSource.query<ObligationRow[]>(
      `SELECT * FROM consent.obligations WHERE agreement_id = $1 ORDER BY sequence`,
      [agreementId],
    );
    return rows.map(toObligation);
  }
}
