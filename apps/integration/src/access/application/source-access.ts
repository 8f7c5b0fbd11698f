import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessQueries } from '../queries/access.queries';

/** How a participant may use a dataset's records in derived results (views, cross-source checks). */
export type SourceAccess =
  | { kind: 'owner'; datasetId: string }
  | {
      kind: 'agreement';
      datasetId: string;
      agreementId: string;
      purpose: string;
      fields: string[];
      providerId: string;
    }
  | { kind: 'none'; datasetId: string; reason: string };

const IN_FORCE = ['ACTIVE', 'NOTICE_GIVEN'];

/**
 * The same rule as a governed read: the dataset's provider, or the consumer of an agreement in
 * force on it whose agreed fields cover every field the caller wants to use. Of several agreements
 * the first (oldest) that covers the fields is taken, so the outcome is stable.
 */
@Injectable()
export class SourceAccessCheck {
  constructor(private readonly queries: AccessQueries) {}

  async of(
    em: EntityManager,
    participantId: string,
    datasetId: string,
    fields: string[],
  ): Promise<SourceAccess> {
    const queries = this.queries;
    const providerId = await queries.datasetProvider(em, datasetId);
    if (!providerId)
      return { kind: 'none', datasetId, reason: `dataset ${datasetId} is not known here` };
    if (providerId === participantId) return { kind: 'owner', datasetId };
    const agreements = await queries.agreementsOf(em, datasetId, participantId);
    const inForce = agreements.filter((a) => IN_FORCE.includes(a.state));
    const covering = inForce.find((a) => fields.every((f) => a.fields.includes(f)));
    if (covering)
      return {
        kind: 'agreement',
        datasetId,
        agreementId: covering.agreementId,
        purpose: covering.purpose,
        fields: covering.fields,
        providerId,
      };
    const reason =
      inForce.length > 0
        ? `the agreement on dataset ${datasetId} does not cover the fields ${fields.filter((f) => !inForce[0].fields.includes(f)).join(', ')}`
        : agreements.length > 0
          ? `no agreement on dataset ${datasetId} is in force (${agreements.map((a) => a.state).join(', ')})`
          : `no agreement on dataset ${datasetId}`;
    return { kind: 'none', datasetId, reason };
  }
}
