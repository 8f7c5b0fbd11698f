import { AppError } from '@dx/contracts';

export const DATASET_STATUSES = ['draft', 'published', 'deprecated', 'withdrawn'] as const;
export type DatasetStatus = (typeof DATASET_STATUSES)[number];
export type LifecycleAction = 'publish' | 'deprecate' | 'withdraw';

/**
 * `draft → published → deprecated → withdrawn`; a draft may be withdrawn (discarded) and a published
 * dataset withdrawn without deprecation (e.g. a legal order). Withdrawn is final.
 */
const TRANSITIONS: Record<DatasetStatus, Partial<Record<LifecycleAction, DatasetStatus>>> = {
  draft: { publish: 'published', withdraw: 'withdrawn' },
  published: { deprecate: 'deprecated', withdraw: 'withdrawn' },
  deprecated: { withdraw: 'withdrawn' },
  withdrawn: {},
};

const PAST: Record<LifecycleAction, string> = {
  publish: 'published',
  deprecate: 'deprecated',
  withdraw: 'withdrawn',
};

export function allowedActions(status: DatasetStatus): LifecycleAction[] {
  return Object.keys(TRANSITIONS[status]) as LifecycleAction[];
}

/** The next status, or a 409 that lists what is allowed from here. */
export function nextStatus(status: DatasetStatus, action: LifecycleAction): DatasetStatus {
  const next = TRANSITIONS[status][action];
  if (!next) {
    throw new AppError(
      'conflict',
      'DATASET.INVALID_TRANSITION',
      `a ${status} dataset cannot be ${PAST[action]}`,
      [],
      { currentStatus: status, allowedTransitions: allowedActions(status) },
    );
  }
  return next;
}

/** Statuses where consumers may depend on the dataset (agreements can exist). */
export function consumersMayDepend(status: DatasetStatus): boolean {
  return status === 'published' || status === 'deprecated';
}
