import type { EntityManager } from 'typeorm';

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
export async function sourceAccess(
  em: EntityManager,
  participantId: string,
  datasetId: string,
  fields: string[],
): Promise<SourceAccess> {
  const [d] = await em.query<Array<{ provider_id: string }>>(
    `SELECT provider_id FROM integration.datasets WHERE dataset_id = $1`,
    [datasetId],
  );
  if (!d) return { kind: 'none', datasetId, reason: `dataset ${datasetId} is not known here` };
  if (d.provider_id === participantId) return { kind: 'owner', datasetId };
  const agreements = await em.query<
    Array<{ agreement_id: string; purpose: string; fields: string[]; state: string }>
  >(
    `SELECT agreement_id, purpose, fields, state FROM integration.agreements
     WHERE dataset_id = $1 AND consumer_id = $2 ORDER BY updated_at, agreement_id`,
    [datasetId, participantId],
  );
  const inForce = agreements.filter((a) => IN_FORCE.includes(a.state));
  const covering = inForce.find((a) => fields.every((f) => a.fields.includes(f)));
  if (covering)
    return {
      kind: 'agreement',
      datasetId,
      agreementId: covering.agreement_id,
      purpose: covering.purpose,
      fields: covering.fields,
      providerId: d.provider_id,
    };
  const reason =
    inForce.length > 0
      ? `the agreement on dataset ${datasetId} does not cover the fields ${fields.filter((f) => !inForce[0].fields.includes(f)).join(', ')}`
      : agreements.length > 0
        ? `no agreement on dataset ${datasetId} is in force (${agreements.map((a) => a.state).join(', ')})`
        : `no agreement on dataset ${datasetId}`;
  return { kind: 'none', datasetId, reason };
}
