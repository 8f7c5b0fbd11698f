import { AppError } from '@dx/contracts';
import type { DatasetStatus } from './dataset-lifecycle';

/** Who asks: the token subject and its roles. */
export interface Viewer {
  subject: string;
  roles: readonly string[];
}

interface Owned {
  id: string;
  providerId: string;
  status: DatasetStatus;
}

export const isOperator = (v: Viewer): boolean => v.roles.includes('operator');
export const isProviderOf = (d: Owned, v: Viewer): boolean =>
  v.roles.includes('participant') && v.subject === d.providerId;

/**
 * Drafts are the provider's workspace: only it and operators see them, and to everyone else they do
 * not exist (404, so ids do not leak). Every other status is visible to every authenticated caller.
 */
export function canSee(d: Owned, v: Viewer): boolean {
  return d.status !== 'draft' || isOperator(v) || isProviderOf(d, v);
}

export const datasetNotFound = (id: string): AppError =>
  new AppError('not_found', 'DATASET.NOT_FOUND', `dataset ${id} does not exist`);

/** Only the provider (or an operator) changes a dataset; 404 where existence must not leak. */
export function assertCanChange(d: Owned, v: Viewer): void {
  if (!canSee(d, v)) throw datasetNotFound(d.id);
  if (!isOperator(v) && !isProviderOf(d, v)) {
    throw new AppError(
      'forbidden',
      'DATASET.NOT_PROVIDER',
      "only the dataset's provider or an operator may change it",
    );
  }
}
