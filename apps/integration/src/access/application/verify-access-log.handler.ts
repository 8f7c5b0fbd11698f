import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { firstBrokenLink } from '../domain/access-chain';

/** Recomputes the whole access-log chain and names the first broken link, if any. */
@Injectable()
export class VerifyAccessLogHandler {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<{
    entries: number;
    intact: boolean;
    firstBrokenLink: { seq: number; reason: string } | null;
  }> {
    const rows = await this.dataSource.query<
      Array<{
        seq: string;
        agreement_id: string;
        dataset_id: string;
        provider_id: string;
        consumer_id: string;
        reader: string;
        purpose: string;
        filters: Record<string, unknown>;
        rows: number;
        at: Date;
        prev_hash: string;
        hash: string;
      }>
    >(`SELECT * FROM integration.access_log ORDER BY seq`);
    const broken = firstBrokenLink(
      rows.map((r) => ({
        seq: Number(r.seq),
        agreementId: r.agreement_id,
        datasetId: r.dataset_id,
        providerId: r.provider_id,
        consumerId: r.consumer_id,
        reader: r.reader,
        purpose: r.purpose,
        filters: r.filters,
        rows: r.rows,
        at: r.at.toISOString(),
        prevHash: r.prev_hash,
        hash: r.hash,
      })),
    );
    return { entries: rows.length, intact: broken === null, firstBrokenLink: broken };
  }
}
