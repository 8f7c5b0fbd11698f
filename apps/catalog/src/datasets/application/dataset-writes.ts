import type { EntityManager } from 'typeorm';
import { AppError, type ParticipantKind } from '@dx/contracts';
import { assertIfMatch } from '@dx/service-kit';
import type { Dataset, DatasetStore } from '../domain/dataset';
import { assertCanChange, datasetNotFound, type Viewer } from '../domain/dataset-access';
import {
  publicVisibilityAllowed,
  type Sensitivity,
  type Visibility,
} from '../domain/dataset-metadata';

/**
 * Loads a dataset for a change inside the caller's transaction: row-locked (so concurrent changes
 * serialise and the version check is exact), visible and changeable by the viewer, and matching
 * `If-Match` when one was sent.
 */
export async function loadForChange(
  store: DatasetStore<EntityManager>,
  em: EntityManager,
  id: string,
  viewer: Viewer,
  ifMatch: string | undefined,
): Promise<{ dataset: Dataset; providerKind: ParticipantKind }> {
  const dataset = await store.lock(em, id);
  if (!dataset) throw datasetNotFound(id);
  assertCanChange(dataset, viewer);
  assertIfMatch(ifMatch, dataset.version);
  const provider = await store.provider(em, dataset.providerId);
  // The provider is a foreign key of the dataset: it exists.
  if (!provider) throw new Error(`dataset ${id}: provider ${dataset.providerId} is missing`);
  return { dataset, providerKind: provider.kind };
}

/** Checks of metadata that need the database or span several fields; every finding at once. */
export async function checkMetadata(
  store: DatasetStore<EntityManager>,
  em: EntityManager,
  m: {
    licence?: string;
    sensitivity: Sensitivity;
    visibility: Visibility;
    temporalCoverage?: { start: string; end?: string };
  },
): Promise<void> {
  const errors: Array<{ path: string; message: string }> = [];
  if (m.licence !== undefined && !(await store.licenceExists(em, m.licence))) {
    const codes = (await store.licences(em)).map((l) => l.code);
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
