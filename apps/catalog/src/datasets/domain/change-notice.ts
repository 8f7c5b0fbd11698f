import { AppError } from '@dx/contracts';
import type { Compatibility } from './schema-diff';

export interface AnnouncementInput {
  compatibility: Compatibility;
  /** When the provider says the version takes effect; absent means now. */
  requestedEffectiveAt?: Date;
  /** The latest existing version's effective time: versions take effect in order. */
  previousEffectiveAt: Date;
  now: Date;
  noticePeriodMs: number;
  /** Whether anyone can depend on the dataset yet (published or deprecated). */
  consumersMayDepend: boolean;
}

export interface Announcement {
  announcedAt: Date;
  effectiveAt: Date;
  /** Notice given, in whole seconds (effectiveAt − announcedAt). */
  noticeSeconds: number;
  /** A breaking change with less notice than the period, on a dataset others may depend on. */
  unannounced: boolean;
}

/** Allowance for clock skew between the partner and us when it means "now". */
const PAST_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * A breaking version needs `effectiveAt` at least the notice period ahead. With less, it is still
 * accepted (the provider may have to ship it) but flagged `unannounced`, which the consent service
 * turns into a communication breach for every active agreement on the dataset.
 */
export function announce(input: AnnouncementInput): Announcement {
  const { now } = input;
  const effectiveAt = input.requestedEffectiveAt ?? now;
  if (effectiveAt.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    throw new AppError('invalid', 'SCHEMA.EFFECTIVE_IN_PAST', 'effectiveAt lies in the past', [
      { path: 'effectiveAt', message: 'must not be in the past' },
    ]);
  }
  if (effectiveAt.getTime() < input.previousEffectiveAt.getTime()) {
    throw new AppError(
      'unprocessable',
      'SCHEMA.EFFECTIVE_BEFORE_PREVIOUS',
      'versions take effect in order',
      [
        {
          path: 'effectiveAt',
          message: `must not be before the previous version's ${input.previousEffectiveAt.toISOString()}`,
        },
      ],
    );
  }
  const noticeMs = Math.max(0, effectiveAt.getTime() - now.getTime());
  return {
    announcedAt: now,
    effectiveAt: effectiveAt.getTime() < now.getTime() ? now : effectiveAt,
    noticeSeconds: Math.floor(noticeMs / 1000),
    unannounced:
      input.compatibility === 'breaking' &&
      input.consumersMayDepend &&
      noticeMs < input.noticePeriodMs,
  };
}
