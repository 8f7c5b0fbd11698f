import type { EntityManager } from 'typeorm';
import { AppError, type ParticipantKind } from '@dx/contracts';
import { assertIfMatch } from '@dx/service-kit';
import { ParticipantOrmEntity } from '../../participants/persistence/participant.orm-entity';
import { assertCanChange, datasetNotFound, type Viewer } from '../domain/dataset-access';
import {
  publicVisibilityAllowed,
  type Sensitivity,
  type Visibility,
} from '../domain/dataset-metadata';
import { DatasetOrmEntity } from '../persistence/dataset.orm-entity';
import { LicenceOrmEntity } from '../persistence/licence.orm-entity';

/**
 * Loads a dataset for a change inside the caller's transaction: row-locked (so concurrent changes
 * serialise and the version check is exact), visible and changeable by the viewer, and matching
 * `If-Match` when one was sent.
 */
export async function loadForChange(
  em: EntityManager,
  id: string,
  viewer: Viewer,
  ifMatch: string | undefined,
): Promise<{ dataset: DatasetOrmEntity; providerKind: ParticipantKind }> {
  const dataset = await em.findOne(DatasetOrmEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!dataset) throw datasetNotFound(id);
  assertCanChange(dataset, viewer);
  assertIfMatch(ifMatch, dataset.version);
  const provider = await em.findOneByOrFail(ParticipantOrmEntity, { id: dataset.providerId });
  return { dataset, providerKind: provider.kind };
}

/** Checks of metadata that need the database or span several fields; every finding at once. */
export async function checkMetadata(
  em: EntityManager,
  m: {
    licence?: string;
    sensitivity: Sensitivity;
    visibility: Visibility;
    temporalCoverage?: { start: string; end?: string };
  },
): Promise<void> {
  const errors: Array<{ path: string; message: string }> = [];
  if (m.licence !== undefined && !(await em.existsBy(LicenceOrmEntity, { code: m.licence }))) {
    const codes = (await em.find(LicenceOrmEntity, { order: { code: 'ASC' } })).map((l) => l.code);
    errors.push({ path: 'licence', message: `unknown licence; one of ${codes.join(', ')}` });
  }
  if (m.visibility === 'public' && !publicVisibilityAllowed(m.sensitivity)) {
    errors.push({
      path: 'visibility',
      message: `a ${m.sensitivity} dataset cannot be listed publicly; use 'participants'`,
    });
  }
  const t = m.temporalCoverage;
  if (t?.end !== undefined && t.end < t.start)
    errors.push({ path: 'temporalCoverage.end', message: 'must not be before start' });
  if (errors.length)
    throw new AppError(
      'invalid',
      'DATASET.INVALID_METADATA',
      'the dataset metadata is not acceptable',
      errors,
    );
}
