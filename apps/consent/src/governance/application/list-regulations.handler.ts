import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Regulation changes, newest effective first (public to authenticated callers). */
@Injectable()
export class ListRegulationsHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<{ items: Array<Record<string, unknown>> }> {
    const items = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT id AS "regulationId", reference, title, description, url, effective_at AS "effectiveAt", recorded_at AS "recordedAt"
       FROM consent.regulations ORDER BY effective_at DESC, id`,
    );
    return { items };
  }
}
