import type { Clock } from '@dx/contracts';

/**
 * Business time: the "now" of every fact a service records — when a delivery arrived, when an
 * obligation fell due, when a score was computed, when an event happened. It is the system clock,
 * except on a stack started for a demonstration (`DEMO_CLOCK=true`), where an operator may set it
 * so that the Almaty demo plays 27 months in minutes (ADR 2026-11-27-demo-clock).
 *
 * One instance per app, created by the platform module and injected as {@link CLOCK} wherever time
 * is read, so a test can give a handler its own clock and two apps in one process do not share one.
 * Security time — token lifetimes, signing-key rotation, rate limits, idempotency windows — stays on
 * the system clock whatever this one says, so moving business time never extends a credential.
 */
export class BusinessClock implements Clock {
  private offsetMs = 0;

  /** `settable` only with DEMO_CLOCK (the platform module refuses it in production). */
  constructor(readonly settable = false) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** How far business time is from the system clock (ms; 0 unless set). */
  get offset(): number {
    return this.offsetMs;
  }

  /** Business time becomes `at` and runs on from there at the system clock's pace. */
  set(at: Date): void {
    if (!this.settable) throw new Error('business time can be set only with DEMO_CLOCK=true');
    this.offsetMs = at.getTime() - Date.now();
  }

  /** Back to the system clock. */
  reset(): void {
    this.offsetMs = 0;
  }
}

/** Injection token of the app's {@link BusinessClock} (typed as {@link Clock} where only read). */
export const CLOCK = Symbol('CLOCK');

/** Re-exported so an app imports the token and its type from one place. */
export type { Clock } from '@dx/contracts';
