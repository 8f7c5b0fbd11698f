import type { EntityManager } from 'typeorm';
import { AppError } from '@dx/contracts';
import type { Principal } from '@dx/service-kit';
import type { DatasetReplica } from '../../datasets/persistence/dataset-replica';

/**
 * The dataset a subject-level request (consent, erasure) is about: it must be known, have a subject
 * field, and the caller must be its provider (who holds the subject relationship) or an operator.
 */
export async function subjectDataset(
  em: EntityManager,
  datasets: DatasetReplica,
  datasetId: string,
  caller: Principal,
  now: Date,
  what: string,
): Promise<{ providerId: string }> {
  const dataset = await datasets.facts(em, datasetId, now);
  if (!dataset)
    throw new AppError(
      'unprocessable',
      'CONSENT.UNKNOWN_DATASET',
      `dataset ${datasetId} is not known`,
      [{ path: 'datasetId', message: 'no such dataset in the catalog' }],
    );
  if (!caller.roles.includes('operator') && dataset.providerId !== caller.subject)
    throw new AppError(
      'forbidden',
      'CONSENT.NOT_PROVIDER',
      `only the dataset's provider or an operator records ${what}`,
    );
  if (!dataset.schema.subjectField)
    throw new AppError(
      'unprocessable',
      'CONSENT.NO_SUBJECTS',
      'the dataset has no subject field; its rows are not about identifiable subjects',
      [{ path: 'datasetId', message: 'dataset has no subjectField' }],
    );
  return { providerId: dataset.providerId };
}
