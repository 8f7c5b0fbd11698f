/**
 * Business time: the "now" of every fact a service records — when a delivery arrived, when an
 * obligation fell due, when a score was computed, when an event happened. It is the system clock,
 * except on a stack started for a demonstration (`DEMO_CLOCK=true`), where an operator may set it
 * so that the Almaty demo plays 27 months in minutes (ADR 2026-11-27-demo-clock).
 *
 * Security time — token lifetimes, signing-key rotation, rate limits, idempotency windows — stays on
 * the system clock whatever this one says, so moving business time never extends a credential.
 */
export interface Clock {
  now(): Date;
}

class PlatformClock implements Clock {
  private offsetMs = 0;
  private settable = false;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Called once at boot when the service runs with DEMO_CLOCK; without it {@link set} refuses. */
  allowSetting(): void {
    this.settable = true;
  }

  get isSettable(): boolean {
    return this.settable;
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

/** The one clock of this process (module state on purpose: every layer reads the same time). */
export const platformClock = new PlatformClock();
