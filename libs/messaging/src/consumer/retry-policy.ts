import { infrastructureFaultOf, isRetriable } from '@dx/contracts';
import { backoffMs } from '../backoff';

export interface RetrySettings {
  /** Attempts before a record's own failure is dead-lettered. */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Longest wait between retries of an infrastructure fault (retried without limit). */
  maxInfrastructureBackoffMs: number;
}

/** What to do after a record's attempt failed. */
export type NextStep =
  | { kind: 'wait-for-dependency'; fault: string; waitMs: number }
  | { kind: 'retry'; waitMs: number }
  | { kind: 'dead-letter' };

/**
 * The consumer's retry policy. The database or broker being away is not the record's fault: it
 * is waited out for as long as it lasts and never counts towards dead-lettering (`waits` counts
 * those waits in a row, for the backoff). A failure of the record's own is retried with backoff
 * up to `maxAttempts`, at once final when the error says retrying cannot help.
 */
export function nextStep(err: unknown, attempt: number, waits: number, s: RetrySettings): NextStep {
  const fault = infrastructureFaultOf(err);
  if (fault)
    return {
      kind: 'wait-for-dependency',
      fault,
      waitMs: backoffMs(waits, s.initialBackoffMs, s.maxInfrastructureBackoffMs),
    };
  if (!isRetriable(err) || attempt >= s.maxAttempts) return { kind: 'dead-letter' };
  return { kind: 'retry', waitMs: backoffMs(attempt, s.initialBackoffMs, s.maxBackoffMs) };
}
